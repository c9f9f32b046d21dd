/*
 * driver.c (pool) - a pool of THREADS workers; main submits ITERS tasks,
 * shuts the pool down at once, then submits one more.
 *
 * Each task counts its own runs in its own slot and fails (returns EIO)
 * when its id % 7 == 3. Invariants checked here, after pool_shutdown:
 *   - every accepted task ran exactly once (none lost, none run twice);
 *   - pool_shutdown reported every failure: the count, and EIO as the error;
 *   - a submit after shutdown is refused with ESHUTDOWN, and never runs.
 *
 * -m idle instead measures what idle workers cost: the process's CPU time
 * over 200 ms with nothing queued (bound: 10% of the window). It is timing,
 * so it is a demonstration for people, not part of the expect file.
 *
 * -r N repeats it all N times, each round with a fresh pool; the result
 * line is the last round's (or the first that broke an invariant).
 *
 * Result line: "pool: 1000 accepted, 1000 ran once, 0 lost, 0 twice;
 * failures 143/143 reported; submit after shutdown: refused".
 */
#include "driver.h"
#include "pool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct job {
	long id;
	int runs; /* written only by the task itself */
};

static int job_run(void *arg)
{
	struct job *j = arg;

	j->runs++;
	return j->id % 7 == 3 ? EIO : 0;
}

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int idle_mode(const struct drv_opts *o)
{
	struct timespec window = {0, 200 * 1000000L};
	struct pool *p = pool_create(o->threads);
	double used;

	if (p == NULL)
		drv_die(1, "pool_create: %s", strerror(errno));
	used = cpu_seconds();
	nanosleep(&window, NULL);
	used = cpu_seconds() - used;
	pool_shutdown(p, NULL);
	pool_destroy(p);
	printf("pool: %d idle workers used %.1f ms of CPU in 200 ms (bound "
	       "20 ms)\n",
	       o->threads, used * 1000);
	return drv_result(used < 0.020);
}

/* What one round (create, submit, shut down, submit late) saw. */
struct round {
	long accepted, once, lost, twice, failed, want_failed;
	int rc, late_rc, late_runs;
};

static void one_round(const struct drv_opts *o, struct job *jobs,
		      struct round *r)
{
	struct job late = {.id = 3};
	struct pool *p = pool_create(o->threads);
	int rc;

	if (p == NULL)
		drv_die(1, "pool_create: %s", strerror(errno));
	memset(jobs, 0, (size_t)o->iters * sizeof(*jobs));
	for (long i = 0; i < o->iters; i++) {
		jobs[i].id = i;
		rc = pool_submit(p, job_run, &jobs[i]);
		if (rc != 0)
			drv_die(1, "pool_submit before shutdown: %s",
				strerror(rc));
		r->accepted++;
		r->want_failed += i % 7 == 3;
	}
	r->failed = -1;
	r->rc = pool_shutdown(p, &r->failed);
	r->late_rc = pool_submit(p, job_run, &late);
	r->late_runs = late.runs;
	pool_destroy(p);
	for (long i = 0; i < o->iters; i++) {
		r->once += jobs[i].runs == 1;
		r->lost += jobs[i].runs == 0;
		r->twice += jobs[i].runs > 1;
	}
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 2, .iters = 1000, .trials = 1};
	struct round r = {0};
	struct job *jobs;
	bool ok = true;

	drv_parse("pool", argc, argv, &o);
	if (o.mode != NULL && strcmp(o.mode, "idle") == 0)
		return idle_mode(&o);
	if (o.mode != NULL)
		drv_die(DRV_EXIT_USAGE, "-m %s: the only mode is 'idle'",
			o.mode);
	jobs = calloc((size_t)o.iters + 1, sizeof(*jobs));
	if (jobs == NULL)
		drv_die(1, "calloc: %s", strerror(errno));
	/* -r N: N rounds, each a fresh pool (the performance budget's
	 * workload: starting and stopping a pool is where sleeping shows) */
	for (long t = 0; t < o.trials && ok; t++) {
		r = (struct round){0};
		one_round(&o, jobs, &r);
		ok = r.once == r.accepted && r.failed == r.want_failed &&
		     r.rc == (r.want_failed > 0 ? EIO : 0) &&
		     r.late_rc == ESHUTDOWN && r.late_runs == 0;
	}
	printf("pool: %ld accepted, %ld ran once, %ld lost, %ld twice; "
	       "failures %ld/%ld reported%s; submit after shutdown: %s\n",
	       r.accepted, r.once, r.lost, r.twice, r.failed, r.want_failed,
	       r.rc == (r.want_failed > 0 ? EIO : 0) ? "" : " (wrong error)",
	       r.late_rc == ESHUTDOWN && r.late_runs == 0 ? "refused"
	       : r.late_rc == 0				  ? "accepted"
				: strerror(r.late_rc));
	free(jobs);
	return drv_result(ok);
}
