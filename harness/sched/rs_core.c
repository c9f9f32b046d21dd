/*
 * rs_core.c - the baton, the thread table and the run itself.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * One real mutex (rs_g.lock) and one futex word per thread (the baton). At
 * every schedule point the running thread, holding rs_g.lock, asks the
 * strategy for the next thread among the enabled ones, sets rs_g.current,
 * puts the baton in that thread's word, releases the lock, wakes it (only
 * if it sleeps) and sleeps on its own word until the baton comes back (the
 * loop absorbs spurious futex wakeups). So exactly one program thread runs
 * between two schedule points, and the order is a pure function of the
 * strategy's choices. Two system calls per hand-over, none when the
 * strategy keeps the running thread.
 *
 * A blocking call (lock, join, sem_wait, ...) is the same schedule point with
 * the thread's wait set: the thread is a candidate only while its request is
 * enabled (mutex free, target finished, count > 0), so when it gets the baton
 * back the request succeeds at once. No live thread enabled = deadlock,
 * unless a timed wait can time out (timeouts fire only when nothing else can
 * run).
 *
 * The run: __wrap_main (linked with -Wl,--wrap=main) starts it, optionally
 * forking children that make the schedules first (the fork server,
 * `runs=N`; a child makes one schedule after another when the program can
 * be reset between them, rs_worker.c), and __wrap_exit / main's return /
 * __assert_fail / a fatal signal end it.
 */
#include "rs.h"
#include "sched_channel.h"
#include "sched_exit.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

struct rs_global rs_g = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
};
struct rs_config rs_cfg;
__thread struct rs_thread *rs_self;

static bool rs_inited;
/* where each run starts in __wrap_main (a worker's later runs too) */
static jmp_buf rs_run_start;

/* Shared with the fork server's parent: what the child learned, and
 * whether it ended through the runtime (a pass, or a report written). */
struct rs_shared *rs_shared;
/* where the watchdog reads progress: rs_g's own, or, in a fork-server
 * child its parent watches, the memory it shares with it */
static volatile unsigned long *rs_progress = &rs_g.progress;

static void rs_signals_install(void);
static void rs_thread_signals_end(void);
static void rs_watchdog_start(void);
static void rs_on_watch(int sig);

/* ------------------------------------------------------------ basics */

void rs_lock(void)
{
	int rc = __real_pthread_mutex_lock(&rs_g.lock);

	if (rc != 0) {
		fprintf(stderr, "racelab sched: baton lock: %s\n",
			strerror(rc));
		_exit(RS_EXIT_CONFIG);
	}
}

static void rs_baton_wake(void);

void rs_unlock(void)
{
	__real_pthread_mutex_unlock(&rs_g.lock);
	rs_baton_wake();
}

const char *rs_tname(int tid, char *buf, size_t len)
{
	if (tid == 0)
		snprintf(buf, len, "main");
	else
		snprintf(buf, len, "T%d", tid);
	return buf;
}

/* The program's call site of the function the thread is in (for locks:
 * "acquired in transfer, called from worker at driver.c:40"). */
uintptr_t rs_caller(const struct rs_thread *t)
{
	if (t->depth <= 0 || t->depth > RS_STACK_DEPTH)
		return 0;
	return t->stack[t->depth - 1];
}

/*
 * A slot whose thread can never be named again: finished, and joined or
 * detached (no join can come), holding no lock. Slots are reused only once
 * all RS_MAX_THREADS have been handed out, so the threads of a small program
 * keep distinct names (T1, T2, ...) in the trace.
 */
static int rs_free_slot(void)
{
	for (int i = 1; i < rs_g.nthreads; i++) {
		const struct rs_thread *t = rs_g.threads[i];

		if (t->state == RS_T_FINISHED && (t->joined || t->detached) &&
		    !rs_obj_held_by(t->tid))
			return i;
	}
	return -1;
}

struct rs_thread *rs_thread_new(void)
{
	struct rs_thread *t, *old = NULL;
	int slot = rs_g.nthreads;

	if (slot >= RS_MAX_THREADS) {
		slot = rs_free_slot();
		if (slot < 0)
			rs_unsupported(rs_self != NULL ? rs_self->last_pc : 0,
				       "more than " RS_STR(
					   RS_MAX_THREADS) " "
							   "threads alive or "
							   "unjoined at once");
		old = rs_g.threads[slot];
	}
	t = __real_calloc(1, sizeof(*t));
	if (t == NULL)
		rs_die(RS_EXIT_CONFIG, "error", "out of memory");
	t->tid = slot;
	t->state = RS_T_LIVE;
	t->wait = RS_W_NONE;
	rs_g.threads[slot] = t;
	if (old == NULL)
		rs_g.nthreads++;
	else if (old->joined) /* its real thread is gone: nobody uses it */
		__real_free(old);
	/* (a detached one's real thread may still be leaving: keep it) */
	rs_g.live++;
	rs_strategy_thread(t);
	return t;
}

/* ------------------------------------------------------------ init */

void rs_init(void)
{
	char err[256];
	const char *spec;

	if (rs_inited)
		return;
	rs_inited = true;
	/* one thread runs at a time: one malloc arena is enough, and a new
	 * thread then does not map an arena of its own (3 system calls and
	 * page faults per thread per schedule) */
	mallopt(M_ARENA_MAX, 1);
	rs_channel_init();
	spec = getenv("RACELAB_SCHED");
	if (rs_config_parse(spec, &rs_cfg, err, sizeof(err)) != 0)
		rs_die(RS_EXIT_CONFIG, "error",
		       "RACELAB_SCHED: %s (keys: strategy=portfolio|random|"
		       "pos|pct|exhaustive depth=D seed=S runs=N maxsteps=N k=N "
		       "bound=N watchdog=MS trace=N budget=MS mainvoid=1 "
		       "spurious=N jobs=N preemptions=P prefix=1 first=I "
		       "memory=sc|c11 fork=1 reset=0 shrink=0)",
		       err);
	/* set but empty is a malformed schedule, not "no replay" */
	rs_cfg.replay = getenv("RACELAB_SCHED_REPLAY");
	if (rs_cfg.replay != NULL)
		rs_cfg.strategy = RS_REPLAY;
	rs_g.ev = __real_calloc((size_t)rs_cfg.trace_cap, sizeof(*rs_g.ev));
	if (rs_g.ev == NULL)
		rs_die(RS_EXIT_CONFIG, "error", "out of memory for the trace");
	/* The main thread is tid 0 from the start. */
	rs_self = rs_thread_new();
	rs_g.current = 0;
}

