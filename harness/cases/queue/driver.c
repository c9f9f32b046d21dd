/*
 * driver.c (queue) - THREADS producers each put ITERS items
 * (producer, seq) into one bounded queue; THREADS consumers get until the
 * queue says end-of-queue. The last producer to finish closes the queue, so
 * the run also exercises close: consumers drain what is left, then stop.
 * Invariant (fifo_ledger.h): every item got exactly once, FIFO per producer.
 *
 *   -t N       N producers and N consumers (default 2 + 2)
 *   -i N       items per producer
 *   -m cap=N   queue capacity (default 4: small, so both full and empty
 *              waits happen)
 *   -m turns   the try variants only, one call at a time, in a fixed order
 *              of turns: P0 puts, C0 gets, P1 puts, C1 gets, ..., ITERS
 *              rounds. The turn is passed with relaxed atomics, which
 *              order nothing, so the only happens-before between two
 *              threads' calls is whatever the queue itself provides: a
 *              queue that touches its ring before it takes its lock races
 *              with the previous call in every run, not when timing allows.
 *              (Helgrind and DRD do not model C11 atomics; the turn
 *              variable is hidden from them, see hide_from_valgrind.)
 *   -m try     the try variants racing each other where no refusal is
 *              right: the capacity holds every item, so no bq_put_try may
 *              answer EAGAIN; consumers start once every item is in and
 *              each takes ITERS, so the queue holds an item at every
 *              bq_get_try. A try that answers EAGAIN because another
 *              thread holds the queue's lock (a pthread_mutex_trylock)
 *              breaks "EAGAIN when the queue is full" / "empty": under
 *              sched, a schedule that switches threads inside a call shows
 *              it. (The queue is closed when the last put is in: a get
 *              still takes what is left.)
 *
 * Result line: "queue: 2000 put, 1999 got: 1 lost, 0 duplicated, 0
 * reordered, 0 corrupt; first: p1#17 lost".
 */
#include "driver.h"
#include "fifo_ledger.h"
#include "queue.h"

#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<valgrind/helgrind.h>) && __has_include(<valgrind/drd.h>)
#include <valgrind/drd.h>
#include <valgrind/helgrind.h>
#define HAVE_VALGRIND_HEADERS 1
#endif

struct worker {
	struct bq *q;
	struct fl_ledger *ledger;
	int id; /* producers 0..n-1, then consumers 0..n-1 */
	bool producer;
};

static pthread_mutex_t left_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_put = PTHREAD_COND_INITIALIZER; /* left hit 0 */
static int producers_left; /* guarded by left_lock */

/* -m try: the items still queued at the first bq_get_try that answered
 * EAGAIN, or 0 (guarded by left_lock). A refused put needs no record:
 * the ledger reports it. */
static long false_again;

/* -m turns: the number of calls made so far; the worker in slot s (P_k is
 * 2k, C_k is 2k+1) makes call t when t % (2 * THREADS) == s. Relaxed
 * throughout: it only paces the workers and must create no happens-before
 * (a lock or an acquire here would order each call before the next, and
 * hide the bad queue's race). */
static atomic_long turn;

/* The -m mode, set before the threads start. A worker reads it once: under
 * sched every read of a global is a schedule point, and a recorded
 * schedule (docs/labs/queue.md's) replays only against the same points. */
enum run_mode { RUN_CAP, RUN_TURNS, RUN_TRY };
static enum run_mode run_mode;

/* The last producer closes the queue; with start_consumers (-m try) it
 * also wakes the consumers that wait for every put to be in. (A flag, not
 * a read of run_mode: the other modes keep their schedule points.) */
static void producer_done(struct bq *q, bool start_consumers)
{
	drv_check(pthread_mutex_lock(&left_lock), "lock");
	if (--producers_left == 0) {
		bq_close(q);
		if (start_consumers)
			drv_check(pthread_cond_broadcast(&all_put),
				  "broadcast");
	}
	drv_check(pthread_mutex_unlock(&left_lock), "unlock");
}

