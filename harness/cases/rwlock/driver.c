/*
 * driver.c (rwlock) - writers and readers share a two-field record {a, b}
 * that writers change under the write lock (a == b == writes so far).
 * THREADS = W writers + R readers, W = 1 + (THREADS - 1) / 4. Writers take
 * the write lock max(1, ITERS / 8) times each, spread through the reads;
 * readers take the read lock at least ITERS times each and go on until the
 * last write is done: a read-heavy load throughout.
 *
 * Invariants checked here, by counting (never by timing):
 *   - no reader or writer sees a != b (a torn record), and the record never
 *     changes while a reader holds the read lock (both are a torn read:
 *     the run stops at the first, exit 3);
 *   - the final record equals the number of writes (writers were exclusive);
 *   - the lock never refuses a read unlock we are entitled to (EPERM means
 *     its reader count no longer matches the readers inside);
 *   - writer preference: a reader that saw rwl_waiting_writers() > 0 before
 *     asking for the read lock must find the record changed once it is in
 *     (the waiting writer went first). One that finds the record it read
 *     last time has overtaken a waiting writer. The worst writer wait is the
 *     largest number of overtakes of one record version; the bound for a
 *     writer-preferring lock is 0.
 *
 * Result line: "rwlock: 0 torn reads, writes 125/125, worst writer wait 0
 * overtakes (bound 0)" (-v adds counts and the longest wait in time).
 */
#include "driver.h"
#include "rwlock.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Guarded by the rwlock: written only under the write lock. */
struct record {
	long a, b;
};

/*
 * The load's shape: write j waits until j * every reads are done (polling,
 * with work of its own and a yield in between: a condvar wakeup would make
 * the writer arrive just after a read, every time), and readers go on
 * reading until writes_left is 0. Only the shape depends on timing; the
 * verdict is a count.
 */
struct pace {
	pthread_mutex_t lock; /* protects every field below */
	long reads_done, writes_left;
	long every; /* reads per write */
};

static struct pace pace = {.lock = PTHREAD_MUTEX_INITIALIZER, .every = 1};

struct worker {
	struct rwl *l;
	struct record *rec;
	bool writer;
	long iters;
	long nversions;	       /* record versions: total writes + 1 */
	long *overtakes;       /* reader: overtakes per record version */
	long reads;	       /* reader: reads done (at least iters) */
	long refused;	       /* rwl_rdunlock said EPERM: a reader was lost */
	long long max_wait_ns; /* writer, -v only: longest rwl_wrlock */
	bool verbose;
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A critical section that takes a little time, as real ones do: ~0.3 us
 * natively, and no memory accesses (no extra schedule points under sched). */
static void hold(void)
{
	for (int k = 0; k < 1000; k++)
		__asm__ __volatile__(""); /* keeps the loop; orders nothing */
}

/*
 * A torn record breaks the invariant for good: the run stops at the first
 * one, so that a trace of it (sched) ends where it happened, not hundreds
 * of steps of later reads after.
 */
static void torn_stop(const char *who, bool changed)
{
	printf("rwlock: torn read: %s saw %s (a writer was inside beside it); "
	       "stopped at the first torn read\n",
	       who,
	       changed ? "the record change under its read lock" : "a != b");
	exit(drv_result(false));
}

/* A reader finished one more read (or none yet): go on reading? */
static bool pace_read_more(bool read_one, bool quota_done)
{
	bool more;

	drv_check(pthread_mutex_lock(&pace.lock), "pace lock");
	pace.reads_done += read_one;
	more = !quota_done || pace.writes_left > 0;
	drv_check(pthread_mutex_unlock(&pace.lock), "pace unlock");
	return more;
}

/* Has write j its share of reads behind it? Also counts a finished write. */
static bool pace_write_may(long j, bool wrote)
{
	bool may;

	drv_check(pthread_mutex_lock(&pace.lock), "pace lock");
	pace.writes_left -= wrote;
	may = pace.reads_done >= j * pace.every;
	drv_check(pthread_mutex_unlock(&pace.lock), "pace unlock");
	return may;
}

/*
 * Meet a reader: after each write, try the write lock until it is refused
 * (while a reader is inside, with one writer). However the threads are
 * scheduled, each write is followed by a look at the reader count while a
 * reader is in its read section, so a detector always sees the two meet.
 * The probe takes nothing from the readers but the rwlock itself: it adds
 * no ordering that could hide a race. (It comes after the write, not before:
 * a write that began just after a refusal would always find the reader
 * already counted, and never fall into bad/'s window.) A probe that got in
 * backs off before the next try, or its brief holds would keep a waking
 * reader out (a livelock). Readers yield inside their read section, so that
 * where only one thread runs at a time (one core, Valgrind) the probe gets
 * to run while one is there.
 */
static void writer_probe(struct rwl *l)
{
	int rc;

	while ((rc = rwl_trywrlock(l)) == 0) {
		drv_check(rwl_wrunlock(l), "rwl_wrunlock");
		sched_yield(); /* got in: let a reader in before trying again */
		for (int k = 0; k < 16; k++)
			hold();
	}
	if (rc != EBUSY)
		drv_check(rc, "rwl_trywrlock");
}

/* noinline: a sched trace names the function a step is in */
static __attribute__((noinline)) void writer(struct worker *w)
{
	for (long i = 0; i < w->iters; i++) {
		long long t0;
		long a;

		while (!pace_write_may(i, false)) {
			for (int k = 0; k < 16; k++)
				hold(); /* the writer's own work */
			sched_yield();	/* the reads we wait for need a CPU */
		}
		t0 = w->verbose ? now_ns() : 0;
		drv_check(rwl_wrlock(w->l), "rwl_wrlock");
		if (w->verbose && now_ns() - t0 > w->max_wait_ns)
			w->max_wait_ns = now_ns() - t0;
		a = w->rec->a;
		if (w->rec->b != a)
			torn_stop("a writer", false);
		w->rec->a = a + 1;
		hold();
		w->rec->b = a + 1;
		drv_check(rwl_wrunlock(w->l), "rwl_wrunlock");
		writer_probe(
		    w->l); /* before writes_left drops: readers remain */
		pace_write_may(0, true);
	}
}

static __attribute__((noinline)) void reader(struct worker *w)
{
	long prev = -1;

	for (long i = 0; pace_read_more(i > 0, i >= w->iters); i++) {
		int rc, waiting = rwl_waiting_writers(w->l);
		bool changed;
		long a, b;

		w->reads++;
		drv_check(rwl_rdlock(w->l), "rwl_rdlock");
		a = w->rec->a;
		b = w->rec->b;
		hold();
		sched_yield(); /* where only one thread runs at a time (one
				* core, Valgrind), let a writer run while we
				* are inside, as a read that blocks would */
		changed = w->rec->a != a || w->rec->b != b;
		rc = rwl_rdunlock(w->l);
		if (rc == EPERM)
			w->refused++; /* we hold it, but the lock says no */
		else
			drv_check(rc, "rwl_rdunlock");
		if (a != b || changed)
			torn_stop("a reader", a == b);
		else if (waiting > 0 && a == prev && a >= 0 && a < w->nversions)
			w->overtakes[a]++; /* a writer waited; we went first */
		prev = a;
	}
}

static void *work(void *p)
{
	struct worker *w = p;

	if (w->writer)
		writer(w);
	else
		reader(w);
	return NULL;
}

/* The largest number of readers that overtook one waiting writer. */
static long worst_wait(const struct worker *w, int n, long nversions,
		       long *total)
{
	long worst = 0;

	*total = 0;
	for (long v = 0; v < nversions; v++) {
		long k = 0;

		for (int i = 0; i < n; i++)
			k += w[i].writer ? 0 : w[i].overtakes[v];
		*total += k;
		if (k > worst)
			worst = k;
	}
	return worst;
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 4, .iters = 10000};
	struct record rec = {0, 0};
	long reads = 0, writes, refused = 0, worst, total_ovt;
	long long max_wait = 0;
	int nwriters;
	struct worker *w;
	struct rwl *l;

