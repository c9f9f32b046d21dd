/*
 * driver.c (transfer) - threads move money between accounts in both
 * directions; the invariant is that the total is conserved, no balance goes
 * negative, and the run completes (a deadlocked run prints no result line:
 * racelab's watchdog or sched says so instead).
 *
 * Modes (-m):
 *   mix     (default) THREADS threads (default 4) each make ITERS transfers
 *           of 1..10 between random pairs of 4 accounts (seeded by -s).
 *   pair    THREADS threads (default 2) released together from the start
 *           gate; even threads move 1 from account 0 to 1, odd ones from 1
 *           to 0, ITERS times. The plain race: whether bad/ hangs is up to
 *           the OS scheduler (or to racelab's sched, from a seed).
 *   clash   2 threads (and a referee), ITERS rounds (default 10) of one
 *           transfer 0 -> 1 and one 1 -> 0, lined up the ABBA way by the
 *           referee, which holds account 0's lock itself while the two
 *           queue behind it (see clash_round). bad/ hangs in the first
 *           round, in essentially every run; good/ and gate/ finish every
 *           round. (Holding an account's lock from outside account_ calls
 *           is a test driver's privilege, not part of the contract.)
 *   serial  as pair, but the threads take turns (thread i transfers in
 *           round i; all meet at the gate between rounds): both lock orders
 *           happen, one after the other, so no run can hang. For the
 *           predictive tools (TSan, Helgrind, DRD).
 *   ring    THREADS threads (default 3) and as many accounts in a ring:
 *           thread i moves 1 from account i to account i+1 (the last to
 *           account 0), ITERS times. A lock order that is consistent for
 *           every pair yet cyclic over three (0 < 1 < 2 < 0) deadlocks
 *           here and never in pair.
 *
 * Result line: "transfer: total expected 2000 got 2000, 4000 transfers done"
 * ("done" counts calls that returned, refused for lack of funds or not).
 *
 * With -v, or when RACELAB_WATCHDOG is set (racelab's watchdog sets it), the
 * driver first prints a legend of its locks to stderr, one line each:
 * "racelab-legend: ADDRESS SIZE NAME" (format: harness/core/watchdog.h).
 */
#include "driver.h"
#include "transfer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OPENING	     1000 /* each account's opening balance */
#define MIX_ACCOUNTS 4

enum mode { MODE_MIX, MODE_PAIR, MODE_CLASH, MODE_SERIAL, MODE_RING };

struct worker {
	struct account *acct;
	int naccts;
	int index, nthreads;
	enum mode mode;
	long iters;
	unsigned rng;
	long done, refused;
};