/* ------------------------------------------------------------ recording */

struct rs_event *rs_record(struct rs_thread *me, enum rs_ev_kind k,
			   uintptr_t addr, int size, uintptr_t pc,
			   long long value, bool has_value, int aux)
{
	struct rs_event *e;

	rs_g.nev++;
	e = &rs_g.ev[(rs_g.nev - 1) % (unsigned long)rs_cfg.trace_cap];
	e->step = rs_g.nev;
	e->addr = addr;
	e->pc = pc;
	e->value = value;
	e->value2 = 0;
	e->tid = me->tid;
	e->aux = aux;
	e->kind = (unsigned char)k;
	e->size = (unsigned char)size;
	e->flags = (unsigned char)((has_value ? RS_EVF_VALUE : 0) |
				   (rs_g.live > 1 ? RS_EVF_CONCURRENT : 0));
	if (pc != 0)
		me->last_pc = pc;
	if (rs_cfg.c11)
		rs_c11_event(me, k, aux);
	return e;
}

/* The value at addr as a signed integer of its size (unaligned is fine:
 * memcpy). Only called on memory the program is about to touch or just did. */
long long rs_load_value(uintptr_t addr, int size)
{
	signed char c;
	short s;
	int i;
	long long l;

	switch (size) {
	case 1:
		memcpy(&c, (const void *)addr, 1);
		return c;
	case 2:
		memcpy(&s, (const void *)addr, 2);
		return s;
	case 4:
		memcpy(&i, (const void *)addr, 4);
		return i;
	case 8:
		memcpy(&l, (const void *)addr, 8);
		return l;
	default:
		return 0;
	}
}

/*
 * A write's value is not known when its hook runs (the hook comes before
 * the store), but it is at the thread's next entry into the runtime: no
 * other thread ran in between.
 */
void rs_resolve_pending(struct rs_thread *t)
{
	struct rs_event *e;

	if (!t->pending)
		return;
	t->pending = false;
	if (rs_g.nev - t->pending_step >= (unsigned long)rs_cfg.trace_cap)
		return; /* fell out of the ring */
	e = &rs_g.ev[(t->pending_step - 1) % (unsigned long)rs_cfg.trace_cap];
	if (e->step != t->pending_step)
		return;
	e->value = rs_load_value(t->pending_addr, t->pending_size);
	e->flags |= RS_EVF_VALUE;
}

/* ------------------------------------------------------------ scheduling */

struct rs_thread *rs_enter(void)
{
	struct rs_thread *me = rs_self;

	/* (rs_g.active is read under the lock only: rs.h's contract) */
	if (me == NULL || me->state != RS_T_LIVE)
		return NULL;
	rs_lock();
	if (!rs_g.active) {
		rs_unlock();
		return NULL;
	}
	rs_resolve_pending(me);
	return me;
}

bool rs_enabled(const struct rs_thread *t)
{
	if (t->state != RS_T_LIVE)
		return false;
	switch (t->wait) {
	case RS_W_NONE:
		return true;
	case RS_W_MUTEX:
		return t->wobj->owner < 0;
	case RS_W_RDLOCK:
		return t->wobj->owner < 0;
	case RS_W_WRLOCK:
		return t->wobj->owner < 0 && t->wobj->nreaders == 0;
	case RS_W_SEM:
		return t->wobj->count > 0;
	case RS_W_JOIN:
		return rs_g.threads[t->wtid]->state == RS_T_FINISHED;
	case RS_W_BARRIER:
		return t->wobj->gen != t->wgen;
	case RS_W_ONCE:
		return t->wobj->once_state != 1;
	case RS_W_COND:
	case RS_W_SLEEP:
		return false;
	}
	return false;
}

/*
 * Timed waits and sleeps. A timeout is a scheduler choice, made on a
 * virtual clock: each timed wait's deadline is rs_g.vnow plus its timeout,
 * and only the earliest pending deadline may fire (a 1 s timeout ends
 * before a 2 s sleep), advancing rs_g.vnow to it. Within that order:
 *  - a sleep may end at any step: nothing orders the sleeper's wakeup
 *    against the other threads (a loaded machine can delay them for longer
 *    than any sleep), so a sleep used as synchronisation is found out;
 *  - a timed wait (timedwait, timedlock, timedjoin) times out only when it
 *    cannot decide an order by luck: when no other thread can run, or when
 *    the others have only been spinning since the wait began (one of them
 *    yielded, or RS_TIMEOUT_PATIENCE schedule points went by). Without that
 *    rule a waiter beside a thread that spins until the waiter acts would
 *    never wake, and a correct program would look like a livelock.
 */
#define RS_TIMEOUT_PATIENCE 1000

static bool rs_timed_waiting(const struct rs_thread *t)
{
	return t->state == RS_T_LIVE && t->wait != RS_W_NONE && t->timed;
}

/* The earliest deadline of a pending timed wait (LLONG_MAX: none). */
static long long rs_next_deadline(void)
{
	long long d = LLONG_MAX;

	for (int i = 0; i < rs_g.nthreads; i++)
		if (rs_timed_waiting(rs_g.threads[i]) &&
		    rs_g.threads[i]->wdeadline < d)
			d = rs_g.threads[i]->wdeadline;
	return d;
}

static bool rs_timeout_due(const struct rs_thread *t, long long next)
{
	return rs_timed_waiting(t) && t->wdeadline == next &&
	       (t->wait == RS_W_SLEEP || rs_g.yields != t->wyields ||
		rs_g.steps - t->wstart >= RS_TIMEOUT_PATIENCE);
}

/* A timed wait gives up. */
static void rs_fire_timeout(struct rs_thread *t)
{
	if (t->wdeadline > rs_g.vnow)
		rs_g.vnow = t->wdeadline;
	t->timed_out = true;
	t->timed = false;
	if (t->wait == RS_W_COND) {
		/* pthread_cond_timedwait still takes the mutex back */
		t->wait = RS_W_MUTEX;
		t->wobj = t->cmutex;
	} else {
		t->wait = RS_W_NONE;
	}
}

static void rs_deadlock(void) __attribute__((noreturn));

/*
 * Spurious wakeups (RACELAB_SCHED spurious=N): POSIX lets a cond wait
 * return without a signal, so a thread parked in one is also a choice, up
 * to N times per schedule. It is offered only beside a thread that can
 * really run (Shuttle's rule): a wakeup nobody caused is no progress, so
 * threads that could only wake spuriously are still a deadlock, and the
 * bound keeps a `while` waiter woken again and again from running forever.
 */
