/*
 * driver.c (condvar) - two threads play ping-pong for ITERS rounds, each
 * round on a fresh pair of latches: T1 writes ball_a and posts ping, then
 * waits on pong; T2 waits on ping, checks ball_a, writes ball_b and posts
 * pong; T1 checks ball_b. Both threads wait and both post, every round.
 *
 * Invariants checked here: every waiter wakes (all rounds finish), and
 * wakes only after the post (it sees the ball thrown before it).
 *
 * A lost wakeup natively means a thread that sleeps for ever. The driver
 * never hangs on its own: T1 re-arms alarm(2) every round, and if no round
 * finishes for 2 s the SIGALRM handler prints the result line and exits 3
 * (the invariant "every waiter wakes" is broken). Under `racelab run` the
 * harness's native watchdog usually sees the hang first (every thread in an
 * untimed futex wait) and reports it as a deadlock; under the sched build
 * the lost wakeup is caught exactly, as a deadlock, at the step it happens.
 *
 * Result line: "condvar: 20000/20000 rounds, 0 early wakeups" or
 * "condvar: lost wakeup in round 812 of 20000: no round finished for 2 s".
 */
#include "condvar.h"
#include "driver.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WATCHDOG_SECONDS 2

struct round {
	struct latch *ping, *pong;
	long ball_a, ball_b; /* published by latch_post, read after wait */
};

struct player {
	struct round *rounds;
	long nrounds;
	int side; /* 0 serves (T1), 1 returns (T2) */
	long done, early;
};

/* Rounds T1 finished, for the watchdog's message only. Relaxed: it is read
 * by the signal handler just to print it and orders nothing. */
static _Atomic long progress;
static long total_rounds;

/*
 * Arm (or, with 0, disarm) the real-time safety net. Not in the sched build:
 * there a lost wakeup is found exactly at its step, and an armed timer whose
 * handler might end a wait leaves the runtime unable to judge it.
 */
static void safety_net(unsigned seconds)
{
#ifndef RACELAB_SCHED
	alarm(seconds);
#else
	(void)seconds;
#endif
}

static void *play(void *p)
{
	struct player *me = p;

	for (long k = 0; k < me->nrounds; k++) {
		struct round *r = &me->rounds[k];

		if (me->side == 0) {
			r->ball_a = k + 1;
			drv_check(latch_post(r->ping), "latch_post");
			drv_check(latch_wait(r->pong), "latch_wait");
			me->early += r->ball_b != k + 1;
			atomic_store_explicit(&progress, k + 1,
					      memory_order_relaxed);
			safety_net(WATCHDOG_SECONDS); /* a round finished */
		} else {
			drv_check(latch_wait(r->ping), "latch_wait");
			me->early += r->ball_a != k + 1;
			r->ball_b = k + 1;
			drv_check(latch_post(r->pong), "latch_post");
		}
		me->done++;
	}
	return NULL;
}

/* Async-signal-safe decimal: writes n into buf backwards, returns start. */
static char *put_long(char *end, long n)
{
	do
		*--end = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	return end;
}

static void say(const char *s)
{
	ssize_t rc = write(STDOUT_FILENO, s, strlen(s));

	(void)rc; /* nothing to be done about a failed write here */
}

static void on_watchdog(int sig)
{
	char a[24], b[24];

	(void)sig;
	a[23] = b[23] = '\0';
	say("condvar: lost wakeup in round ");
	say(put_long(
	    &a[23], atomic_load_explicit(&progress, memory_order_relaxed) + 1));
	say(" of ");
	say(put_long(&b[23], total_rounds));
	say(": no round finished for 2 s\n");
	drv_broken();
	_exit(DRV_EXIT_INVARIANT);
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 2, .iters = 20000};
	struct sigaction sa = {.sa_handler = on_watchdog};
	struct player pl[2];
	struct round *rounds;
	long early;

	drv_parse("condvar", argc, argv, &o);
	if (o.threads != 2)
		drv_die(DRV_EXIT_USAGE,
			"-t %d: ping-pong needs exactly 2 "
			"threads",
			o.threads);
	rounds = calloc((size_t)o.iters + 1, sizeof(*rounds));
	if (rounds == NULL)
		drv_die(1, "out of memory");
	for (long k = 0; k < o.iters; k++) {
		rounds[k].ping = latch_create();
		rounds[k].pong = latch_create();
		if (rounds[k].ping == NULL || rounds[k].pong == NULL)
			drv_die(1, "latch_create: %s", strerror(errno));
	}
	total_rounds = o.iters;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) != 0)
		drv_die(1, "sigaction: %s", strerror(errno));
	for (int i = 0; i < 2; i++)
		pl[i] = (struct player){rounds, o.iters, i, 0, 0};
	safety_net(WATCHDOG_SECONDS);

	drv_run(2, play, pl, sizeof(pl[0]));

	safety_net(0);
	early = pl[0].early + pl[1].early;
	printf("condvar: %ld/%ld rounds, %ld early wakeups\n", pl[0].done,
	       o.iters, early);
	for (long k = 0; k < o.iters; k++) {
		latch_destroy(rounds[k].ping); /* after the joins: nobody is */
		latch_destroy(rounds[k].pong); /* still inside latch_post */
	}
	free(rounds);
	return drv_result(early == 0 && pl[0].done == o.iters &&
			  pl[1].done == o.iters);
}
