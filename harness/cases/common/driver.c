/*
 * driver.c - the shared half of every workload driver: one command line,
 * a start gate, thread spawning with checked pthread calls.
 *
 * The gate is a mutex and condvar (not a pthread_barrier) so that the sched
 * build, which models mutexes and condvars, controls it like any other lock.
 */
#include "driver.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *drv_prog = "driver";
static bool drv_verbose;

/* Defined only by racelab's sched runtime (harness/sched/rs_report.c). */
extern void racelab_name_object(const void *addr, size_t size, const char *name)
    __attribute__((weak));
/* ... and these by rs_core.c: a run that ends with status 0 after
 * drv_parse but before drv_result was cut short by exit() in the code
 * under test, and fails (natively, the missing result line says it). */
extern void racelab_sched_expect_end(void) __attribute__((weak));
extern void racelab_sched_end(void) __attribute__((weak));

void drv_die(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", drv_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void drv_check(int rc, const char *what)
{
	if (rc != 0)
		drv_die(1, "%s: %s", what, strerror(rc));
}

static long parse_count(int opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 0);
	if (errno != 0 || end == arg || *end != '\0' || v < min || v > max)
		drv_die(DRV_EXIT_USAGE,
			"-%c '%s': expected a whole number from %ld to %ld",
			opt, arg, min, max);
	return v;
}

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: %s [-t THREADS] [-i ITERS] [-r TRIALS] [-s SEED] [-m MODE] "
	    "[-v]\n"
	    "  prints one result line; exit 0 invariant held, 3 violated, "
	    "2 usage\n",
	    drv_prog);
}

void drv_parse(const char *name, int argc, char **argv, struct drv_opts *o)
{
	int c;

	drv_prog = name;
	while ((c = getopt(argc, argv, "t:i:r:s:m:vh")) != -1) {
		switch (c) {
		case 't':
			o->threads = (int)parse_count(c, optarg, 1, 256);
			break;
		case 'i':
			o->iters = parse_count(c, optarg, 0, LONG_MAX / 256);
			break;
		case 'r':
			o->trials = parse_count(c, optarg, 1, LONG_MAX);
			break;
		case 's':
			o->seed = (unsigned)parse_count(c, optarg, 0, UINT_MAX);
			break;
		case 'm':
			o->mode = optarg;
			break;
		case 'v':
			o->verbose = drv_verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(DRV_EXIT_OK);
		default:
			usage(stderr);
			exit(DRV_EXIT_USAGE);
		}
	}
	if (optind != argc)
		drv_die(DRV_EXIT_USAGE, "unexpected argument '%s' (see -h)",
			argv[optind]);
	if (racelab_sched_expect_end != NULL)
		racelab_sched_expect_end();
}

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_open = PTHREAD_COND_INITIALIZER;
static int gate_waiting, gate_expected;
static unsigned gate_generation;

void drv_gate_wait(void)
{
	unsigned gen;

	drv_check(pthread_mutex_lock(&gate_lock), "gate lock");
	gen = gate_generation;
	if (++gate_waiting == gate_expected) {
		gate_waiting = 0;
		gate_generation++;
		drv_check(pthread_cond_broadcast(&gate_open), "gate open");
	} else {
		while (gen == gate_generation)
			drv_check(pthread_cond_wait(&gate_open, &gate_lock),
				  "gate wait");
	}
	drv_check(pthread_mutex_unlock(&gate_lock), "gate unlock");
}

struct gated {
	void *(*fn)(void *);
	void *arg;
};

static void *gated_start(void *p)
{
	struct gated *g = p;

	drv_gate_wait();
	return g->fn(g->arg);
}

void drv_run(int n, void *(*fn)(void *), void *args, size_t size)
{
	pthread_t *tid = calloc((size_t)n, sizeof(*tid));
	struct gated *g = calloc((size_t)n, sizeof(*g));

	if (tid == NULL || g == NULL)
		drv_die(1, "out of memory for %d threads", n);
	gate_expected = n;
	for (int i = 0; i < n; i++) {
		g[i].fn = fn;
		g[i].arg = (char *)args + (size_t)i * size;
		drv_check(pthread_create(&tid[i], NULL, gated_start, &g[i]),
			  "pthread_create");
	}
	for (int i = 0; i < n; i++)
		drv_check(pthread_join(tid[i], NULL), "pthread_join");
	free(g);
	free(tid);
}

void drv_name(const void *addr, size_t size, const char *fmt, ...)
{
	char name[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (drv_verbose || getenv("RACELAB_WATCHDOG") != NULL)
		fprintf(stderr, "racelab-legend: %p %zu %s\n", addr, size,
			name);
	if (racelab_name_object != NULL)
		racelab_name_object(addr, size, name);
}

void drv_broken(void)
{
	static const char line[] = DRV_BROKEN_LINE;

	/* one write(2): nothing else to fail or interleave */
	if (write(2, line, sizeof(line) - 1) < 0)
		return; /* stderr closed: exit 3 still says it */
}

int drv_result(bool ok)
{
	if (racelab_sched_end != NULL)
		racelab_sched_end();
	fflush(stdout);
	if (!ok)
		drv_broken();
	return ok ? DRV_EXIT_OK : DRV_EXIT_INVARIANT;
}