static bool rs_spurious_ok(const struct rs_thread *t)
{
	return rs_cfg.spurious > 0 &&
	       rs_g.spurious < (unsigned long)rs_cfg.spurious &&
	       t->state == RS_T_LIVE && t->wait == RS_W_COND;
}

/* The waiter wakes without a signal and asks for its mutex back. */
static void rs_fire_spurious(struct rs_thread *t)
{
	rs_g.spurious++;
	t->spurious = true;
	t->timed = false;
	t->wait = RS_W_MUTEX;
	t->wobj = t->cmutex;
}

/* The threads that may run next: enabled ones, due timeouts and (beside
 * them) spurious wakeups; when there are none, any timed wait with the
 * earliest deadline (its timeout is all that can happen). *spur: a chosen
 * thread that is neither enabled nor due wakes spuriously. */
static int rs_candidates(struct rs_thread **cand, long long *next, bool *spur)
{
	int n = 0, real = 0;

	*next = rs_next_deadline();
	*spur = true;
	for (int i = 0; i < rs_g.nthreads; i++) {
		struct rs_thread *t = rs_g.threads[i];

		if (rs_enabled(t) || rs_timeout_due(t, *next)) {
			cand[n++] = t;
			real++;
		} else if (rs_spurious_ok(t)) {
			cand[n++] = t;
		}
	}
	if (real > 0)
		return n;
	n = 0;
	*spur = false;
	for (int i = 0; i < rs_g.nthreads; i++) {
		struct rs_thread *t = rs_g.threads[i];

		if (rs_timed_waiting(t) && t->wdeadline == *next)
			cand[n++] = t;
	}
	return n;
}

/* The next thread to run; never returns when nothing can run. A chosen
 * thread that is not enabled times out or, a cond waiter whose timeout is
 * not due, wakes spuriously: the choice and the state decide which, so a
 * schedule string replays it exactly. */
static struct rs_thread *rs_choose(void)
{
	struct rs_thread *cand[RS_MAX_THREADS], *t;
	long long next;
	bool spur;
	int n;

	for (;;) {
		n = rs_candidates(cand, &next, &spur);
		if (n == 0)
			rs_deadlock();
		t = rs_strategy_pick(cand, n);
		if (rs_enabled(t))
			return t;
		if (spur && !rs_timeout_due(t, next))
			rs_fire_spurious(t);
		else
			rs_fire_timeout(t);
		/* (a woken cond waiter may still wait for its mutex) */
		if (rs_enabled(t))
			return t;
	}
}

static void rs_count_step(void)
{
	rs_g.steps++;
	/* relaxed is enough: the watchdog only compares successive values */
	__atomic_store_n(rs_progress, rs_g.steps, __ATOMIC_RELAXED);
	if (rs_cfg.maxsteps > 0 && rs_g.steps > (unsigned long)rs_cfg.maxsteps)
		rs_die(RS_EXIT_STEP_BOUND, "step-bound",
		       "more than %ld schedule points (maxsteps): a livelock, "
		       "a spin loop that never gives up, or a run too long "
		       "for sched (use smaller -i)",
		       rs_cfg.maxsteps);
}

/* ------------------------------------------------------------ the baton */

/*
 * A thread's baton word: RS_BATON_NONE while another thread runs,
 * RS_BATON_SLEEP once it sleeps on the word (so the giver knows a wake is
 * needed), RS_BATON_HELD when it has been given the baton. Only the owner
 * moves its word away from HELD, only a giver (holding rs_g.lock) moves it
 * to HELD.
 */
enum { RS_BATON_NONE, RS_BATON_SLEEP, RS_BATON_HELD };

/* a baton given whose owner may sleep: woken by rs_unlock, after the lock
 * is free, so that the woken thread does not block on it at once */
static __thread unsigned int *rs_wake_due;

