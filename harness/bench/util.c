/*
 * util.c - small helpers every bench shares: the why[] message, the clock,
 * and the timed team of worker threads (bench.h).
 */
#include "bench.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int bench_why(char *why, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, BENCH_WHY, fmt, ap);
	va_end(ap);
	return rc;
}

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_team_go(struct bench_team *t)
{
	pthread_barrier_wait(&t->go);
}

static void sleep_seconds(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

double bench_team_run(struct bench_team *t, int n, void *(*fn)(void *),
		      void *args, size_t size, double seconds, char *why)
{
	pthread_t tids[64];
	double t0;
	int rc, started = 0;

	if (n < 1 || n > 64)
		return bench_why(why, -1, "%d threads: between 1 and 64", n);
	atomic_init(&t->stop, false);
	/* the workers and this thread meet at the start line */
	if ((rc = pthread_barrier_init(&t->go, NULL, (unsigned)n + 1)) != 0)
		return bench_why(why, -1, "pthread_barrier_init: %s",
				 strerror(rc));
	for (; started < n; started++)
		if ((rc = pthread_create(&tids[started], NULL, fn,
					 (char *)args +
					     (size_t)started * size)) != 0)
			break;
	if (started < n) /* cannot start them all: a child can only exit */
		return bench_why(why, -1, "pthread_create: %s", strerror(rc));
	pthread_barrier_wait(&t->go);
	t0 = bench_now();
	sleep_seconds(seconds);
	/* relaxed: the workers poll it; the joins order everything after */
	atomic_store_explicit(&t->stop, true, memory_order_relaxed);
	for (int i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	pthread_barrier_destroy(&t->go);
	return bench_now() - t0;
}
