/*
 * b_pool.c - bench `pool`: good/pool.c against GLib's GThreadPool, 2
 * workers, tiny tasks (each adds one to a counter) submitted by one thread
 * as fast as the pool takes them, for a fixed time; then the pool is shut
 * down, which waits for every task. Tasks per second, shutdown included;
 * checked: every task submitted ran exactly once.
 */
#include "bench.h"
#include "pool.h"

#include <stdint.h>

#if BENCH_HAVE_GLIB
#include <glib.h>
#endif

static atomic_long ran; /* tasks run, over every worker */

static int tiny_task(void *arg)
{
	(void)arg;
	/* relaxed: a count; the shutdown's joins order it before the read */
	atomic_fetch_add_explicit(&ran, 1, memory_order_relaxed);
	return 0;
}

struct submitter {
	struct bench_team *team;
	void *pool;
	long n;
	int err;
};

static void *racelab_submit(void *arg)
{
	struct submitter *s = arg;

	bench_team_go(s->team);
	for (; !bench_stopped(s->team); s->n++)
		if ((s->err = pool_submit(s->pool, tiny_task, NULL)) != 0)
			break;
	return NULL;
}

static int verdict(long submitted, double secs, int err, double *value,
		   char *why)
{
	long got = atomic_load(&ran);

	if (secs < 0)
		return -1;
	if (err != 0)
		return bench_why(why, BENCH_BROKEN, "submit failed (%d)", err);
	if (got != submitted)
		return bench_why(why, BENCH_BROKEN,
				 "%ld tasks submitted, %ld ran", submitted,
				 got);
	*value = (double)got / secs;
	return 0;
}

static int racelab_run(const struct bench_cfg *cfg, const void *arg,
		       double *value, char *why)
{
	struct bench_team team;
	struct submitter s = {&team, pool_create(cfg->threads), 0, 0};
	double t0 = bench_now(), secs;
	long failed = 0;

	(void)arg;
	if (s.pool == NULL)
		return bench_why(why, -1, "pool_create failed");
	secs = bench_team_run(&team, 1, racelab_submit, &s, sizeof(s),
			      cfg->seconds, why);
	if (pool_shutdown(s.pool, &failed) != 0 || failed != 0)
		return bench_why(why, BENCH_BROKEN, "%ld tasks failed", failed);
	pool_destroy(s.pool);
	return verdict(s.n, secs < 0 ? secs : bench_now() - t0, s.err, value,
		       why);
}

#if BENCH_HAVE_GLIB
static void glib_task(gpointer data, gpointer user)
{
	(void)data, (void)user;
	tiny_task(NULL);
}

static void *glib_submit(void *arg)
{
	struct submitter *s = arg;

	bench_team_go(s->team);
	for (; !bench_stopped(s->team); s->n++)
		/* GThreadPool takes non-NULL data only */
		if (!g_thread_pool_push(s->pool, GINT_TO_POINTER(1), NULL)) {
			s->err = -1;
			break;
		}
	return NULL;
}

static int glib_run(const struct bench_cfg *cfg, const void *arg, double *value,
		    char *why)
{
	struct bench_team team;
	struct submitter s = {&team, NULL, 0, 0};
	double t0 = bench_now(), secs;

	(void)arg;
	/* exclusive: its own cfg->threads threads, started now, as
	 * pool_create does */
	s.pool = g_thread_pool_new(glib_task, NULL, cfg->threads, TRUE, NULL);
	if (s.pool == NULL)
		return bench_why(why, -1, "g_thread_pool_new failed");
	secs = bench_team_run(&team, 1, glib_submit, &s, sizeof(s),
			      cfg->seconds, why);
	g_thread_pool_free(s.pool, FALSE, TRUE); /* run every task, wait */
	return verdict(s.n, secs < 0 ? secs : bench_now() - t0, s.err, value,
		       why);
}
#else
#define glib_run NULL
#endif

static const struct bench_impl impls[] = {
    {"racelab", NULL, true, racelab_run, NULL},
    {"GThreadPool", "libglib2.0-dev", BENCH_HAVE_GLIB, glib_run, NULL},
};

const struct bench bench_pool = {
    "pool",    "2 workers run tiny tasks submitted by one thread",
    "tasks/s", true,
    false,     2,
    true,      impls,
    2};