static void rs_futex(unsigned int *word, int op, unsigned int val)
{
	syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

static void rs_baton_wake(void)
{
	unsigned int *w = rs_wake_due;

	if (w == NULL)
		return;
	rs_wake_due = NULL;
	rs_futex(w, FUTEX_WAKE_PRIVATE, 1);
}

/* Called with rs_g.lock held: next runs after the caller's rs_unlock. */
void rs_baton_give(struct rs_thread *next)
{
	rs_g.current = next->tid;
	/* release: next reads the model only after it sees HELD (and after
	 * taking rs_g.lock, which orders the rest) */
	if (__atomic_exchange_n(&next->baton, RS_BATON_HELD,
				__ATOMIC_RELEASE) == RS_BATON_SLEEP)
		rs_wake_due = &next->baton;
}

/* Called with rs_g.lock held; returns with it held, holding the baton. */
void rs_baton_wait(struct rs_thread *me)
{
	rs_unlock();
	rs_baton_first(me);
}

/* A new thread's first wait: without rs_g.lock, which its creator still
 * holds (taking it first would block and cost two more context switches);
 * returns with it held, holding the baton. */
void rs_baton_first(struct rs_thread *me)
{
	unsigned int w;

	for (;;) {
		w = RS_BATON_NONE;
		/* acquire: pairs with the giver's release */
		if (__atomic_compare_exchange_n(&me->baton, &w, RS_BATON_SLEEP,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_ACQUIRE) ||
		    w == RS_BATON_SLEEP) {
			rs_futex(&me->baton, FUTEX_WAIT_PRIVATE,
				 RS_BATON_SLEEP);
			continue;
		}
		break; /* HELD */
	}
	__atomic_store_n(&me->baton, RS_BATON_NONE, __ATOMIC_RELAXED);
	rs_lock();
}

void rs_point(struct rs_thread *me)
{
	struct rs_thread *next;

	rs_count_step();
	me->wpc = me->last_pc;
	next = rs_choose();
	if (next == me)
		return;
	rs_baton_give(next);
	rs_baton_wait(me);
}

void rs_thread_finish(struct rs_thread *me, void *retval)
{
	struct rs_thread *next;

	if (me == rs_self)
		rs_thread_signals_end();
	rs_record(me, RS_EV_EXIT, 0, 0, 0, 0, false, 0);
	me->state = RS_T_FINISHED;
	me->retval = retval;
	me->wait = RS_W_NONE;
	rs_g.live--;
	if (rs_g.live == 0)
		return; /* the process ends with this thread */
	rs_count_step();
	next = rs_choose();
	rs_baton_give(next);
}

/* ------------------------------------------------------------ failures */

/* A fork-server child tells its parent how it ended. */
static void rs_mark(int state)
{
	if (rs_shared == NULL)
		return;
	rs_shared->decisions = rs_g.decisions;
	rs_shared->state = state;
}

typedef void (*rs_extra_fn)(FILE *f, void *arg);

/* Report a failing run: the headline, the trace and extra's lines. */
static void rs_fail(int code, const char *kind, const char *headline,
		    rs_extra_fn extra, void *arg)
{
	struct rs_result r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	/* a replay that stops early with the recorded failure still has to
	 * have used the whole schedule */
	if (strcmp(kind, "diverged") != 0)
		rs_strategy_end_check();
	rs_g.active = false;
	rs_shrink_note(kind, headline);
	rs_result_here(&r, kind, code);
	r.headline = headline;
	f = open_memstream(&buf, &len);
	if (f != NULL) {
		fprintf(f, "==== racelab sched: %s ====\n", headline);
		rs_report_trace(f);
		if (extra != NULL)
			extra(f, arg);
		fclose(f);
		r.text = buf;
		r.len = len;
	}
	rs_channel_result(&r);
	rs_mark(RS_RUN_REPORTED);
	/* open_memstream's buffer: libc's malloc, never tracked */
	__real_free(buf);
}

void rs_die(int code, const char *kind, const char *fmt, ...)
{
	struct rs_result r;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (code != RS_EXIT_CONFIG && rs_g.in_main) {
		rs_fail(code, kind, msg, NULL, NULL);
	} else {
		/* no run to show: the message alone */
		rs_g.active = false;
		rs_result_here(&r, kind, code);
		r.headline = msg;
		rs_channel_result(&r);
		rs_mark(RS_RUN_REPORTED);
	}
	fflush(stdout);
	_exit(code);
}

/* The program used what the model cannot follow: not a finding, the
 * program was not judged (exit RS_EXIT_UNSUPPORTED, kind "unsupported"). */
void rs_unsupported(uintptr_t pc, const char *call)
{
	const struct rs_sym *s = rs_sym_get(pc);

	rs_die(RS_EXIT_UNSUPPORTED, "unsupported",
	       "unsupported: %s at %s:%d (the sched runtime does not model "
	       "it; see docs/sched.md, \"What is modelled\")",
	       call, s->file, s->line);
}

void rs_crash_report(const char *headline, void (*extra)(FILE *, void *),
		     void *arg)
{
	fflush(stdout);
	rs_fail(RS_EXIT_CRASH, "crash", headline, extra, arg);
	_exit(RS_EXIT_CRASH);
}

static void rs_deadlock_extra(FILE *f, void *arg)
{
	(void)arg;
	rs_report_deadlock(f);
}

/* Is a handled signal armed to arrive later: an itimer (alarm included)
 * whose signal has a handler, or a POSIX timer? Timer signals are not
 * modelled (docs/sched.md, Limits), so such a handler might end a wait. */
static bool rs_timer_may_wake(void)
{
	static const struct {
		int which, sig;
	} timers[] = {{ITIMER_REAL, SIGALRM},
		      {ITIMER_VIRTUAL, SIGVTALRM},
		      {ITIMER_PROF, SIGPROF}};
	char line[128];
	bool posix_timer = false;
	FILE *f;

	for (size_t i = 0; i < sizeof(timers) / sizeof(timers[0]); i++) {
		struct itimerval it;
		struct sigaction sa;

		if (getitimer(timers[i].which, &it) == 0 &&
		    (it.it_value.tv_sec != 0 || it.it_value.tv_usec != 0) &&
		    __real_sigaction(timers[i].sig, NULL, &sa) == 0 &&
		    sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN)
			return true;
	}
	if ((f = fopen("/proc/self/timers", "r")) != NULL) {
		posix_timer = fgets(line, sizeof(line), f) != NULL;
		fclose(f);
	}
	return posix_timer;
}

static void rs_deadlock(void)
{
	char head[256];

	/* A cycle is proof. A wait with no cycle might still be ended by a
	 * timer signal's handler, which the model does not run: no verdict
	 * then, rather than a false deadlock. */
	if (!rs_deadlock_has_cycle() && rs_timer_may_wake())
		rs_die(RS_EXIT_UNSUPPORTED, "unsupported",
		       "unsupported: every thread waits and only a timer "
		       "signal's handler (alarm, setitimer, timer_create) "
		       "could end the wait; timer signals are not modelled");

	/* a lock cycle, a lost wakeup, or a wait nobody is left to end */
	rs_report_deadlock_headline(head, sizeof(head));
	fflush(stdout);
	rs_fail(RS_EXIT_DEADLOCK, "deadlock", head, rs_deadlock_extra, NULL);
	_exit(RS_EXIT_DEADLOCK);
}

static void rs_invariant_extra(FILE *f, void *arg)
{
	fprintf(f, "%s\n", (const char *)arg);
}

/* The run ended with status 0: nothing to show, only that it passed. */
static void rs_pass(void)
{
	struct rs_result r;

	rs_strategy_end_check();
	rs_g.active = false;
	if (rs_shared != NULL) {
		rs_mark(RS_RUN_PASSED); /* the parent speaks for it */
		return;
	}
	rs_result_here(&r, "pass", 0);
	rs_channel_result(&r);
}

/*
 * A driver or contract check that ends through its own last line says so
 * when it starts (racelab_sched_expect_end, from drv_parse or ct_main)
 * and again at that line (racelab_sched_end). A run that ends with status
 * 0 between the two was cut short by exit() in the code under test: its
 * checks never ran, and it must not pass. Programs that never call them
 * (anything scanned) end as before.
 */
void racelab_sched_expect_end(void);
void racelab_sched_expect_end(void)
{
	rs_g.end_expected = true;
}

void racelab_sched_end(void);
void racelab_sched_end(void)
{
	rs_g.end_reached = true;
}

/*
 * The program ends with status: 0 passes, 3 is the drivers' "invariant
 * broken", any other status is the program saying this run failed. The
 * verdict travels on the channel; the status is only the process's.
 */
void rs_finish_program(int status)
{
	struct rs_thread *me = rs_self;
	bool locked = false;
	char head[96];

	if (rs_g.active && me != NULL) {
		rs_lock();
		locked = true;
		rs_resolve_pending(me);
	}
	if (rs_g.in_main && rs_g.active) {
		fflush(stdout);
		if (status == RS_EXIT_INVARIANT) {
			rs_fail(RS_EXIT_INVARIANT, "invariant",
				"invariant failure: the program exited with "
				"status 3",
				rs_invariant_extra,
				"the program's own check failed (its result "
				"line is on stdout)");
		} else if (status != 0) {
			snprintf(head, sizeof(head),
				 "the program exited with status %d", status);
			rs_fail(status, "exit", head, NULL, NULL);
		} else if (rs_g.end_expected && !rs_g.end_reached) {
			rs_fail(RS_EXIT_INVARIANT, "invariant",
				"invariant failure: the program exited with "
				"status 0 before its own check ran",
				NULL,
				"the driver (or contract check) never reached "
				"its last line: exit() called in the code "
				"under test?");
		} else {
			rs_pass();
		}
	}
	rs_g.active = false;
	if (locked)
		rs_unlock();
	if (status == 0 && rs_g.in_main)
		rs_worker_next(&rs_run_start); /* the next run, when it can */
	__real_exit(status);
}

/* Called by the strategy when a replayed schedule does not fit. */
void rs_diverged(const char *why);
void rs_diverged(const char *why)
{
	rs_die(RS_EXIT_DIVERGED, "diverged",
	       "REPLAY DIVERGED: %s (the program or its arguments differ from "
	       "the recorded run)",
	       why);
}

/* ------------------------------------------------------------ exit, assert */

/*
 * main's return and exit() are schedule steps like any other: threads still
 * running may go first (and reach their own failure) before the process
 * ends with them. Without it, a bug in an unjoined thread is never seen.
 */
static void rs_exit_point(uintptr_t pc)
{
	struct rs_thread *me = rs_enter();

	if (me == NULL)
		return;
	if (pc != 0)
		me->last_pc = pc;
	rs_point(me);
	rs_unlock();
}

void __wrap_exit(int status) __attribute__((noreturn));
void __wrap_exit(int status)
{
	rs_exit_point((uintptr_t)__builtin_return_address(0));
	rs_finish_program(status);
}

void __wrap___assert_fail(const char *expr, const char *file, unsigned int line,
			  const char *func) __attribute__((noreturn));
void __wrap___assert_fail(const char *expr, const char *file, unsigned int line,
			  const char *func)
{
	char msg[640];

	fprintf(stderr, "%s: %s:%u: %s: Assertion `%s' failed.\n",
		program_invocation_short_name, file, line, func, expr);
	if (rs_g.active && rs_self != NULL) {
		rs_lock();
		rs_resolve_pending(rs_self);
		snprintf(msg, sizeof(msg), "assert(%s) failed in %s, %s:%u",
			 expr, func, file, line);
		fflush(stdout);
		rs_fail(RS_EXIT_INVARIANT, "invariant",
			"invariant failure: an assertion failed",
			rs_invariant_extra, msg);
	}
	fflush(stdout);
	_exit(RS_EXIT_INVARIANT);
}

/* ------------------------------------------------------------ signals */

struct rs_crash {
	int sig;
	uintptr_t pc;
};

static void rs_crash_extra(FILE *f, void *arg)
{
	const struct rs_crash *c = arg;
	char tn[16];

	fprintf(f, "%s crashed with %s", rs_tname(rs_g.current, tn, sizeof(tn)),
		sigabbrev_np(c->sig) ? sigabbrev_np(c->sig) : "a signal");
	if (c->pc != 0) {
		fprintf(f, " at ");
		rs_report_where(f, c->pc);
	}
	fputc('\n', f);
}

/*
 * Each modelled thread's signal handler runs on its own alternate stack, so
 * that a stack overflow (no stack left to run a handler on) is reported like
 * any crash instead of killing the process silently.
 */
#define RS_ALTSTACK (256 * 1024)

static __thread void *rs_altstack;
static __thread uintptr_t rs_stack_lo; /* lowest address of the stack */

/*
 * The calling thread's block of the executable's thread-locals (the
 * program's and the runtime's) put back to its initial image (rs_worker.c,
 * on main between runs): the runtime's own that outlive a run are kept.
 */
void rs_tls_reset(char *block, const char *image, size_t filesz, size_t memsz)
{
	struct rs_thread *self = rs_self;
	void *alt = rs_altstack;
	uintptr_t lo = rs_stack_lo;

	__real_memcpy(block, image, filesz);
	__real_memset(block + filesz, 0, memsz - filesz);
	rs_self = self;
	rs_altstack = alt;
	rs_stack_lo = lo;
}

void rs_thread_signals(void)
{
	pthread_attr_t a;
	void *base = NULL;
	size_t size = 0;
	stack_t ss;

	if (pthread_getattr_np(pthread_self(), &a) == 0) {
		if (pthread_attr_getstack(&a, &base, &size) == 0)
			rs_stack_lo = (uintptr_t)base;
		pthread_attr_destroy(&a);
	}
	if (rs_altstack != NULL)
		return;
	rs_altstack = mmap(NULL, RS_ALTSTACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (rs_altstack == MAP_FAILED) {
		rs_altstack = NULL;
		return;
	}
	ss.ss_sp = rs_altstack;
	ss.ss_size = RS_ALTSTACK;
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
}

static void rs_thread_signals_end(void)
{
	stack_t ss = {.ss_flags = SS_DISABLE};

	if (rs_altstack == NULL)
		return;
	sigaltstack(&ss, NULL);
	munmap(rs_altstack, RS_ALTSTACK);
	rs_altstack = NULL;
}

/* A fault just below the thread's stack: it ran out of stack. */
static bool rs_stack_overflow(int sig, const siginfo_t *si)
{
	uintptr_t a = (uintptr_t)si->si_addr;

	return sig == SIGSEGV && rs_stack_lo != 0 &&
	       a + 1024 * 1024 >= rs_stack_lo && a < rs_stack_lo + 4096;
}

/* The program's place for a fault at pc: pc itself, or, when the fault
 * came inside the runtime (a hook ran out of stack), the program's call
 * into the function it was in. */
static uintptr_t rs_program_pc(uintptr_t pc)
{
	const struct rs_thread *t = rs_self;

	if (pc != 0 && strncmp(rs_sym_get(pc)->file, "sched/rs_", 9) != 0)
		return pc;
	if (t == NULL)
		return pc;
	if (t->depth > 0 && t->depth <= RS_STACK_DEPTH)
		return t->stack[t->depth - 1];
	return t->last_pc != 0 ? t->last_pc : pc;
}

static void rs_on_signal(int sig, siginfo_t *si, void *ucv)
{
	struct rs_crash c = {.sig = sig};
	char head[256], tn[16];

#if defined(__x86_64__)
	c.pc = (uintptr_t)((ucontext_t *)ucv)->uc_mcontext.gregs[REG_RIP] + 1;
#else
	(void)ucv;
#endif
	/*
	 * Best effort and not async-signal-safe: every other program thread
	 * is parked on its baton word, so nothing else touches the model.
	 * The crashing thread may hold rs_g.lock already (a crash inside a
	 * hook), hence trylock.
	 */
	if (rs_g.active && rs_g.in_main) {
		__real_pthread_mutex_trylock(&rs_g.lock);
		if (rs_stack_overflow(sig, si)) {
			const struct rs_sym *s;

			c.pc = rs_program_pc(c.pc);
			s = rs_sym_get(c.pc);
			snprintf(head, sizeof(head),
				 "CRASH: stack overflow in %s at %s:%d in %s",
				 rs_tname(rs_g.current, tn, sizeof(tn)),
				 s->file, s->line, s->func);
		} else {
			snprintf(head, sizeof(head), "CRASH: %s (%s)",
				 sigabbrev_np(sig) ? sigabbrev_np(sig)
						   : "signal",
				 sigdescr_np(sig) ? sigdescr_np(sig) : "?");
		}
		rs_fail(RS_EXIT_CRASH, "crash", head, rs_crash_extra, &c);
	}
	_exit(RS_EXIT_CRASH);
}

static void rs_signals_install(void)
{
	static const int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = rs_on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		__real_sigaction(sigs[i], &sa, NULL);
	sa.sa_handler = rs_on_watch;
	sa.sa_flags = SA_RESTART | SA_ONSTACK;
	__real_sigaction(RS_WATCH_SIG, &sa, NULL);
}

/* ------------------------------------------------------------ watchdog */

/*
 * The thread the watchdog names is running, not parked: its shadow stack is
 * still written by its own __tsan_func_entry/exit (relaxed atomics there).
 * The report reads a copy taken with atomic loads, never the live fields.
 */
static void rs_blocking_extra(FILE *f, void *arg)
{
	const struct rs_thread *t = arg;
	struct rs_thread snap;
	int depth;

	memset(&snap, 0, sizeof(snap));
	snap.tid = t->tid;
	snap.last_pc = t->last_pc; /* written under rs_g.lock, held here */
	depth = __atomic_load_n(&t->depth, __ATOMIC_RELAXED);
	snap.depth = depth;
	for (int i = 0; i < depth && i < RS_STACK_DEPTH; i++)
		snap.stack[i] = __atomic_load_n(&t->stack[i], __ATOMIC_RELAXED);
	rs_report_blocked_thread(f, &snap);
}

/*
 * Blocked outside the model: no schedule point for watchdog_ms. Everything
 * it reads about the model it reads holding rs_g.lock (rs.h's contract); a
 * program thread never holds that lock while it blocks, so if the lock
 * itself stays taken for the whole period the runtime is stuck, and that
 * is reported too rather than waited on for ever.
 */
static void rs_watchdog_fire(long held_ms)
{
	char head[200], tn[16];
	struct rs_thread *t;

	if (held_ms > 0)
		rs_die(RS_EXIT_BLOCKING, "blocking",
		       "UNCONTROLLED BLOCKING: the sched runtime's own lock "
		       "was held for %.1f s",
		       (double)held_ms / 1000.0);
	t = rs_g.threads[rs_g.current];
	snprintf(head, sizeof(head),
		 "UNCONTROLLED BLOCKING: %s reached no schedule point "
		 "for %.1f s",
		 rs_tname(t->tid, tn, sizeof(tn)),
		 (double)rs_cfg.watchdog_ms / 1000.0);
	rs_fail(RS_EXIT_BLOCKING, "blocking", head, rs_blocking_extra, t);
	_exit(RS_EXIT_BLOCKING);
}

static void *rs_watchdog(void *arg)
{
	const struct timespec tick = {0, 50 * 1000 * 1000};
	unsigned long last = ~0UL;
	long still_ms = 0, held_ms = 0;

	(void)arg;
	for (;;) {
		/* relaxed: only "did it move since the last tick" matters */
		unsigned long now =
		    __atomic_load_n(&rs_g.progress, __ATOMIC_RELAXED);

		__real_nanosleep(&tick, NULL);
		if (now != last) {
			last = now;
			still_ms = held_ms = 0;
			continue;
		}
		still_ms += 50;
		if (still_ms < rs_cfg.watchdog_ms)
			continue;
		if (__real_pthread_mutex_trylock(&rs_g.lock) != 0) {
			held_ms += 50;
			if (held_ms >= rs_cfg.watchdog_ms)
				rs_watchdog_fire(still_ms);
			continue;
		}
		held_ms = 0;
		if (__atomic_load_n(&rs_g.progress, __ATOMIC_RELAXED) != last ||
		    !rs_g.active) {
			rs_unlock();
			continue;
		}
		rs_watchdog_fire(0);
	}
	return NULL;
}

/* RS_WATCH_SIG: the fork server's parent saw no schedule point for the
 * watchdog period (rs_watch.c) and asks for the report the watchdog
 * thread would make. Any thread may run it: the others are parked on
 * their baton words or are the stuck one, which holds no lock of ours. */
static void rs_on_watch(int sig)
{
	(void)sig;
	if (!rs_g.in_main || rs_shared == NULL)
		return;
	if (__real_pthread_mutex_trylock(&rs_g.lock) != 0)
		rs_watchdog_fire(rs_cfg.watchdog_ms);
	if (!rs_g.active ||
	    rs_g.steps != __atomic_load_n(&rs_shared->seen, __ATOMIC_RELAXED)) {
		rs_unlock(); /* it moved since the parent looked */
		return;
	}
	rs_watchdog_fire(0);
}

static void rs_watchdog_start(void)
{
	static bool started; /* a worker's runs share one */
	pthread_t w;
	pthread_attr_t a;

	if (rs_cfg.watchdog_ms <= 0 || (rs_shared != NULL && rs_watch_on()) ||
	    started)
		return; /* none, or the fork server's parent watches */
	started = true;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	/* a real thread outside the model: rs_self stays NULL there */
	if (__real_pthread_create(&w, &a, rs_watchdog, NULL) == 0)
		__real_pthread_detach(w);
	pthread_attr_destroy(&a);
}

/* ------------------------------------------------------------ fork server */

static void rs_copy_fd(int from, int to)
{
	char buf[65536];
	off_t off = 0;
	ssize_t n;

	while ((n = pread(from, buf, sizeof(buf), off)) > 0) {
		ssize_t w = write(to, buf, (size_t)n);

		if (w <= 0)
			break;
		off += n;
	}
}

/* budget=MS: SIGALRM (no SA_RESTART) interrupts the parent's waitpid. It
 * repeats every 100 ms so that one arriving just before waitpid is not
 * the only chance. Children do not inherit the timer. */
volatile sig_atomic_t rs_budget_over;

static void rs_on_alarm(int sig)
{
	(void)sig;
	rs_budget_over = 1;
}

static void rs_budget_start(void)
{
	struct sigaction sa;
	struct itimerval it = {{0, 100 * 1000}, {0, 0}};

	if (rs_cfg.budget_ms <= 0)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rs_on_alarm;
	sigemptyset(&sa.sa_mask);
	__real_sigaction(SIGALRM, &sa, NULL);
	it.it_value.tv_sec = rs_cfg.budget_ms / 1000;
	it.it_value.tv_usec = (rs_cfg.budget_ms % 1000) * 1000;
	if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
		it.it_value.tv_usec = 1;
	__real_setitimer(ITIMER_REAL, &it, NULL);
}

/* Wait for the worker's run to end; false when the budget ran out before
 * it did (it is then killed). A run that already passed or reported still
 * counts. */
static bool rs_wait_child(struct rs_worker *w, int *st)
{
	bool ready;

	for (;;) {
		if (rs_budget_over) {
			rs_worker_kill(w, st);
			return rs_shared->state != RS_RUN_STARTED;
		}
		rs_watch_fds(&w->fd, &w->pid, &rs_shared, 1, &ready);
		if (ready) {
			rs_worker_reap(w, st);
			return true;
		}
	}
}

/* A child that ended without the runtime's word (killed by a signal the
 * runtime could not catch, or _exit): the parent reports what it saw. */
static void rs_report_unseen(long run, int st, long k)
{
	struct rs_result r;
	char head[200];
	int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;

	memset(&r, 0, sizeof(r));
	rs_strategy_of_run(run);
	r.run = run;
	r.seed = rs_g.seed;
	r.k = k;
	r.shrunk_from = -1; /* not shrunk: the parent never saw it fail */
	r.headline = head;
	if (rs_shared->state == RS_RUN_STUCK) {
		r.kind = "blocking";
		r.status = RS_EXIT_BLOCKING;
		snprintf(head, sizeof(head),
			 "UNCONTROLLED BLOCKING: the run reached no schedule "
			 "point for %.1f s and could not report where (killed)",
			 (double)rs_cfg.watchdog_ms / 1000.0);
	} else if (sig != 0 && rs_signal_is_crash(sig)) {
		r.kind = "crash";
		r.status = RS_EXIT_CRASH;
		snprintf(head, sizeof(head),
			 "CRASH: killed by SIG%s before the runtime could "
			 "report it (a stack overflow?)",
			 sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
	} else {
		r.kind = "no-report";
		r.status = sig ? 128 + sig : WEXITSTATUS(st);
		if (sig != 0)
			snprintf(head, sizeof(head),
				 "the run was killed by SIG%s from outside",
				 sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
		else
			snprintf(head, sizeof(head),
				 "the program ended with status %d outside "
				 "the runtime (_exit?), so the run was not "
				 "judged",
				 r.status);
	}
	rs_channel_result(&r);
}

/* The fork server's parent is done: its workers end, the channel hears
 * how it stopped. */
static void rs_server_end(long runs, const char *stopped)
{
	rs_workers_end();
	rs_channel_done(runs, stopped);
}

/* One run by itself passed: say so with its decisions, which a caller
 * running one schedule per process learns PCT's k from (explore.c). */
static void rs_server_pass_record(unsigned long long seed,
				  unsigned long decisions)
{
	struct rs_result r;

	if (!rs_channel_on())
		return;
	rs_result_here(&r, "pass", 0);
	r.run = 0;
	r.seed = seed;
	r.decisions = decisions;
	rs_channel_result(&r);
}

/* The first run that did not pass: its output, its report, and stop. */
static void rs_server_stop(long i, int st, long k, int outfd, int errfd,
			   int repfd)
{
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);

	rs_copy_fd(outfd, 1);
	rs_copy_fd(errfd, 2);
	if (rs_shared->state == RS_RUN_REPORTED) {
		if (rs_channel_on())
			rs_copy_fd(repfd, rs_channel_fd());
	} else {
		rs_report_unseen(i, st, k);
	}
	rs_server_end(i + 1, "fail");
	fflush(NULL);
	_exit(code != 0 ? code : RS_EXIT_CONFIG);
}

/*
 * One CPU for all of a run's threads: only one of them runs at a time, and
 * a hand-over to a thread on the same CPU is a plain context switch, where
 * one to another CPU waits for that CPU to wake up (measured: the program's
 * part of a counter schedule 2-3x faster). Best effort: without it the run
 * is the same, only slower.
 */
static void rs_pin_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* In the child: its own output files and report file, then the run. */
void rs_server_child(long i, long learned, int outfd, int errfd, int repfd)
{
	__real_signal(SIGALRM, SIG_DFL);
	rs_pin_cpu();
	dup2(outfd, 1);
	dup2(errfd, 2);
	close(outfd);
	close(errfd);
	/* only the parent writes racelab's fd: the child's goes via repfd */
	if (rs_channel_on()) {
		close(rs_channel_fd());
		rs_channel_target(repfd);
	}
	if (rs_watch_on())
		rs_progress = &rs_shared->progress;
	rs_server_run(i, learned);
}

/* Run i with PCT's learned k: per run, also in a worker (rs_worker.c). */
void rs_server_run(long i, long learned)
{
	rs_g.run_index = i;
	if (rs_cfg.pct_k == 0 && learned > 0)
		rs_cfg.pct_k = learned;
}

/* PCT's k for later runs: the most decisions a run made, up to bound. */
unsigned long rs_learn(unsigned long learned, unsigned long decisions)
{
	if (decisions > learned)
		learned = decisions;
	if (rs_cfg.pct_bound > 0 && learned > (unsigned long)rs_cfg.pct_bound)
		learned = (unsigned long)rs_cfg.pct_bound;
	return learned;
}

/* The run rs_jobs.c ended with, taken over as if it had just run here. */
static void rs_adopt_run(const struct rs_adopt *a, int *st, int outfd,
			 int errfd, int repfd)
{
	*st = a->status;
	*rs_shared = a->shared;
	if (dup2(a->outfd, outfd) < 0 || dup2(a->errfd, errfd) < 0 ||
	    dup2(a->repfd, repfd) < 0)
		rs_die(RS_EXIT_CONFIG, "error", "fork server: %s",
		       strerror(errno));
}

/* Run i in a child and reap it. True in the child, which goes on to run
 * the program; the budget running out first ends the server. */
/* A child of the shrinking (rs_shrink.c) is watched like a run, but the
 * time budget does not stop it: the failure found is reported whatever
 * the clock says. Before its fork, then after. */
void rs_server_prepare(void)
{
	rs_shared->decisions = 0;
	rs_shared->state = RS_RUN_STARTED;
	rs_watch_begin(rs_shared);
}

void rs_server_watch(pid_t pid, int *st)
{
	bool watch = rs_watch_on();
	pid_t w;

	do {
		if (watch)
			rs_watch_wait(&pid, &rs_shared, 1);
		w = waitpid(pid, st, watch ? WNOHANG : 0);
	} while (w != pid && !(w < 0 && errno != EINTR));
}

static struct rs_worker rs_seq_worker; /* the runs one at a time */

static bool rs_run_child(long i, unsigned long learned, int *st, int outfd,
			 int errfd, int repfd)
{
	if (rs_worker_start(&rs_seq_worker, i, learned, outfd, errfd, repfd))
		return true;
	if (!rs_wait_child(&rs_seq_worker, st)) {
		rs_server_end(i, "budget");
		_exit(0);
	}
	return false;
}

/*
 * runs=N: run N schedules (seeds seed, seed+1, ...) in one exec by forking
 * before the program's main: a child (a worker, rs_worker.c) per schedule,
 * or for many when it can reset the program between them. Each child's
 * stdout and stderr go to memory files, its report to a third; the first
 * run that does not pass has its output copied out and its report passed
 * on to racelab. Only the
 * parent's single thread exists here, so fork is safe. With jobs=N,
 * rs_jobs.c runs them N at a time first and hands over the run it ended
 * with (a.run); the loop below takes it up as if it had run it.
 */
static void rs_fork_server(void)
{
	int outfd = memfd_create("racelab-out", 0);
	int errfd = memfd_create("racelab-err", 0);
	int repfd = memfd_create("racelab-report", MFD_CLOEXEC);
	unsigned long learned = 0;
	struct rs_adopt a = {.run = -1};
	bool child;
	long first;
	int st = 0;

	rs_shared = mmap(NULL, sizeof(*rs_shared), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (outfd < 0 || errfd < 0 || repfd < 0 || rs_shared == MAP_FAILED)
		rs_die(RS_EXIT_CONFIG, "error", "fork server: %s",
		       strerror(errno));
	rs_shrink_init();
	rs_budget_start();
	if (rs_cfg.strategy == RS_EXHAUSTIVE)
		rs_bounded_setup(); /* (rs_jobs_count: one at a time) */
	rs_watch_on();		    /* decided once, here, for every child */
	first = rs_jobs_run(&learned, &a, &child);
	if (child)
		return;
	for (long i = first < 0 ? 0 : first; i < rs_cfg.runs; i++) {
		long k = rs_cfg.pct_k > 0 ? rs_cfg.pct_k
					  : (learned > 0 ? (long)learned : 100);

		if (rs_budget_over && i != a.run) {
			rs_server_end(i, "budget");
			_exit(0);
		}
		if (rs_cfg.strategy == RS_EXHAUSTIVE && !rs_bounded_next(i)) {
			rs_copy_fd(outfd, 1); /* the last run's result line */
			rs_server_end(i, "exhausted");
			fflush(NULL);
			_exit(0);
		}
		if (ftruncate(outfd, 0) != 0 || ftruncate(errfd, 0) != 0 ||
		    lseek(outfd, 0, SEEK_SET) < 0 ||
		    lseek(errfd, 0, SEEK_SET) < 0)
			rs_die(RS_EXIT_CONFIG, "error", "fork server: %s",
			       strerror(errno));
		rs_shared->decisions = 0;
		rs_shared->state = RS_RUN_STARTED;
		rs_watch_begin(rs_shared);
		fflush(NULL);
		if (i == a.run)
			rs_adopt_run(&a, &st, outfd, errfd, repfd);
		else if (rs_run_child(i, learned, &st, outfd, errfd, repfd))
			return; /* in the child */
		learned = rs_learn(learned, rs_shared->decisions);
		if (rs_shared->state == RS_RUN_PASSED)
			continue;
		/* shrunk first (rs_shrink.c): its variants are children too,
		 * run with k, the PCT k the failing run had */
		rs_workers_end();
		if (rs_shrink(i, &st, outfd, errfd, repfd)) {
			rs_server_child(i, k, outfd, errfd, repfd);
			return;
		}
		rs_server_stop(i, st, k, outfd, errfd, repfd);
	}
	rs_copy_fd(outfd, 1); /* the last run's result line */
	if (rs_cfg.runs == 1) {
		rs_copy_fd(errfd, 2); /* all a single run said */
		rs_server_pass_record(rs_cfg.seed, rs_shared->decisions);
	}
	rs_server_end(rs_cfg.runs, "all");
	fflush(NULL);
	_exit(0);
}

/* ------------------------------------------------------------ main */

int __wrap_main(int argc, char **argv, char **envp);
int __wrap_main(int argc, char **argv, char **envp)
{
	rs_init();
	rs_g.argc = argc;
	rs_g.argv = argv;
	/* before the fork server: its children inherit the handlers, main's
	 * alternate stack and its bounds instead of setting them up per run */
	rs_signals_install();
	rs_thread_signals();
	if (rs_cfg.runs > 1 || rs_cfg.fork)
		rs_fork_server();
	rs_worker_snapshot();
	rs_watchdog_start();
	/* a worker's later runs start here again (rs_worker_next) */
	(void)setjmp(rs_run_start);
	rs_g.seed = rs_cfg.seed + (unsigned long long)rs_g.run_index;
	rs_g.nev = 0;
	rs_g.steps = 0;
	rs_g.decisions = 0;
	rs_g.spurious = 0;
	rs_g.nsched = 0;
	rs_g.end_expected = false;
	rs_g.end_reached = false;
	rs_strategy_start();
	rs_g.in_main = true;
	rs_g.active = true;
	int status = __real_main(argc, argv, envp);

	rs_exit_point(0);
	/* a void main returns whatever its last call left behind */
	rs_finish_program(rs_cfg.main_void ? 0 : status);
}