static void produce(struct worker *w)
{
	long seq;
	int rc = 0;

	for (seq = 0; seq < w->ledger->iters; seq++) {
		rc = bq_put_blocking(w->q, fl_item(w->id, seq));
		if (rc != 0)
			break;
	}
	/* EPIPE: a consumer closed the queue early (see consume) */
	if (rc != 0 && rc != EPIPE)
		drv_die(1, "bq_put_blocking: %s", strerror(rc));
	w->ledger->accepted[w->id] = seq; /* main reads it after the join */
	producer_done(w->q, false);
}

static void consume(struct worker *w)
{
	struct fl_log *log = &w->ledger->logs[w->id];
	long item;
	int rc;

	while ((rc = bq_get_blocking(w->q, &item)) == 0) {
		if (!fl_record(log, item)) {
			/* more items than were put: stop the runaway, and
			 * wake everyone else with it */
			bq_close(w->q);
			return;
		}
	}
	if (rc != EPIPE)
		drv_die(1, "bq_get_blocking: %s", strerror(rc));
}

/* -m turns: wait for call number t, make it, pass the turn on. */
static void await_turn(long t)
{
	/* relaxed: pacing only (see turn) */
	while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
		sched_yield();
}

static void pass_turn(long t)
{
	/* relaxed: pacing only (see turn) */
	atomic_store_explicit(&turn, t + 1, memory_order_relaxed);
}

/* One put_try per round. A refused put (EAGAIN: the queue holds at most
 * one item here, so a full queue is already wrong; or EPIPE) stops this
 * producer: the ledger then reports the refused or lost items. */
static void produce_in_turn(struct worker *w, int slots)
{
	long seq = 0;
	int rc = 0;

	for (long r = 0; r < w->ledger->iters; r++) {
		long t = r * slots + 2 * w->id;

		await_turn(t);
		if (rc == 0)
			rc = bq_put_try(w->q, fl_item(w->id, seq));
		if (rc == 0)
			seq++;
		else if (rc != EAGAIN && rc != EPIPE)
			drv_die(1, "bq_put_try: %s", strerror(rc));
		pass_turn(t);
	}
	w->ledger->accepted[w->id] = seq; /* main reads it after the join */
	producer_done(w->q, false);
}

/* One get_try per round, right after producer id's put. EAGAIN (the item
 * just put is not there) and EPIPE pass the turn; the ledger counts what
 * was lost. At most ITERS gets: the log (room for every item) never
 * fills. */
static void consume_in_turn(struct worker *w, int slots)
{
	struct fl_log *log = &w->ledger->logs[w->id];
	long item;

	for (long r = 0; r < w->ledger->iters; r++) {
		long t = r * slots + 2 * w->id + 1;
		int rc;

		await_turn(t);
		rc = bq_get_try(w->q, &item);
		if (rc == 0)
			(void)fl_record(log, item);
		else if (rc != EAGAIN && rc != EPIPE)
			drv_die(1, "bq_get_try: %s", strerror(rc));
		pass_turn(t);
	}
}

/* -m try, a producer: every put into a queue with room for all of them.
 * An EAGAIN (the queue is never full) stops it, and the ledger reports
 * the refused put. */
static void produce_tries(struct worker *w)
{
	long seq;
	int rc = 0;

	for (seq = 0; seq < w->ledger->iters; seq++) {
		rc = bq_put_try(w->q, fl_item(w->id, seq));
		if (rc != 0)
			break;
	}
	if (rc != 0 && rc != EAGAIN)
		drv_die(1, "bq_put_try: %s", strerror(rc));
	w->ledger->accepted[w->id] = seq; /* main reads it after the join */
	producer_done(w->q, true);
}

/* -m try, a consumer: waits until every put is in, then takes ITERS with
 * bq_get_try. With THREADS consumers taking ITERS each from THREADS x
 * ITERS items, at a consumer's k-th get the others have taken at most
 * (THREADS - 1) x ITERS, so ITERS - k + 1 >= 1 items are still queued. */
