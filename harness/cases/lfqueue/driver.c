/*
 * driver.c (lfqueue) - THREADS producers each enqueue ITERS items
 * (producer, seq); THREADS consumers dequeue until every producer is done
 * and the queue is empty. Invariant (fifo_ledger.h): every item got exactly
 * once, FIFO per producer. (Nothing leaked at destroy is checked outside:
 * valgrind --leak-check=full or -fsanitize=address; see the expect file.)
 *
 *   -t N       N producers and N consumers (default 2 + 2)
 *   -i N       items per producer
 *   -m turns   consumers wait until every item is in, then dequeue strictly
 *              in turn (0, 1, ..., n-1, 0, ...), so consecutive items always
 *              go to different threads: the pattern in which the bad queue
 *              frees a node another consumer is still reading. The turn is
 *              passed with relaxed atomics, which order nothing, so TSan
 *              sees that race on every run instead of when timing allows.
 *   -m step    (x86-64 Linux) the main thread puts -i items, then two
 *              consumers: one dequeues single-stepped and, at its k-th
 *              instruction in the queue's code, waits while the other runs
 *              a whole dequeue; k = 1, 2, ... until a dequeue ends first.
 *              Every pause point is tried once, so the bad queue's use of a
 *              freed node really happens in every run (ASan sees only what
 *              happens; -t is ignored).
 *
 * A consumer that finds the queue empty yields and retries: the queue never
 * blocks. A crash (the bad queue follows freed nodes) is reported as a
 * result line and exit 3, not as a signal death.
 *
 * Result line: "lfqueue: 2000 put, 2001 got: 0 lost, 1 duplicated, 0
 * reordered, 0 corrupt; first: p0#17 got twice (consumers 0 and 1)".
 */
#include "driver.h"
#include "fifo_ledger.h"
#include "lfqueue.h"
#include "pause.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct worker {
	struct lfq *q;
	struct fl_ledger *ledger;
	int id; /* producers 0..n-1, then consumers 0..n-1 */
	bool producer;
};

/*
 * Producers still running. Only producers write it (release) and consumers
 * only read it (acquire), so consumers never synchronize with each other
 * through the driver: a lock here would give TSan a happens-before edge
 * from one consumer to the next on every poll, and hide the bad queue's
 * races unless two dequeues really overlapped. (Helgrind and DRD do not
 * model these atomics; the queue's own atomics already draw their reports.)
 */
static atomic_int producers_left;

/* -m turns: whose turn it is to dequeue, or TURNS_OVER. Relaxed throughout:
 * it only paces the consumers and must create no happens-before. */
#define TURNS_OVER -1
static atomic_int turn;
static enum { MODE_FREE, MODE_TURNS, MODE_STEP } mode;

static void produce(struct worker *w)
{
	for (long seq = 0; seq < w->ledger->iters; seq++) {
		int rc = lfq_enqueue(w->q, fl_item(w->id, seq));

		if (rc != 0)
			drv_die(1, "lfq_enqueue: %s", strerror(rc));
	}
	w->ledger->accepted[w->id] = w->ledger->iters; /* read after join */
	/* release: our enqueues happen before a consumer that reads the
	 * count our decrement (or a later one, via the release sequence of
	 * these RMWs) left */
	atomic_fetch_sub_explicit(&producers_left, 1, memory_order_release);
}

static bool all_produced(void)
{
	/* acquire: pairs with the producers' release decrements (above) */
	return atomic_load_explicit(&producers_left, memory_order_acquire) == 0;
}

static void consume(struct worker *w)
{
	struct fl_log *log = &w->ledger->logs[w->id];
	long item;

	for (;;) {
		/* acquire, and read before dequeuing: once it reads 0, every
		 * enqueue happened before this point, so an empty queue after
		 * it is empty for good */
		bool done = all_produced();
		int rc = lfq_dequeue(w->q, &item);

		if (rc == 0) {
			if (!fl_record(log, item))
				return; /* more items than were put */
			continue;
		}
		if (rc != EAGAIN)
			drv_die(1, "lfq_dequeue: %s", strerror(rc));
		if (done)
			return;
		sched_yield();
	}
}

static void consume_in_turn(struct worker *w)
{
	struct fl_log *log = &w->ledger->logs[w->id];
	int n = w->ledger->consumers, t;
	long item;

	while (!all_produced())
		sched_yield();
	for (;;) {
		/* relaxed: pacing only (see turn) */
		while ((t = atomic_load_explicit(
			    &turn, memory_order_relaxed)) != w->id &&
		       t != TURNS_OVER)
			sched_yield();
		if (t == TURNS_OVER)
			return;
		if (lfq_dequeue(w->q, &item) != 0 || !fl_record(log, item)) {
			/* relaxed: pacing only; empty after all_produced(),
			 * or a runaway: either way everyone stops */
			atomic_store_explicit(&turn, TURNS_OVER,
					      memory_order_relaxed);
			return;
		}
		/* relaxed: pacing only */
		atomic_store_explicit(&turn, (w->id + 1) % n,
				      memory_order_relaxed);
	}
}

/* -------------------------------------------------------- -m step */

/*
 * -m step: the main thread puts every item first; then consumer 0 dequeues
 * paused at its k-th instruction in the queue's code while consumer 1 runs
 * one whole dequeue (pause.h), k = 1, 2, ... over successive dequeues,
 * until a dequeue ends before its k-th instruction or the items run out:
 * every pause point of a dequeue is tried once, in order.
 */