static unsigned next_rand(unsigned *s)
{
	/* xorshift32: a fixed sequence per seed, no shared state. */
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void transfer_once(struct worker *w, struct account *from,
			  struct account *to, long amount)
{
	int rc = account_transfer(from, to, amount);

	if (rc != 0 && rc != ERANGE)
		drv_die(1, "account_transfer: %s", strerror(rc));
	w->done++;
	w->refused += rc == ERANGE;
}

/* pair and serial: this thread's direction between accounts 0 and 1. */
static void transfer_pair(struct worker *w)
{
	struct account *a = &w->acct[0], *b = &w->acct[1];

	if (w->index % 2 == 0)
		transfer_once(w, a, b, 1);
	else
		transfer_once(w, b, a, 1);
}

static void mix(struct worker *w)
{
	for (long i = 0; i < w->iters; i++) {
		int a = (int)(next_rand(&w->rng) % (unsigned)w->naccts);
		int b = (int)(next_rand(&w->rng) % (unsigned)(w->naccts - 1));
		long amount = 1 + (long)(next_rand(&w->rng) % 10);

		/* b skips a, so the pair is never one account. */
		transfer_once(w, &w->acct[a], &w->acct[b >= a ? b + 1 : b],
			      amount);
	}
}

/*
 * clash: a third thread, the referee, lines the two transfers up behind
 * account 0's lock in a known order. Stages are announced under stage_lock.
 */
static pthread_mutex_t stage_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stage_moved = PTHREAD_COND_INITIALIZER;
static long stage;

enum { STAGE_0_TO_1 = 1, STAGE_1_TO_0 = 2, STAGES_PER_ROUND = 2 };

static void stage_wait(long s)
{
	drv_check(pthread_mutex_lock(&stage_lock), "stage lock");
	while (stage < s)
		drv_check(pthread_cond_wait(&stage_moved, &stage_lock),
			  "stage wait");
	drv_check(pthread_mutex_unlock(&stage_lock), "stage unlock");
}

static void stage_set(long s)
{
	drv_check(pthread_mutex_lock(&stage_lock), "stage lock");
	stage = s;
	drv_check(pthread_cond_broadcast(&stage_moved), "stage broadcast");
	drv_check(pthread_mutex_unlock(&stage_lock), "stage unlock");
}

/* Long enough for a woken thread to run into a lock and sleep on it. */
static void settle(void)
{
	struct timespec ts = {0, 2000000}; /* 2 ms */

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * One clash round (thread 0 moves 0 -> 1, thread 1 moves 1 -> 0, thread 2
 * referees):
 *   1. the referee locks account 0 itself and lets thread 0 go: its
 *      transfer 0 -> 1 asks for account 0 first, whatever the variant, and
 *      waits for the referee
 *   2. 2 ms later it lets thread 1 go: bad/ takes account 1 and then waits
 *      for account 0, behind thread 0 (good/ and gate/ wait for account 0
 *      or the gate without holding anything)
 *   3. 2 ms later it unlocks account 0. glibc wakes one waiter and the
 *      kernel picks the one that queued first, so thread 0 gets account 0
 *      and asks for account 1, which bad/'s thread 1 holds: the cycle.
 *      good/ and gate/ just finish.
 * The 2 ms only need each woken thread to reach its lock; a round where
 * the OS was slower than that simply ends without a hang, and the next
 * round tries again.
 */
static void clash_round(struct worker *w, long round)
{
	struct account *a = &w->acct[0];
	long base = round * STAGES_PER_ROUND;

	if (w->index == 2) {
		drv_check(pthread_mutex_lock(&a->lock), "clash: lock");
		stage_set(base + STAGE_0_TO_1);
		settle();
		stage_set(base + STAGE_1_TO_0);
		settle();
		drv_check(pthread_mutex_unlock(&a->lock), "clash: unlock");
	} else {
		stage_wait(base +
			   (w->index == 0 ? STAGE_0_TO_1 : STAGE_1_TO_0));
		transfer_pair(w);
	}
	drv_gate_wait(); /* the round is over for all three */
}

static void *work(void *p)
{
	struct worker *w = p;

	switch (w->mode) {
	case MODE_MIX:
		mix(w);
		break;
	case MODE_PAIR:
		for (long i = 0; i < w->iters; i++)
			transfer_pair(w);
		break;
	case MODE_CLASH:
		for (long i = 0; i < w->iters; i++)
			clash_round(w, i);
		break;
	case MODE_SERIAL:
		/* Round r belongs to thread r; the gate orders the rounds. */
		for (int round = 0; round < w->nthreads; round++) {
			for (long i = 0; round == w->index && i < w->iters; i++)
				transfer_pair(w);
			drv_gate_wait();
		}
		break;
	case MODE_RING:
		for (long i = 0; i < w->iters; i++)
			transfer_once(w, &w->acct[w->index],
				      &w->acct[(w->index + 1) % w->naccts], 1);
		break;
	}
	return NULL;
}

static enum mode parse_mode(const char *m)
{
	static const char *const names[] = {"mix", "pair", "clash", "serial",
					    "ring"};

	for (int i = 0; m != NULL && i < 5; i++)
		if (strcmp(m, names[i]) == 0)
			return (enum mode)i;
	if (m == NULL)
		return MODE_MIX;
	drv_die(DRV_EXIT_USAGE,
		"-m '%s': expected mix, pair, clash, serial or ring", m);
}

static void name_locks(const struct account *acct, int n)
{
	for (int i = 0; i < n; i++)
		drv_name(&acct[i].lock, sizeof(acct[i].lock),
			 "account %d's lock", acct[i].id);
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 0, .iters = -1};
	struct account *acct;
	struct worker *w;
	enum mode mode;
	int naccts, nthreads;
	long expected, got = 0, done = 0, refused = 0;
	bool ok = true;

	drv_parse("transfer", argc, argv, &o);
	mode = parse_mode(o.mode);
	if (o.threads == 0)
		o.threads = mode == MODE_MIX ? 4 : mode == MODE_RING ? 3 : 2;
	if (mode == MODE_CLASH && o.threads != 2)
		drv_die(DRV_EXIT_USAGE, "-m clash runs exactly 2 transferring "
					"threads (and a referee)");
	if (o.iters < 0)
		o.iters = mode == MODE_MIX     ? 1000
			  : mode == MODE_CLASH ? 10
					       : 100;
	nthreads = o.threads + (mode == MODE_CLASH); /* the referee */
	naccts = mode == MODE_MIX    ? MIX_ACCOUNTS
		 : mode == MODE_RING ? o.threads
				     : 2;
	acct = calloc((size_t)naccts, sizeof(*acct));
	w = calloc((size_t)nthreads, sizeof(*w));
	if (acct == NULL || w == NULL)
		drv_die(1, "out of memory");
	for (int i = 0; i < naccts; i++) {
		int rc = account_init(&acct[i], i, OPENING);

		if (rc != 0)
			drv_die(1, "account_init: %s", strerror(rc));
	}
	name_locks(acct, naccts);
	for (int i = 0; i < nthreads; i++)
		w[i] = (struct worker){.acct = acct,
				       .naccts = naccts,
				       .index = i,
				       .nthreads = nthreads,
				       .mode = mode,
				       .iters = o.iters,
				       .rng = o.seed * 2654435761u + 1 +
					      (unsigned)i * 40503u};

	drv_run(nthreads, work, w, sizeof(*w));

	expected = (long)naccts * OPENING;
	for (int i = 0; i < naccts; i++) {
		long b = account_balance(&acct[i]);

		ok = ok && b >= 0;
		got += b;
		account_destroy(&acct[i]);
	}
	for (int i = 0; i < nthreads; i++) {
		done += w[i].done;
		refused += w[i].refused;
	}
	printf("transfer: total expected %ld got %ld, %ld transfers done\n",
	       expected, got, done);
	if (o.verbose)
		fprintf(stderr, "transfer: %ld refused for lack of funds\n",
			refused);
	free(w);
	free(acct);
	return drv_result(ok && got == expected);
}
