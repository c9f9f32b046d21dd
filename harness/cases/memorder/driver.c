/*
 * driver.c (memorder) - the store-buffering litmus test, TRIALS times (-r)
 * on two persistent threads (-t must be 2). Each trial: both threads meet
 * at a spin barrier, each waits a random moment (jitter, from -s), T1 runs
 * sb_left and T2 sb_right, they meet again, T1 records the outcome (r1, r2)
 * and resets the flags.
 *
 * Output, jcstress style: a histogram of the four outcomes (count,
 * frequency, verdict), then the result line. The invariant: (0,0), which
 * sequential consistency forbids, is never seen.
 *
 * -m budget=S stops early, at a trial boundary both threads agree on, once
 * S seconds have passed: two spinning threads crawl when other jobs share
 * the cores, and a matrix run must end in bounded time. Only the number of
 * trials depends on the clock; the verdict ((0,0) seen or not) is about
 * the trials that ran, and the result line says how many.
 *
 * Result line: "memorder: (0,0) seen 67 times in 1000000 trials".
 */
#include "driver.h"
#include "memorder.h"

#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * A two-thread spin barrier on one counter that only grows: meeting k
 * (1, 2, ...) is passed once the counter reaches 2k. Spinning, not
 * sleeping, so that both threads leave it within a few hundred cycles of
 * each other: store buffering only shows when the two trials overlap.
 */
struct meet {
	_Alignas(64) atomic_ulong arrived;
};

static void meet_wait(struct meet *m, unsigned long k)
{
	unsigned spins = 0;

	/* acq_rel: releases this thread's trial (its result, the reset) and,
	 * with the acquire loads below, takes the other thread's: the
	 * barrier is a happens-before edge both ways, so the plain result
	 * variable needs no atomics and TSan sees no race */
	atomic_fetch_add_explicit(&m->arrived, 1, memory_order_acq_rel);
	/* acquire: pairs with the other thread's fetch_add */
	while (atomic_load_explicit(&m->arrived, memory_order_acquire) < 2 * k)
		if (++spins > 1024)
			sched_yield(); /* not two cores to ourselves: let go */
}

/*
 * Jitter before each trial: a random wait of 0..JITTER-1 empty loop turns
 * (about 0..1.3 us) on each side. Without it the thread that leaves the
 * barrier first is ahead by a cache-line transfer every time, its store
 * has drained before the other side loads, and (0,0) is rare (measured:
 * 24 in 1,000,000, and 99.95% of trials (0,1)); with it the two sides
 * overlap in a fraction of trials (5,600 to 8,300 (0,0) in 1,000,000).
 */
#define JITTER 4096

