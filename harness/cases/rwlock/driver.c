/*
 * driver.c (rwlock) - writers and readers share a two-field record {a, b}
 * that writers change under the write lock (a == b == writes so far).
 * THREADS = W writers + R readers, W = 1 + (THREADS - 1) / 4, so the load is
 * read-heavy; each reader takes the read lock ITERS times, each writer the
 * write lock max(1, ITERS / 8) times.
 *
 * Invariants checked here, by counting (never by timing):
 *   - no reader and no writer ever sees a != b (a torn record);
 *   - the final record equals the number of writes (writers were exclusive);
 *   - writer preference: a reader that saw rwl_waiting_writers() > 0 before
 *     asking for the read lock must find the record changed once it is in
 *     (the waiting writer went first). A reader that gets in and finds the
 *     record it read last time has overtaken a waiting writer. The worst
 *     writer wait is the largest number of overtakes of one record version;
 *     the bound for a writer-preferring lock is 0.
 *
 * Result line: "rwlock: torn 0/4000 reads, writes 500/500, worst writer
 * wait 0 overtakes (bound 0)".
 */
#include "driver.h"
#include "rwlock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct record {
	long a,
	    b; /* guarded by the rwlock: written only under the write lock */
};

struct worker {
	struct rwl *l;
	struct record *rec;
	bool writer;
	long iters;
	long nversions;	       /* record versions: total writes + 1 */
	long *overtakes;       /* reader: overtakes per record version */
	long torn;	       /* records seen with a != b */
	long long max_wait_ns; /* writer, -v only: longest rwl_wrlock */
	bool verbose;
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void writer(struct worker *w)
{
	for (long i = 0; i < w->iters; i++) {
		long long t0 = w->verbose ? now_ns() : 0;
		long a;

		drv_check(rwl_wrlock(w->l), "rwl_wrlock");
		if (w->verbose && now_ns() - t0 > w->max_wait_ns)
			w->max_wait_ns = now_ns() - t0;
		a = w->rec->a;
		if (w->rec->b != a)
			w->torn++;
		w->rec->a = a + 1;
		w->rec->b = a + 1;
		drv_check(rwl_wrunlock(w->l), "rwl_wrunlock");
	}
}

static void reader(struct worker *w)
{
	long prev = -1;

	for (long i = 0; i < w->iters; i++) {
		int waiting = rwl_waiting_writers(w->l);
		long a, b;

		drv_check(rwl_rdlock(w->l), "rwl_rdlock");
		a = w->rec->a;
		b = w->rec->b;
		drv_check(rwl_rdunlock(w->l), "rwl_rdunlock");
		if (a != b)
			w->torn++;
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

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 4, .iters = 10000};
	struct record rec = {0, 0};
	long reads = 0, writes = 0, torn = 0, worst = 0, total_ovt = 0;
	long long max_wait = 0;
	int nwriters;
	struct worker *w;
	struct rwl *l;

	drv_parse("rwlock", argc, argv, &o);
	if (o.threads < 2)
		drv_die(DRV_EXIT_USAGE,
			"-t %d: needs at least 2 threads (a "
			"writer and a reader)",
			o.threads);
	nwriters = 1 + (o.threads - 1) / 4;
	for (int i = 0; i < o.threads; i++)
		writes +=
		    i < nwriters ? (o.iters / 8 > 0 ? o.iters / 8 : 1) : 0;
	l = rwl_create();
	w = calloc((size_t)o.threads, sizeof(*w));
	if (l == NULL || w == NULL)
		drv_die(1, "rwl_create: %s", strerror(errno));
	for (int i = 0; i < o.threads; i++) {
		w[i] = (struct worker){.l = l,
				       .rec = &rec,
				       .nversions = writes + 1,
				       .writer = i < nwriters,
				       .verbose = o.verbose};
		w[i].iters = w[i].writer ? writes / nwriters : o.iters;
		if (!w[i].writer) {
			w[i].overtakes =
			    calloc((size_t)writes + 1, sizeof(long));
			if (w[i].overtakes == NULL)
				drv_die(1, "out of memory");
		}
	}

	drv_run(o.threads, work, w, sizeof(*w));

	for (long v = 0; v <= writes; v++) {
		long n = 0;

		for (int i = nwriters; i < o.threads; i++)
			n += w[i].overtakes[v];
		total_ovt += n;
		if (n > worst)
			worst = n;
	}
	for (int i = 0; i < o.threads; i++) {
		torn += w[i].torn;
		reads += w[i].iters; /* writers look at the record too */
		if (w[i].max_wait_ns > max_wait)
			max_wait = w[i].max_wait_ns;
		free(w[i].overtakes);
	}
	if (o.verbose)
		fprintf(stderr,
			"rwlock: %d writers, %d readers, %ld overtakes in all, "
			"longest rwl_wrlock %.1f us\n",
			nwriters, o.threads - nwriters, total_ovt,
			(double)max_wait / 1000);
	printf("rwlock: torn %ld/%ld reads, writes %ld/%ld, worst writer wait "
	       "%ld overtakes (bound 0)\n",
	       torn, reads, rec.a, writes, worst);
	rwl_destroy(l);
	free(w);
	return drv_result(torn == 0 && rec.a == writes && rec.b == writes &&
			  worst == 0);
}