#if PAUSE_SUPPORTED
struct dequeue_call {
	struct lfq *q;
	long item;
};

static int dequeue_call(void *p)
{
	struct dequeue_call *d = p;

	return lfq_dequeue(d->q, &d->item);
}

static void take(struct worker *w, long item)
{
	if (!fl_record(&w->ledger->logs[w->id], item))
		drv_die(1, "consumer %d got more items than were put", w->id);
}

static void step_partner(struct worker *w)
{
	long item;

	while (pause_partner_wait()) {
		if (lfq_dequeue(w->q, &item) == 0)
			take(w, item);
		pause_partner_done();
	}
}

static void step_paused(struct worker *w)
{
	struct dequeue_call d = {.q = w->q};
	bool reached = true;
	int rc;

	for (long k = 1; reached; k++) {
		reached = pause_call_at(k, dequeue_call, &d, &rc);
		if (rc != 0)
			break; /* empty: the items ran out first */
		take(w, d.item);
	}
	pause_partner_stop();
	while (lfq_dequeue(w->q, &d.item) == 0) /* the rest, unpaused */
		take(w, d.item);
}

/* The queue's code: its functions, up to the driver's (the Makefile links
 * the queue first). */
static void step_setup(void)
{
	const uintptr_t queue[] = {
	    (uintptr_t)lfq_create, (uintptr_t)lfq_destroy,
	    (uintptr_t)lfq_enqueue, (uintptr_t)lfq_dequeue};
	const uintptr_t driver[] = {
	    (uintptr_t)produce,	     (uintptr_t)all_produced,
	    (uintptr_t)consume,	     (uintptr_t)consume_in_turn,
	    (uintptr_t)dequeue_call, (uintptr_t)take,
	    (uintptr_t)pause_on_trap};

	pause_setup(queue, sizeof(queue) / sizeof(*queue), driver,
		    sizeof(driver) / sizeof(*driver));
}
#else
static void step_setup(void)
{
}
#endif

static void *work(void *p)
{
	struct worker *w = p;

	if (w->producer)
		produce(w);
	else if (mode == MODE_TURNS)
		consume_in_turn(w);
#if PAUSE_SUPPORTED
	else if (mode == MODE_STEP && w->id == 0)
		step_paused(w);
	else if (mode == MODE_STEP)
		step_partner(w);
#endif
	else
		consume(w);
	return NULL;
}

static void crashed(int sig)
{
	static const char msg[] = "lfqueue: crashed: a thread followed a "
				  "freed or corrupt node (signal ";
	char num[8] = {0};
	int n = 0;

	for (int s = sig; s > 0 && n < 3; s /= 10)
		n++;
	for (int i = n - 1, s = sig; i >= 0; i--, s /= 10)
		num[i] = (char)('0' + s % 10);
	/* async-signal-safe: write() and _exit() only */
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0 ||
	    write(STDOUT_FILENO, num, (size_t)n) < 0 ||
	    write(STDOUT_FILENO, ")\n", 2) < 0)
		_exit(DRV_EXIT_INVARIANT);
	drv_broken();
	_exit(DRV_EXIT_INVARIANT);
}

static void catch_crashes(void)
{
	static const int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = crashed;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) != 0)
			drv_die(1, "sigaction: %s", strerror(errno));
}

/* -m MODE, or dies naming the modes there are. */
static void parse_mode(const char *m)
{
	if (m == NULL)
		mode = MODE_FREE;
	else if (strcmp(m, "turns") == 0)
		mode = MODE_TURNS;
	else if (strcmp(m, "step") == 0 && PAUSE_SUPPORTED)
		mode = MODE_STEP;
	else
		drv_die(DRV_EXIT_USAGE, "-m '%s': the modes are turns%s", m,
			PAUSE_SUPPORTED ? " and step"
					: " (step needs x86-64 Linux)");
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 2, .iters = 100000};
	struct fl_ledger ledger;
	struct worker *w;
	struct lfq *q;
	bool ok;
	int producers, consumers, nw;

	drv_parse("lfqueue", argc, argv, &o);
	parse_mode(o.mode);
	/* step: the main thread puts every item first, two consumers */
	producers = mode == MODE_STEP ? 1 : o.threads;
	consumers = mode == MODE_STEP ? 2 : o.threads;
	nw = mode == MODE_STEP ? 2 : producers + consumers;
	fl_init(&ledger, producers, consumers, o.iters);
	q = lfq_create();
	w = calloc((size_t)nw + 1, sizeof(*w));
	if (q == NULL || w == NULL)
		drv_die(1, "lfq_create: %s", strerror(errno));
	for (int i = 0; i < producers + consumers; i++)
		w[i] = (struct worker){.q = q,
				       .ledger = &ledger,
				       .id = i < producers ? i : i - producers,
				       .producer = i < producers};
	atomic_init(&producers_left, producers); /* before the threads */
	atomic_init(&turn, 0);
	catch_crashes();
	if (mode == MODE_STEP) {
		produce(&w[0]); /* w[1], w[2]: the two consumers */
		step_setup();
	}
	drv_run(nw, work, mode == MODE_STEP ? &w[1] : w, sizeof(*w));

	ok = fl_check(&ledger, "lfqueue");
	lfq_destroy(q);
	fl_free(&ledger);
	free(w);
	return drv_result(ok);
}