static unsigned jitter_next(unsigned *state)
{
	*state ^= *state << 13; /* xorshift32 */
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* Independent streams for the two sides: xorshift is linear, so seeds
 * that differ by a shift would give correlated waits; hash them first. */
static unsigned jitter_seed(unsigned seed, int side)
{
	unsigned x = seed * 0x9E3779B9u + (unsigned)(side + 1) * 0x85EBCA6Bu;

	x ^= x >> 16;
	x *= 0x7FEB352Du;
	x ^= x >> 15;
	x *= 0x846CA68Bu;
	x ^= x >> 16;
	return x != 0 ? x : 1; /* xorshift's one fixed point */
}

static void jitter(unsigned *state)
{
	for (unsigned d = jitter_next(state) % JITTER; d > 0; d--)
		__asm__ __volatile__(""); /* keeps the loop; orders nothing */
}

struct side {
	struct sb *sb;
	struct meet *meet;
	atomic_bool *stop; /* set by T1 between trials; see trial_loop */
	double deadline;   /* T1: CLOCK_MONOTONIC seconds, 0 = no budget */
	long trials;	   /* in: at most; out: how many ran */
	int which;	   /* 0 runs sb_left, 1 runs sb_right */
	int *r_right; /* T2's result, read by T1 after the second meeting */
	unsigned rnd; /* jitter state, from -s */
	long hist[4]; /* T1: outcomes, index r1 * 2 + r2 */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *trial_loop(void *p)
{
	struct side *me = p;
	long t;

	for (t = 0; t < me->trials; t++) {
		int r;

		meet_wait(me->meet, 2 * (unsigned long)t + 1);
		/* relaxed: T1 stored it before its fetch_add in this meeting,
		 * whose acq_rel (paired with our acquire load there) already
		 * orders the store before this load: both sides stop at the
		 * same trial */
		if (atomic_load_explicit(me->stop, memory_order_relaxed))
			break;
		jitter(&me->rnd);
		r = me->which == 0 ? sb_left(me->sb) : sb_right(me->sb);
		if (me->which == 1)
			*me->r_right = r;
		meet_wait(me->meet, 2 * (unsigned long)t + 2);
		if (me->which == 0) {
			me->hist[r * 2 + *me->r_right]++;
			sb_reset(me->sb); /* ordered by the next meeting */
			if (me->deadline > 0 && (t & 255) == 255 &&
			    now() > me->deadline)
				/* relaxed: published by the next meeting */
				atomic_store_explicit(me->stop, true,
						      memory_order_relaxed);
		}
	}
	me->trials = t;
	return NULL;
}

/* "-m budget=S": seconds, or 0 when no -m was given. */
static double parse_budget(const char *mode)
{
	char *end;
	double s;

	if (mode == NULL)
		return 0;
	if (strncmp(mode, "budget=", 7) != 0)
		drv_die(DRV_EXIT_USAGE, "-m '%s': the only mode is budget=S",
			mode);
	s = strtod(mode + 7, &end);
	if (end == mode + 7 || *end != '\0' || !(s > 0 && s < 86400))
		drv_die(DRV_EXIT_USAGE,
			"-m '%s': budget=S needs seconds above 0", mode);
	return s;
}

static void print_histogram(const long *hist, long trials)
{
	static const char *const outcome[4] = {"(0, 0)", "(0, 1)", "(1, 0)",
					       "(1, 1)"};
	static const char *const verdict[4] = {
	    "FORBIDDEN under seq_cst (both loads passed both stores)",
	    "ok: T1 ran first", "ok: T2 ran first",
	    "ok: the trials overlapped"};

	printf("  %-8s %12s %10s  %s\n", "outcome", "count", "freq", "verdict");
	for (int i = 0; i < 4; i++)
		printf("  %-8s %12ld %9.4f%%  %s%s\n", outcome[i], hist[i],
		       100.0 * (double)hist[i] / (double)trials, verdict[i],
		       i == 0 && hist[0] > 0 ? ", SEEN" : "");
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 2, .trials = 1000000};
	struct meet *meet;
	struct side sides[2];
	int r_right = 0;
	atomic_bool stop;
	double budget;
	struct sb *sb;

	drv_parse("memorder", argc, argv, &o);
	if (o.threads != 2)
		drv_die(DRV_EXIT_USAGE,
			"-t %d: the litmus test has exactly 2 threads",
			o.threads);
	budget = parse_budget(o.mode);
	sb = sb_create();
	meet = aligned_alloc(64, sizeof(*meet));
	if (sb == NULL || meet == NULL)
		drv_die(1, "sb_create: %s", strerror(errno));
	atomic_init(&meet->arrived, 0); /* before the threads exist */
	atomic_init(&stop, false);
	for (int i = 0; i < 2; i++)
		sides[i] =
		    (struct side){.sb = sb,
				  .meet = meet,
				  .stop = &stop,
				  .deadline = budget > 0 ? now() + budget : 0,
				  .trials = o.trials,
				  .which = i,
				  .r_right = &r_right,
				  .rnd = jitter_seed(o.seed, i)};

	drv_run(2, trial_loop, sides, sizeof(sides[0]));

	print_histogram(sides[0].hist, sides[0].trials);
	printf("memorder: (0,0) seen %ld times in %ld trials\n",
	       sides[0].hist[0], sides[0].trials);
	sb_destroy(sb);
	free(meet);
	return drv_result(sides[0].hist[0] == 0);
}
