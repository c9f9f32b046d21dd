/*
 * driver.c (transfer) - threads move money between accounts in both
 * directions; the invariant is that the total is conserved, no balance goes
 * negative, and the run completes (a deadlocked run prints no result line:
 * racelab's watchdog or sched says so instead).
 *
 * Modes (-m):
 *   mix     (default) THREADS threads (default 4) each make ITERS transfers
 *           of 1..10 between random pairs of 4 accounts (seeded by -s).
 *   clash   THREADS threads (default 2) released together from the start
 *           gate; even threads move 1 from account 0 to 1, odd ones from 1
 *           to 0, ITERS times: with bad/ this hangs in essentially every run.
 *   serial  as clash, but the threads take turns (thread i transfers in
 *           round i, all meet at the gate between rounds): both lock orders
 *           happen, one after the other, so no run can hang. For the
 *           predictive tools (TSan, Helgrind).
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

#define OPENING	     1000 /* each account's opening balance */
#define MIX_ACCOUNTS 4

enum mode { MODE_MIX, MODE_CLASH, MODE_SERIAL };

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

static void transfer_many(struct worker *w)
{
	for (long i = 0; i < w->iters; i++) {
		if (w->mode == MODE_MIX) {
			int a = (int)(next_rand(&w->rng) % (unsigned)w->naccts);
			int b = (int)(next_rand(&w->rng) %
				      (unsigned)(w->naccts - 1));
			long amount = 1 + (long)(next_rand(&w->rng) % 10);

			/* b skips a, so the pair is never one account. */
			transfer_once(w, &w->acct[a],
				      &w->acct[b >= a ? b + 1 : b], amount);
		} else if (w->index % 2 == 0) {
			transfer_once(w, &w->acct[0], &w->acct[1], 1);
		} else {
			transfer_once(w, &w->acct[1], &w->acct[0], 1);
		}
	}
}

static void *work(void *p)
{
	struct worker *w = p;

	if (w->mode != MODE_SERIAL) {
		transfer_many(w);
		return NULL;
	}
	/* Round r belongs to thread r; the gate orders the rounds. */
	for (int round = 0; round < w->nthreads; round++) {
		if (round == w->index)
			transfer_many(w);
		drv_gate_wait();
	}
	return NULL;
}

static enum mode parse_mode(const char *m)
{
	if (m == NULL || strcmp(m, "mix") == 0)
		return MODE_MIX;
	if (strcmp(m, "clash") == 0)
		return MODE_CLASH;
	if (strcmp(m, "serial") == 0)
		return MODE_SERIAL;
	drv_die(DRV_EXIT_USAGE, "-m '%s': expected mix, clash or serial", m);
}

static void print_legend(const struct account *acct, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(stderr, "racelab-legend: %p %zu account %d's lock\n",
			(const void *)&acct[i].lock, sizeof(acct[i].lock),
			acct[i].id);
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 0, .iters = -1};
	struct account *acct;
	struct worker *w;
	enum mode mode;
	int naccts;
	long expected, got = 0, done = 0, refused = 0;
	bool ok = true;

	drv_parse("transfer", argc, argv, &o);
	mode = parse_mode(o.mode);
	if (o.threads == 0)
		o.threads = mode == MODE_MIX ? 4 : 2;
	if (o.iters < 0)
		o.iters = mode == MODE_MIX     ? 1000
			  : mode == MODE_CLASH ? 100000
					       : 100;
	naccts = mode == MODE_MIX ? MIX_ACCOUNTS : 2;
	acct = calloc((size_t)naccts, sizeof(*acct));
	w = calloc((size_t)o.threads, sizeof(*w));
	if (acct == NULL || w == NULL)
		drv_die(1, "out of memory");
	for (int i = 0; i < naccts; i++) {
		int rc = account_init(&acct[i], i, OPENING);

		if (rc != 0)
			drv_die(1, "account_init: %s", strerror(rc));
	}
	if (o.verbose || getenv("RACELAB_WATCHDOG") != NULL)
		print_legend(acct, naccts);
	for (int i = 0; i < o.threads; i++)
		w[i] = (struct worker){.acct = acct,
				       .naccts = naccts,
				       .index = i,
				       .nthreads = o.threads,
				       .mode = mode,
				       .iters = o.iters,
				       .rng = o.seed * 2654435761u + 1 +
					      (unsigned)i * 40503u};

	drv_run(o.threads, work, w, sizeof(*w));

	expected = (long)naccts * OPENING;
	for (int i = 0; i < naccts; i++) {
		long b = account_balance(&acct[i]);

		ok = ok && b >= 0;
		got += b;
		account_destroy(&acct[i]);
	}
	for (int i = 0; i < o.threads; i++) {
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