	drv_parse("rwlock", argc, argv, &o);
	if (o.threads < 2)
		drv_die(DRV_EXIT_USAGE,
			"-t %d: needs at least 2 threads (a writer and a "
			"reader)",
			o.threads);
	nwriters = 1 + (o.threads - 1) / 4;
	writes = nwriters * (o.iters / 8 > 0 ? o.iters / 8 : 1);
	l = rwl_create();
	w = calloc((size_t)o.threads, sizeof(*w));
	if (l == NULL || w == NULL)
		drv_die(1, "rwl_create: %s", strerror(errno));
	for (int i = 0; i < o.threads; i++) {
		w[i] = (struct worker){.l = l,
				       .rec = &rec,
				       .writer = i < nwriters,
				       .nversions = writes + 1,
				       .verbose = o.verbose};
		w[i].iters = w[i].writer ? writes / nwriters : o.iters;
		if (!w[i].writer) {
			w[i].overtakes =
			    calloc((size_t)writes + 1, sizeof(long));
			if (w[i].overtakes == NULL)
				drv_die(1, "out of memory");
		}
	}
	pace.writes_left = writes;
	pace.every = (o.threads - nwriters) * o.iters / writes;

	drv_run(o.threads, work, w, sizeof(*w));

	worst = worst_wait(w, o.threads, writes + 1, &total_ovt);
	for (int i = 0; i < o.threads; i++) {
		refused += w[i].refused;
		reads += w[i].writer ? w[i].iters : w[i].reads;
		if (w[i].max_wait_ns > max_wait)
			max_wait = w[i].max_wait_ns;
		free(w[i].overtakes);
	}
	if (o.verbose)
		fprintf(stderr,
			"rwlock: %d writers, %d readers, %ld looks at the "
			"record, %ld overtakes in all, longest rwl_wrlock %.1f "
			"us\n",
			nwriters, o.threads - nwriters, reads, total_ovt,
			(double)max_wait / 1000);
	/* 0 torn reads: a torn read has stopped the run (torn_stop) */
	printf("rwlock: 0 torn reads, writes %ld/%ld, worst writer wait %ld "
	       "overtakes (bound 0)%s\n",
	       rec.a, writes, worst,
	       refused > 0 ? ", read unlocks refused (EPERM)" : "");
	rwl_destroy(l);
	free(w);
	return drv_result(refused == 0 && rec.a == writes && rec.b == writes &&
			  worst == 0);
}
