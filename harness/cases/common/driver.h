/*
 * driver.h - what every case's workload driver shares.
 *
 * A driver is a small program linked with one variant (bad/X.c or good/X.c).
 * It parses the one command line all cases share, starts its threads behind a
 * start gate so they really overlap, checks the case's invariant itself, and
 * prints one parseable result line:  "<case>: <what was seen>".
 *
 * Exit status (docs/exit-codes.md): 0 the invariant held, 3 it did not,
 * 2 usage error. Tools add their own codes on top (TSan 66, Valgrind 67).
 */
#ifndef RACELAB_DRIVER_H
#define RACELAB_DRIVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

enum {
	DRV_EXIT_OK = 0,
	DRV_EXIT_USAGE = 2,
	DRV_EXIT_INVARIANT = 3,
};

/* The line a driver writes on stderr when the invariant does not hold,
 * beside exit 3: a tool that reported exits with its own code (TSan 66,
 * Valgrind 67) instead of the program's, and racelab reads the invariant
 * from this line then (harness/core/runners.c). */
#define DRV_BROKEN_LINE "racelab driver: the invariant did not hold (exit 3)\n"

struct drv_opts {
	int threads;   /* -t: worker threads */
	long iters;    /* -i: operations per thread */
	long trials;   /* -r: repetitions inside one process (litmus cases) */
	unsigned seed; /* -s: seed for any randomness in the workload */
	const char *mode; /* -m: a case-specific workload mode, or NULL */
	bool verbose;	  /* -v: print progress detail to stderr */
};

/*
 * Parse "-t N -i N -r N -s N -m MODE -v -h" into *o, which the caller pre-fills
 * with its defaults. A malformed or out-of-range value prints one line naming
 * the option and exits DRV_EXIT_USAGE.
 */
void drv_parse(const char *name, int argc, char **argv, struct drv_opts *o);

/* Print "<name>: error: <msg>" to stderr and exit with status. */
void drv_die(int status, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

/* Die with the pthread error's text when rc is not 0 (never assert()). */
void drv_check(int rc, const char *what);

/*
 * Run fn(arg_i) on n threads, where arg_i = (char *)args + i * size, all
 * released together from a start gate; return when all have been joined.
 */
void drv_run(int n, void *(*fn)(void *), void *args, size_t size);

/* Wait at the start gate (called by drv_run's threads before fn). */
void drv_gate_wait(void);

/*
 * Give a shared object a name people can read ("account 0's lock"). Optional:
 * nothing depends on it, it only improves labels. Under racelab's watchdog
 * (RACELAB_WATCHDOG set) or with -v it prints a legend line to stderr,
 * "racelab-legend: ADDRESS SIZE NAME" (harness/core/watchdog.h); in the sched
 * build it hands the name to the scheduler's traces.
 */
void drv_name(const void *addr, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Finish: exit status for an invariant that held (true) or not (false). */
int drv_result(bool ok);
/* Write DRV_BROKEN_LINE (async-signal-safe): before an _exit(3) that does
 * not go through drv_result. */
void drv_broken(void);

#endif
