/*
 * b_counter.c - bench `counter`: the seed's four patterns on one job, N
 * threads incrementing one shared count for a fixed time.
 *   single     one thread, a plain long: the work with no sharing at all
 *   mutex      good/counter.c: every increment takes a mutex
 *   lock-free  one atomic fetch-add per increment
 *   actor      one owner thread holds the count; the others mail it
 *              "increment" messages through good/queue.c (capacity 1024)
 *   sharded    one cache line per thread, summed on read
 * Each run checks the count against the increments the threads made.
 */
#include "bench.h"
#include "counter.h"
#include "queue.h"

#include <stdlib.h>

#define LINE 64

struct cthread {
	struct bench_team *team;
	void *shared; /* the counter, the queue, or the shard array */
	int id;
	long n; /* increments this thread made (or mailed) */
	_Alignas(LINE) char pad[LINE];
};

typedef void *(*cworker)(void *);

/* Run fn on n threads; the increments they made, and the seconds. */
static double team(const struct bench_cfg *cfg, int n, cworker fn, void *shared,
		   long *total, char *why)
{
	struct bench_team t;
	struct cthread th[64];
	double secs;

	for (int i = 0; i < n && i < 64; i++)
		th[i] = (struct cthread){.team = &t, .shared = shared, .id = i};
	secs = bench_team_run(&t, n, fn, th, sizeof(*th), cfg->seconds, why);
	*total = 0;
	for (int i = 0; i < n && i < 64; i++)
		*total += th[i].n;
	return secs;
}

static int verdict(long want, long got, double secs, double *value, char *why)
{
	if (secs < 0)
		return -1;
	if (got != want)
		return bench_why(why, BENCH_BROKEN,
				 "%ld increments made, the count says %ld",
				 want, got);
	*value = (double)got / secs;
	return 0;
}

/* ---------------------------------------------------------- single */
static void *single_worker(void *arg)
{
	struct cthread *t = arg;
	volatile long *count = t->shared; /* volatile: one store per loop */

	bench_team_go(t->team);
	while (!bench_stopped(t->team))
		(*count)++, t->n++;
	return NULL;
}

static int single_run(const struct bench_cfg *cfg, const void *arg,
		      double *value, char *why)
{
	long count = 0, total;
	double secs = team(cfg, 1, single_worker, &count, &total, why);

	(void)arg;
	return verdict(total, count, secs, value, why);
}

/* ----------------------------------------------------------- mutex */
static void *mutex_worker(void *arg)
{
	struct cthread *t = arg;

	bench_team_go(t->team);
	while (!bench_stopped(t->team))
		counter_increment(t->shared), t->n++;
	return NULL;
}

static int mutex_run(const struct bench_cfg *cfg, const void *arg,
		     double *value, char *why)
{
	struct counter *c = counter_create();
	long total, got;
	double secs;

	(void)arg;
	if (c == NULL)
		return bench_why(why, -1, "counter_create failed");
	secs = team(cfg, cfg->threads, mutex_worker, c, &total, why);
	got = counter_get(c);
	counter_destroy(c);
	return verdict(total, got, secs, value, why);
}

/* ------------------------------------------------------- lock-free */
static void *atomic_worker(void *arg)
{
	struct cthread *t = arg;
	atomic_long *count = t->shared;

	bench_team_go(t->team);
	while (!bench_stopped(t->team)) {
		/* relaxed: only the total matters; the joins order it */
		atomic_fetch_add_explicit(count, 1, memory_order_relaxed);
		t->n++;
	}
	return NULL;
}

static int atomic_run(const struct bench_cfg *cfg, const void *arg,
		      double *value, char *why)
{
	atomic_long count = 0;
	long total;
	double secs =
	    team(cfg, cfg->threads, atomic_worker, &count, &total, why);

	(void)arg;
	return verdict(total, atomic_load(&count), secs, value, why);
}

/* ---------------------------------------------------------- sharded */
struct shard {
	_Alignas(LINE) atomic_long n; /* written by its thread alone */
};

static void *shard_worker(void *arg)
{
	struct cthread *t = arg;
	struct shard *s = (struct shard *)t->shared + t->id;

	bench_team_go(t->team);
	while (!bench_stopped(t->team)) {
		/* relaxed load + store, not an RMW: this thread is the only
		 * writer; a reader summing the shards needs no order */
		long v = atomic_load_explicit(&s->n, memory_order_relaxed);

		atomic_store_explicit(&s->n, v + 1, memory_order_relaxed);
		t->n++;
	}
	return NULL;
}

static int shard_run(const struct bench_cfg *cfg, const void *arg,
		     double *value, char *why)
{
	struct shard s[64] = {0};
	long total, sum = 0;
	double secs = team(cfg, cfg->threads, shard_worker, s, &total, why);

	(void)arg;
	for (int i = 0; i < cfg->threads && i < 64; i++)
		sum += atomic_load(&s[i].n);
	return verdict(total, sum, secs, value, why);
}

/* ------------------------------------------------------------ actor */
struct actor {
	struct bq *mailbox;
	long count; /* the owner's alone */
	atomic_int senders_left;
};

static void *actor_sender(void *arg)
{
	struct cthread *t = arg;
	struct actor *a = t->shared;

	bench_team_go(t->team);
	while (!bench_stopped(t->team) && bq_put_blocking(a->mailbox, 1) == 0)
		t->n++;
	/* acq_rel: the last sender closes after every other sender's puts */
	if (atomic_fetch_sub_explicit(&a->senders_left, 1,
				      memory_order_acq_rel) == 1)
		bq_close(a->mailbox);
	return NULL;
}

static void *actor_owner(void *arg)
{
	struct actor *a = arg;
	long msg;

	while (bq_get_blocking(a->mailbox, &msg) == 0)
		a->count += msg;
	return NULL;
}

static int actor_run(const struct bench_cfg *cfg, const void *arg,
		     double *value, char *why)
{
	struct actor a = {.mailbox = bq_create(1024)};
	pthread_t owner;
	long total;
	double secs;

	(void)arg;
	if (a.mailbox == NULL ||
	    pthread_create(&owner, NULL, actor_owner, &a) != 0)
		return bench_why(why, -1, "cannot start the owner thread");
	atomic_init(&a.senders_left, cfg->threads);
	secs = team(cfg, cfg->threads, actor_sender, &a, &total, why);
	pthread_join(owner, NULL); /* the owner drains the mailbox first */
	bq_destroy(a.mailbox);
	return verdict(total, a.count, secs, value, why);
}

static const struct bench_impl impls[] = {
    {"single", NULL, true, single_run, NULL},
    {"mutex", NULL, true, mutex_run, NULL},
    {"lock-free", NULL, true, atomic_run, NULL},
    {"actor", NULL, true, actor_run, NULL},
    {"sharded", NULL, true, shard_run, NULL},
};

const struct bench bench_counter = {
    "counter", "N threads increment one count (the seed's four patterns)",
    "incr/s",  true,
    true,      4,
    false,     impls,
    5};
