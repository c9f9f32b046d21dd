/*
 * b_rwlock.c - benches `rwlock-95r` and `rwlock-writer-wait`:
 * good/rwlock.c (writer-preferring, no writer starves) against glibc's
 * pthread_rwlock in its default (reader-preferring) and writer-preferring
 * modes, and Concurrency Kit's ck_rwlock (spinning).
 *   rwlock-95r          2 threads, each call a read (95 %) or a write
 *   rwlock-writer-wait  3 readers each hold the lock for 2 us, again and
 *                       again, so their holds overlap; one writer asks for
 *                       it every ~50 us: its longest wait
 * Readers check that they never see a write half done; the writes are
 * counted.
 */
#include "bench.h"
#include "rwlock.h"

#include <stdlib.h>

#if BENCH_HAVE_CK
#include <ck_rwlock.h>
#endif

struct lock_ops {
	void *(*create)(void);
	void (*rd)(void *), (*rdun)(void *), (*wr)(void *), (*wrun)(void *);
	void (*destroy)(void *);
};

/* ------------------------------------------------- good/rwlock.c */
static void die_if(int rc)
{
	if (rc != 0)
		abort(); /* the child dies: a FAILED row, with the signal */
}
static void *rwl_new(void)
{
	return rwl_create();
}
static void rwl_rd(void *l)
{
	die_if(rwl_rdlock(l));
}
static void rwl_rdun(void *l)
{
	die_if(rwl_rdunlock(l));
}
static void rwl_wr(void *l)
{
	die_if(rwl_wrlock(l));
}
static void rwl_wrun(void *l)
{
	die_if(rwl_wrunlock(l));
}
static void rwl_free(void *l)
{
	rwl_destroy(l);
}
static const struct lock_ops racelab_ops = {rwl_new, rwl_rd,   rwl_rdun,
					    rwl_wr,  rwl_wrun, rwl_free};