static void consume_tries(struct worker *w)
{
	struct fl_log *log = &w->ledger->logs[w->id];
	long item;
	int rc;

	drv_check(pthread_mutex_lock(&left_lock), "lock");
	while (producers_left > 0)
		drv_check(pthread_cond_wait(&all_put, &left_lock), "wait");
	drv_check(pthread_mutex_unlock(&left_lock), "unlock");
	for (long k = 1; k <= w->ledger->iters; k++) {
		rc = bq_get_try(w->q, &item);
		if (rc == EAGAIN) { /* keep the first one's count */
			drv_check(pthread_mutex_lock(&left_lock), "lock");
			if (false_again == 0)
				false_again = w->ledger->iters - k + 1;
			drv_check(pthread_mutex_unlock(&left_lock), "unlock");
			return;
		}
		if (rc == EPIPE) /* a put was refused: the ledger says so */
			return;
		if (rc != 0)
			drv_die(1, "bq_get_try: %s", strerror(rc));
		(void)fl_record(log, item);
	}
}

static void *work(void *p)
{
	struct worker *w = p;
	int slots = 2 * w->ledger->producers;

	switch (run_mode) {
	case RUN_TRY:
		if (w->producer)
			produce_tries(w);
		else
			consume_tries(w);
		break;
	case RUN_TURNS:
		if (w->producer)
			produce_in_turn(w, slots);
		else
			consume_in_turn(w, slots);
		break;
	case RUN_CAP:
		if (w->producer)
			produce(w);
		else
			consume(w);
		break;
	}
	return NULL;
}

/* Helgrind and DRD see the relaxed atomics on turn as plain accesses, and
 * report them as races (on the good queue too). Tell each to ignore that
 * one variable; the queue's own memory stays fully checked. Client
 * requests are a few no-op instructions outside Valgrind. (DRD 3.19 also
 * honours Helgrind's request; its own is sent so as not to depend on that.
 * It is spelt out because DRD_IGNORE_VAR goes through
 * ANNOTATE_BENIGN_RACE_SIZED, which helgrind.h defines too, and with both
 * headers included Helgrind's definition wins.) */
static void hide_from_valgrind(void)
{
#ifdef HAVE_VALGRIND_HEADERS
	VALGRIND_HG_DISABLE_CHECKING(&turn, sizeof(turn));
	VALGRIND_DO_CLIENT_REQUEST_STMT(VG_USERREQ__DRD_START_SUPPRESSION,
					&turn, sizeof(turn), 0, 0, 0);
#endif
}

static long parse_cap(const char *mode, int threads, long iters)
{
	char *end;
	long cap;

	if (mode == NULL || run_mode == RUN_TURNS)
		return 4;
	if (run_mode == RUN_TRY) /* room for every item */
		return (long)threads * iters;
	errno = 0;
	cap = strncmp(mode, "cap=", 4) == 0 ? strtol(mode + 4, &end, 10) : -1;
	if (cap < 1 || errno != 0 || *end != '\0')
		drv_die(DRV_EXIT_USAGE,
			"-m '%s': expected cap=N (N >= 1), turns or try", mode);
	return cap;
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 2, .iters = 100000};
	struct fl_ledger ledger;
	struct worker *w;
	struct bq *q;
	bool ok;

	drv_parse("queue", argc, argv, &o);
	if (o.mode != NULL && strcmp(o.mode, "turns") == 0)
		run_mode = RUN_TURNS;
	else if (o.mode != NULL && strcmp(o.mode, "try") == 0)
		run_mode = RUN_TRY;
	fl_init(&ledger, o.threads, o.threads, o.iters);
	q = bq_create((size_t)parse_cap(o.mode, o.threads, o.iters));
	w = calloc(2 * (size_t)o.threads, sizeof(*w));
	if (q == NULL || w == NULL)
		drv_die(1, "bq_create: %s", strerror(errno));
	for (int i = 0; i < 2 * o.threads; i++)
		w[i] = (struct worker){.q = q,
				       .ledger = &ledger,
				       .id = i % o.threads,
				       .producer = i < o.threads};
	producers_left = o.threads;
	atomic_init(&turn, 0); /* before the threads */
	hide_from_valgrind();

	drv_run(2 * o.threads, work, w, sizeof(*w));

	if (false_again > 0) { /* the threads are joined: no lock */
		ok = false;
		printf("queue: bq_get_try answered EAGAIN with at least %ld "
		       "item(s) in the queue\n",
		       false_again);
	} else {
		ok = fl_check(&ledger, "queue");
	}
	bq_destroy(q);
	fl_free(&ledger);
	free(w);
	return drv_result(ok);
}
