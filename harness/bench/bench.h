/*
 * bench.h - `racelab bench`: the benchmark table and what one bench is.
 *
 * Room: harness/bench, built into build/bench/racelab-bench (which
 * `racelab bench` runs). A bench is one `struct bench` in its own file
 * (b_NAME.c) plus one line in benches.c; nothing else names it. Each of
 * its implementations is one `struct bench_impl` row: a name (SPEC section
 * 8 fixes the names), the peer library it needs (NULL for racelab's own
 * code), a run function and its argument.
 *
 * Contract of run(cfg, arg, value, why): called in a fresh child process
 * (bench_run.c forks one per measurement, so a crash, a hang or a leak stays in
 * that row), with the CPUs already restricted when cfg->cpus is 1. It does the
 * work for about cfg->seconds, then checks its own result (the counter total,
 * the FIFO ledger, the balance sum...) and returns 0              *value holds
 * the measurement, in the bench's unit BENCH_SKIP     cannot run here (why[]
 * says why and how to fix it) BENCH_BROKEN   the result check failed (why[]
 * names the violation) It may print nothing on stdout.
 */
#ifndef RACELAB_BENCH_H
#define RACELAB_BENCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* The Makefile defines these to 1 when pkg-config finds the peer. */
#ifndef BENCH_HAVE_GLIB
#define BENCH_HAVE_GLIB 0 /* libglib2.0-dev: GAsyncQueue, GThreadPool */
#endif
#ifndef BENCH_HAVE_CK
#define BENCH_HAVE_CK 0 /* libck-dev: ck_ring, ck_rwlock */
#endif
#ifndef BENCH_HAVE_URCU
#define BENCH_HAVE_URCU 0 /* liburcu-dev: wfcqueue */
#endif

enum { BENCH_OK = 0, BENCH_SKIP = 77, BENCH_BROKEN = 3 };

#define BENCH_WHY 200 /* size of the why[] buffer */

struct bench_cfg {
	int threads;	/* threads doing the work (the bench says how) */
	int cpus;	/* 1: pinned to one CPU; 0: every CPU allowed */
	double seconds; /* how long to run (the work is timed, not fixed) */
};

struct bench_impl {
	const char *name; /* SPEC section 8's impl name */
	const char *peer; /* Debian package of the library, or NULL */
	bool available;	  /* false: built without the peer library */
	int (*run)(const struct bench_cfg *cfg, const void *arg, double *value,
		   char *why);
	const void *arg; /* passed to run: lets one run serve many rows */
};

struct bench {
	const char *name;      /* SPEC section 8's bench name */
	const char *about;     /* one line for --list and the docs */
	const char *unit;      /* "ops/s", "us", ... */
	bool higher_is_better; /* ops/s yes; a wait time no */
	bool scales;	       /* run at 1..--threads threads (a plot) */
	int threads;	       /* threads when it does not scale */
	bool regimes;	       /* also run with every thread on one CPU */
	const struct bench_impl *impls;
	size_t nimpls;
};

/* The table (benches.c), in the order the benches run and print. */
extern const struct bench *const bench_table[];
extern const size_t bench_ntable;

/* printf into why (BENCH_WHY bytes); returns rc, for `return bench_why(...)` */
int bench_why(char *why, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);

/*
 * A team of worker threads timed together. Each worker calls
 * bench_team_go() once before its loop and polls bench_stopped() in it;
 * bench_team_run() starts n workers fn(args + i * size), waits until all
 * are at the start line, lets them run cfg->seconds, raises stop, and joins
 * them. It returns the seconds from the start line to the last join (so a
 * drain after stop is counted), or -1 with why[] set.
 */
struct bench_team {
	atomic_bool stop;
	pthread_barrier_t go;
};
void bench_team_go(struct bench_team *t);
static inline bool bench_stopped(struct bench_team *t)
{
	/* relaxed: a flag polled in a loop; the joins order the results */
	return atomic_load_explicit(&t->stop, memory_order_relaxed);
}
double bench_team_run(struct bench_team *t, int n, void *(*fn)(void *),
		      void *args, size_t size, double seconds, char *why);

#endif