/* ------------------------------------------------ pthread_rwlock */
static void *prw_make(int kind)
{
	pthread_rwlock_t *l = malloc(sizeof(*l));
	pthread_rwlockattr_t a;

	if (l == NULL || pthread_rwlockattr_init(&a) != 0)
		return NULL;
	pthread_rwlockattr_setkind_np(&a, kind);
	die_if(pthread_rwlock_init(l, &a));
	pthread_rwlockattr_destroy(&a);
	return l;
}
static void *prw_new(void)
{
	return prw_make(PTHREAD_RWLOCK_DEFAULT_NP);
}
static void *prw_new_wp(void)
{
	return prw_make(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
}
static void prw_rd(void *l)
{
	die_if(pthread_rwlock_rdlock(l));
}
static void prw_un(void *l)
{
	die_if(pthread_rwlock_unlock(l));
}
static void prw_wr(void *l)
{
	die_if(pthread_rwlock_wrlock(l));
}
static void prw_free(void *l)
{
	pthread_rwlock_destroy(l);
	free(l);
}
static const struct lock_ops prw_ops = {prw_new, prw_rd, prw_un,
					prw_wr,	 prw_un, prw_free};
static const struct lock_ops prw_wp_ops = {prw_new_wp, prw_rd, prw_un,
					   prw_wr,     prw_un, prw_free};

/* ------------------------------------------------------ ck_rwlock */
#if BENCH_HAVE_CK
static void *ck_new(void)
{
	ck_rwlock_t *l = malloc(sizeof(*l));

	if (l != NULL)
		ck_rwlock_init(l);
	return l;
}
static void ck_rd(void *l)
{
	ck_rwlock_read_lock(l);
}
static void ck_rdun(void *l)
{
	ck_rwlock_read_unlock(l);
}
static void ck_wr(void *l)
{
	ck_rwlock_write_lock(l);
}
static void ck_wrun(void *l)
{
	ck_rwlock_write_unlock(l);
}
static const struct lock_ops ck_ops = {ck_new, ck_rd,	ck_rdun,
				       ck_wr,  ck_wrun, free};
#else
static const struct lock_ops ck_ops;
#endif

/* ------------------------------------------------------ the work */
#define SLOTS 4

struct shared {
	const struct lock_ops *ops;
	void *lock;
	long slot[SLOTS]; /* guarded by lock: a write sets them all */
};

struct rthread {
	struct bench_team *team;
	struct shared *s;
	unsigned rng;
	int writer;	 /* writer-wait: this thread is the writer */
	long n, writes;	 /* calls made, writes among them */
	bool torn;	 /* a read saw a write half done */
	double max_wait; /* writer-wait: seconds */
	_Alignas(64) char pad[64];
};

/* Read the record under the read lock, checking it again and again for
 * hold seconds (0: once). */
static void do_read(struct rthread *t, double hold)
{
	struct shared *s = t->s;
	double t0 = hold > 0 ? bench_now() : 0;

	s->ops->rd(s->lock);
	do
		for (int i = 1; i < SLOTS; i++)
			t->torn |= s->slot[i] != s->slot[0];
	while (hold > 0 && bench_now() - t0 < hold);
	s->ops->rdun(s->lock);
}

static void do_write(struct rthread *t)
{
	struct shared *s = t->s;

	s->ops->wr(s->lock);
	for (int i = 0; i < SLOTS; i++)
		s->slot[i]++;
	s->ops->wrun(s->lock);
	t->writes++;
}

static void *mix_worker(void *arg)
{
	struct rthread *t = arg;

	bench_team_go(t->team);
	for (; !bench_stopped(t->team); t->n++) {
		t->rng ^= t->rng << 13, t->rng ^= t->rng >> 17;
		t->rng ^= t->rng << 5;
		if (t->rng % 100 < 5)
			do_write(t);
		else
			do_read(t, 0);
	}
	return NULL;
}

static void *wait_worker(void *arg)
{
	struct rthread *t = arg;

	bench_team_go(t->team);
	for (; !bench_stopped(t->team); t->n++) {
		double t0 = bench_now(), w;

		if (!t->writer) {
			/* held 2 us: the readers' holds overlap, so a lock that
			 * lets readers in past a waiting writer never drains */
			do_read(t, 2e-6);
			continue;
		}
		do_write(t);
		if ((w = bench_now() - t0) > t->max_wait)
			t->max_wait = w;
		while (bench_now() - t0 < 50e-6 && !bench_stopped(t->team))
			; /* the gap between two write requests */
	}
	return NULL;
}

struct rw_arg {
	const struct lock_ops *ops;
	bool wait; /* rwlock-writer-wait, else rwlock-95r */
};

static int rw_verdict(struct rthread *th, int n, struct shared *s, char *why)
{
	long writes = 0;

	for (int i = 0; i < n; i++) {
		if (th[i].torn)
			return bench_why(why, BENCH_BROKEN,
					 "a reader saw a write half done");
		writes += th[i].writes;
	}
	for (int i = 0; i < SLOTS; i++)
		if (s->slot[i] != writes)
			return bench_why(why, BENCH_BROKEN,
					 "%ld writes, slot %d says %ld", writes,
					 i, s->slot[i]);
	return 0;
}

static int rw_run(const struct bench_cfg *cfg, const void *arg, double *value,
		  char *why)
{
	const struct rw_arg *a = arg;
	struct shared s = {.ops = a->ops, .lock = a->ops->create()};
	struct bench_team team;
	struct rthread th[64];
	int n = cfg->threads < 64 ? cfg->threads : 64, rc;
	double secs, max = 0;
	long calls = 0;

	if (s.lock == NULL)
		return bench_why(why, -1, "cannot create the lock");
	for (int i = 0; i < n; i++)
		th[i] = (struct rthread){.team = &team,
					 .s = &s,
					 .rng = 2463534242u + 977u * i,
					 .writer = a->wait && i == 0};
	secs = bench_team_run(&team, n, a->wait ? wait_worker : mix_worker, th,
			      sizeof(*th), cfg->seconds, why);
	if (secs < 0)
		return -1;
	if ((rc = rw_verdict(th, n, &s, why)) != 0)
		return rc;
	s.ops->destroy(s.lock);
	for (int i = 0; i < n; i++)
		calls += th[i].n,
		    max = th[i].max_wait > max ? th[i].max_wait : max;
	*value = a->wait ? max * 1e6 : (double)calls / secs;
	return 0;
}

#define RW_ROWS(wait)                                                          \
	{                                                                      \
		{"racelab", NULL, true, rw_run,                                \
		 &(struct rw_arg){&racelab_ops, wait}},                        \
		    {"pthread_rwlock", NULL, true, rw_run,                     \
		     &(struct rw_arg){&prw_ops, wait}},                        \
		    {"pthread_rwlock-wp", NULL, true, rw_run,                  \
		     &(struct rw_arg){&prw_wp_ops, wait}},                     \
		{                                                              \
			"ck_rwlock", "libck-dev", BENCH_HAVE_CK, rw_run,       \
			    &(struct rw_arg)                                   \
			{                                                      \
				&ck_ops, wait                                  \
			}                                                      \
		}                                                              \
	}

static const struct bench_impl mix[] = RW_ROWS(false);
static const struct bench_impl waits[] = RW_ROWS(true);

const struct bench bench_rwlock_95r = {"rwlock-95r",
				       "2 threads, 95 % reads, 5 % writes",
				       "calls/s",
				       true,
				       false,
				       2,
				       true,
				       mix,
				       4};
const struct bench bench_rwlock_writer_wait = {
    "rwlock-writer-wait",
    "3 readers holding 2 us each, 1 writer every 50 us: its longest wait",
    "us",
    false,
    false,
    4,
    true,
    waits,
    4};
