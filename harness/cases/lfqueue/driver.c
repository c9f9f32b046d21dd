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

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
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
 * -m step: one consumer (the stepper) dequeues with the x86-64 trap flag
 * set, so the kernel stops it after every instruction (SIGTRAP). Counting
 * only the instructions that lie in the queue's own code, at the k-th it
 * waits while the other consumer (the helper) runs one whole dequeue, then
 * goes on. k = 1, 2, ... over successive dequeues, until a dequeue ends
 * before its k-th instruction: every pause point of a dequeue is tried once,
 * in order. The pause is only ever inside the queue's code, never in malloc
 * or free, so the helper cannot wait for a lock the stepper holds.
 */
#if defined(__x86_64__) && defined(__linux__)
#define STEP_MODE   1
#define TRAP_FLAG   0x100L
#define HELPER_IDLE 0
#define HELPER_GO   1
#define HELPER_STOP 2

static uintptr_t code_lo, code_hi; /* the queue's code: [lo, hi) */
static volatile long steps, step_target;
static atomic_int helper_cmd, helper_done;

static void trap_on(void)
{
	__asm__ volatile("pushfq\n\torq %0, (%%rsp)\n\tpopfq" ::"i"(TRAP_FLAG)
			 : "cc", "memory");
}

static void trap_off(void)
{
	__asm__ volatile("pushfq\n\tandq %0, (%%rsp)\n\tpopfq" ::"i"(~TRAP_FLAG)
			 : "cc", "memory");
}

/* SIGTRAP after each instruction of the stepper: at the target, the
 * helper's whole dequeue happens here. async-signal-safe: atomics and
 * sched_yield only. */
static void on_step(int sig, siginfo_t *si, void *uctx)
{
	greg_t *regs = ((ucontext_t *)uctx)->uc_mcontext.gregs;
	uintptr_t ip = (uintptr_t)regs[REG_RIP];

	(void)sig;
	(void)si;
	if (ip < code_lo || ip >= code_hi || ++steps != step_target)
		return;
	atomic_store(&helper_done, 0);
	atomic_store(&helper_cmd, HELPER_GO);
	while (!atomic_load(&helper_done))
		sched_yield();
	/* the rest of this dequeue (and a sanitizer's report) at full speed */
	regs[REG_EFL] &= ~TRAP_FLAG;
}

/* The queue's code starts at its lowest function and ends where the
 * driver's begins (the Makefile links the queue first). */
static void bound_queue_code(void)
{
	uintptr_t q[] = {(uintptr_t)lfq_create, (uintptr_t)lfq_destroy,
			 (uintptr_t)lfq_enqueue, (uintptr_t)lfq_dequeue};
	uintptr_t d[] = {(uintptr_t)produce, (uintptr_t)all_produced,
			 (uintptr_t)consume, (uintptr_t)consume_in_turn,
			 (uintptr_t)on_step, (uintptr_t)trap_on,
			 (uintptr_t)trap_off};
	uintptr_t top = 0;

	code_lo = UINTPTR_MAX;
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		code_lo = q[i] < code_lo ? q[i] : code_lo;
		top = q[i] > top ? q[i] : top;
	}
	code_hi = UINTPTR_MAX;
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (d[i] > top && d[i] < code_hi)
			code_hi = d[i];
	if (code_hi == UINTPTR_MAX || code_lo > top)
		drv_die(1, "-m step: cannot bound the queue's code (is the "
			   "queue linked before the driver?)");
}

static void step_helper(struct worker *w)
{
	struct fl_log *log = &w->ledger->logs[w->id];
	long item;
	int cmd;

	for (;;) {
		while ((cmd = atomic_load(&helper_cmd)) == HELPER_IDLE)
			sched_yield();
		if (cmd == HELPER_STOP)
			return;
		if (lfq_dequeue(w->q, &item) == 0 && !fl_record(log, item))
			drv_die(1, "the helper got more items than were put");
		atomic_store(&helper_cmd, HELPER_IDLE);
		atomic_store(&helper_done, 1);
	}
}

/* One stepped dequeue that pauses at its k-th instruction in the queue's
 * code. false when the queue was empty or the dequeue ended before. */
static bool stepped_dequeue(struct worker *w, long k)
{
	long item;
	int rc;

	steps = 0;
	step_target = k;
	trap_on();
	rc = lfq_dequeue(w->q, &item);
	trap_off();
	if (rc == 0 && !fl_record(&w->ledger->logs[w->id], item))
		drv_die(1, "the stepper got more items than were put");
	return rc == 0 && steps >= k;
}

static void step_stepper(struct worker *w)
{
	long item;

	for (long k = 1; stepped_dequeue(w, k); k++)
		;
	atomic_store(&helper_cmd, HELPER_STOP);
	while (lfq_dequeue(w->q, &item) == 0) /* the rest, unstepped */
		if (!fl_record(&w->ledger->logs[w->id], item))
			drv_die(1, "the stepper got more items than were put");
}
static void step_setup(void)
{
	struct sigaction sa;

	bound_queue_code();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_step;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTRAP, &sa, NULL) != 0)
		drv_die(1, "sigaction: %s", strerror(errno));
}
#else
#define STEP_MODE 0
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
#if STEP_MODE
	else if (mode == MODE_STEP && w->id == 0)
		step_stepper(w);
	else if (mode == MODE_STEP)
		step_helper(w);
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
	else if (strcmp(m, "step") == 0 && STEP_MODE)
		mode = MODE_STEP;
	else
		drv_die(DRV_EXIT_USAGE, "-m '%s': the modes are turns%s", m,
			STEP_MODE ? " and step" : " (step needs x86-64 Linux)");
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
