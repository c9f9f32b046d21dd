/*
 * rs.h - the inside of racelab's deterministic scheduler runtime ("rs").
 *
 * Room: harness/sched. Only the runtime's files include this header; nothing
 * outside harness/sched may rely on it (harness/core talks to a sched binary
 * through its environment, its output and sched_exit.h).
 *
 * The runtime is linked into a program compiled with clang
 * -fsanitize=thread but without TSan's runtime, and with -Wl,--wrap= for the
 * pthread calls (wrap.txt). It runs exactly one program thread at a time:
 *
 *   rs_core.c      the baton, thread table, choosing the next thread, main()
 *                  and exit() capture, the fork server, signals, watchdog
 *   rs_jobs.c      the fork server's schedules several at a time (jobs=N)
 *   rs_worker.c    many schedules in one fork-server child, the program
 *                  reset between them
 *   rs_watch.c     the fork server's watchdog, kept in the parent
 *   rs_strategy.c  random walk, PCT, replay of a schedule string
 *   rs_channel.c   the report to racelab on its own fd (sched_channel.h)
 *   rs_memory.c    the __tsan_* hooks: plain accesses and atomics
 *   rs_pthread.c   the modelled pthread/semaphore/sleep/key calls, malloc,
 *                  and the calls refused as unsupported
 *   rs_objects.c   side tables: modelled sync objects, heap blocks
 *   rs_symbol.c    pc -> function/file:line, address -> name
 *   rs_report.c    the teaching trace, deadlock cycles, failure reports
 *   rs_threads.c   C11 <threads.h>, mapped onto rs_pthread.c's models
 *
 * Who protects what: every field below is guarded by rs_g.lock (a real
 * mutex), rs_g.active included, except:
 *  - rs_thread.stack/depth, which only the owning thread writes, with
 *    relaxed atomic stores; the report reads them while that thread is
 *    parked, and the watchdog (which names a thread that is running) copies
 *    them with relaxed atomic loads, holding rs_g.lock;
 *  - rs_g.progress, an atomic counter the watchdog polls without the lock
 *    (in a fork-server child, rs_shared.progress, which the parent polls);
 *  - rs_thread.baton, the futex word the baton arrives in: a giver holding
 *    rs_g.lock sets it, its owner clears it without the lock (rs_core.c).
 * No code holds rs_g.lock while it blocks outside the model (a real join is
 * made with it released, the baton kept): so the watchdog, which looks only
 * under the lock, can always look, and reports a lock held for its whole
 * period as the runtime being stuck.
 *
 * A thread's life in the model: created (RS_T_LIVE) at pthread_create; its
 * start routine's return or pthread_exit's unwinding (cleanup handlers are
 * program code, run with the baton) and then its key destructors (modelled
 * keys, rs_pthread.c) come before RS_T_FINISHED; the slot of a finished
 * thread that is joined or detached may be reused once all RS_MAX_THREADS
 * slots were handed out. main's return and exit() are schedule points.
 *
 * The runtime is not instrumented and must never call a wrapped symbol by
 * its plain name: with --wrap, a plain pthread_mutex_lock() here would land
 * in our own wrapper. Use the __real_ names declared below (sched.mk checks
 * the archive for stray references).
 */
#ifndef RACELAB_RS_H
#define RACELAB_RS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create, sigabbrev_np, pthread *_np */
#endif

#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* ------------------------------------------------------------ limits */
#define RS_MAX_THREADS 300 /* the drivers allow 256 workers + main */
#define RS_STACK_DEPTH 32  /* shadow call stack kept per thread */
#define RS_STR_(x)     #x
#define RS_STR(x)      RS_STR_(x)

/* ------------------------------------------------------------ the real calls
 */
int __real_pthread_create(pthread_t *, const pthread_attr_t *,
			  void *(*)(void *), void *);
int __real_pthread_join(pthread_t, void **);
int __real_pthread_detach(pthread_t);
void __real_pthread_exit(void *) __attribute__((noreturn));
int __real_pthread_mutex_lock(pthread_mutex_t *);
int __real_pthread_mutex_trylock(pthread_mutex_t *);
int __real_pthread_mutex_unlock(pthread_mutex_t *);
int __real_pthread_mutex_init(pthread_mutex_t *, const pthread_mutexattr_t *);
int __real_pthread_cond_init(pthread_cond_t *, const pthread_condattr_t *);
int __real_pthread_cond_wait(pthread_cond_t *, pthread_mutex_t *);
int __real_pthread_cond_timedwait(pthread_cond_t *, pthread_mutex_t *,
				  const struct timespec *);
int __real_pthread_cond_signal(pthread_cond_t *);
int __real_sem_getvalue(sem_t *, int *);
int __real_nanosleep(const struct timespec *, struct timespec *);
void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void __real_free(void *);
void *__real_memcpy(void *, const void *, size_t);
void *__real_memmove(void *, const void *, size_t);
void *__real_memset(void *, int, size_t);
void __real_exit(int) __attribute__((noreturn));
int __real_fork(void);	   /* pid_t */
int __real_kill(int, int); /* pid_t, signal */
int __real_main(int, char **, char **);
int __real_unsetenv(const char *);
int __real_sigaction(int, const struct sigaction *, struct sigaction *);
__sighandler_t __real_signal(int, __sighandler_t);
struct itimerval;
int __real_setitimer(int, const struct itimerval *, struct itimerval *);

/* ------------------------------------------------------------ events */
enum rs_ev_kind {
	RS_EV_READ,
	RS_EV_WRITE,
	RS_EV_ALOAD,  /* atomic load */
	RS_EV_ASTORE, /* atomic store */
	RS_EV_ARMW,   /* atomic read-modify-write; value = new value */
	RS_EV_ACAS,   /* compare-exchange; aux = 1 success, 0 failure */
	RS_EV_FENCE,
	RS_EV_LOCK,
	RS_EV_TRYLOCK, /* aux = 0 acquired, else the error returned */
	RS_EV_UNLOCK,
	RS_EV_RDLOCK,
	RS_EV_WRLOCK,
	RS_EV_RWUNLOCK,
	RS_EV_CWAIT,  /* cond wait: released the mutex, now waiting */
	RS_EV_CWOKE,  /* cond wait returned (aux = ETIMEDOUT on timeout,
			 RS_CWOKE_SPURIOUS when woken spuriously) */
	RS_EV_SIGNAL, /* aux = waiters woken */
	RS_EV_BROADCAST,
	RS_EV_SEMWAIT,
	RS_EV_SEMPOST,
	RS_EV_BARRIER,
	RS_EV_ONCE,
	RS_EV_CREATE, /* aux = new tid */
	RS_EV_JOIN,   /* aux = joined tid */
	RS_EV_START,
	RS_EV_EXIT,
	RS_EV_SLEEP,
	RS_EV_YIELD,
	RS_EV_TIMEOUT, /* a timed wait timed out */
	RS_EV_FREE,
};

#define RS_CWOKE_SPURIOUS (-1)

enum {
	RS_EVF_VALUE = 1,      /* value is known */
	RS_EVF_CONCURRENT = 2, /* two or more threads were live */
};

struct rs_event {
	unsigned long step; /* 1, 2, ... in execution order */
	uintptr_t addr;	    /* memory or sync object */
	uintptr_t pc;	    /* return address into the program */
	long long value;    /* read, written, or an RMW's old value */
	long long value2;   /* an RMW's new value, a CAS's expected value */
	int tid;
	int aux;
	unsigned char kind; /* enum rs_ev_kind */
	unsigned char size;
	unsigned char flags;
};

/* ------------------------------------------------------------ sync objects */
enum rs_okind {
	RS_O_MUTEX,
	RS_O_COND,
	RS_O_RWLOCK,
	RS_O_SEM,
	RS_O_BARRIER,
	RS_O_ONCE,
	RS_O_SPIN,
};

struct rs_obj {
	uintptr_t addr;
	enum rs_okind kind;
	struct rs_obj *hnext;	      /* hash chain */
	struct rs_obj *lnext, *lprev; /* list of all objects */
	uintptr_t first_pc;	      /* first use, for naming */
	int owner;		      /* mutex/spin/rwlock writer, or -1 */
	int count;		      /* recursion, sem value, arrivals */
	int mtype;		      /* PTHREAD_MUTEX_* */
	uintptr_t acq_pc;	      /* where the owner acquired it */
	uintptr_t acq_caller;	      /* ... called from there */
	unsigned short *readers;      /* rwlock: read holds per tid */
	int nreaders;		      /* rwlock: total read holds */
	int need;		      /* barrier: threads to wait for */
	unsigned long gen;	      /* barrier generation */
	int once_state;		      /* 0 new, 1 running, 2 done */
	int once_tid;
};

/* ------------------------------------------------------------ threads */
enum rs_tstate { RS_T_FREE, RS_T_LIVE, RS_T_FINISHED };

enum rs_wait {
	RS_W_NONE,  /* runnable: its next step is always enabled */
	RS_W_MUTEX, /* a mutex or spinlock request: enabled when free */
	RS_W_COND,  /* never enabled: a signal (or, with spurious=N, a
		       spurious wakeup the scheduler chooses) turns it
		       into RS_W_MUTEX */
	RS_W_RDLOCK,
	RS_W_WRLOCK,
	RS_W_SEM,
	RS_W_JOIN,
	RS_W_BARRIER,
	RS_W_ONCE,
	RS_W_SLEEP, /* enabled only by its timeout */
};

struct rs_thread {
	int tid; /* 0 = main, then 1, 2, ... in creation order */
	enum rs_tstate state;
	enum rs_wait wait;
	struct rs_obj *wobj;   /* what it waits for */
	int wtid;	       /* join target */
	struct rs_obj *cmutex; /* cond wait: the mutex to take back */
	bool timed;	       /* its wait may time out */
	bool timed_out;	       /* ... and it did */
	bool spurious;	       /* its cond wait was woken spuriously */
	unsigned long wstart;  /* rs_g.steps when the timed wait began */
	unsigned long wyields; /* rs_g.yields then */
	long long wdeadline;   /* its timeout, on rs_g.vnow's clock */
	unsigned long wseq;    /* cond waiters wake in this (FIFO) order */
	unsigned long wgen;    /* barrier generation waited for */
	uintptr_t wpc;	       /* the call that blocked */
	unsigned int baton;    /* futex word: the baton arrives here */
	pthread_t real;
	bool detached;
	bool joined;  /* a join returned: nothing refers to it any more */
	bool exiting; /* in pthread_exit: cleanup handlers are running */
	void *retval;
	void *(*fn)(void *);
	int (*cfn)(void *); /* a C11 thrd_create start routine instead */
	void *arg;
	long long prio; /* PCT priority */
	/* the access it is about to make at its schedule point (op_len 0:
	 * a pthread call or another operation on the model) */
	uintptr_t op_addr;
	unsigned long op_len;
	bool op_write;
	/* a write's value is known at the thread's next runtime entry */
	bool pending;
	unsigned long pending_step;
	uintptr_t pending_addr;
	int pending_size;
	uintptr_t last_pc;
	unsigned long nsteps; /* steps it ran in this run */
	uintptr_t stack[RS_STACK_DEPTH]; /* __tsan_func_entry pcs */
	int depth;
};

/* ------------------------------------------------------------ configuration */
enum rs_strategy_kind { RS_RANDOM, RS_PCT, RS_POS, RS_EXHAUSTIVE, RS_REPLAY };

struct rs_config {
	enum rs_strategy_kind strategy;
	bool portfolio; /* strategy and depth chosen per schedule (seed) */
	int depth;	/* PCT d */
	unsigned long long seed;
	bool seed_given;
	long runs;	/* fork server: schedules in one exec */
	long maxsteps;	/* 0 = unbounded */
	long pct_k;	/* PCT: expected decisions (0 = learn) */
	long pct_bound; /* PCT: random after this many decisions */
	long watchdog_ms;
	long trace_lines; /* printed trace lines at most */
	long trace_cap;	  /* events kept */
	bool quiet;
	long budget_ms;	    /* fork server: stop starting runs after this */
	bool main_void;	    /* main is declared void: its return is no status */
	long spurious;	    /* spurious cond wakeups per schedule, at most */
	bool c11;	    /* memory=c11 (default): the weak-memory model
			       (rs_c11.c); false: memory=sc */
	bool fork;	    /* fork=1: the fork server even for runs=1 */
	long preemptions;   /* exhaustive: at most this many per schedule */
	bool replay_prefix; /* the replay is a prefix, then the default */
	long first;	    /* portfolio: this exec's first schedule's index */
	long jobs;	    /* fork server: runs at once (0 = one per CPU) */
	bool reset; /* reset=0: a fork per run, never a reset (rs_worker.c) */
	bool shrink; /* shrink=0: a failure is reported as found, unshrunk */
	const char *replay; /* RACELAB_SCHED_REPLAY */
	const char *spec;   /* RACELAB_SCHED as given */
};

/* ------------------------------------------------------------ global state */
struct rs_global {
	pthread_mutex_t lock; /* guards everything in the model */
	bool active;	      /* scheduling on (off during exit) */
	bool in_main;	      /* __wrap_main has started the run */
	int current;	      /* tid holding the baton */
	int nthreads;	      /* slots used */
	int live;	      /* threads started and not finished */
	struct rs_thread *threads[RS_MAX_THREADS];
	unsigned long steps;	 /* schedule points taken */
	unsigned long decisions; /* points with >= 2 enabled threads */
	/* a driver or contract check said it ends through its own last
	 * line (racelab_sched_expect_end), and it got there (..._end) */
	bool end_expected, end_reached;
	unsigned long wseq;
	unsigned long yields; /* sched_yield and zero sleeps taken */
	long long vnow;	      /* virtual time (ns): the last timeout fired */
	/* spurious wakeups injected this schedule (at most rs_cfg.spurious) */
	unsigned long spurious;
	/* the trace: a ring of the last trace_cap events */
	struct rs_event *ev;
	unsigned long nev; /* events ever recorded (= last step) */
	/* schedule string: tid chosen at each decision */
	int *sched;
	size_t nsched, capsched;
	/* the run being explored */
	unsigned long long seed;
	long run_index;
	volatile unsigned long progress; /* read by the watchdog */
	int argc;
	char **argv;
};

extern struct rs_global rs_g;
extern struct rs_config rs_cfg;
extern __thread struct rs_thread *rs_self;

/*
 * Locking contract of the functions below. "The lock" is rs_g.lock. "May
 * switch" means the call is (or contains) a schedule point: the calling
 * thread may park there while others run, so what it read from the model
 * before the call must be read again after it. A program thread is only
 * ever parked on its own baton word without the lock: in rs_baton_wait
 * (from rs_point, inside the models), or in rs_baton_first before a new
 * thread's first turn.
 *
 * Called without the lock; they take it themselves where they need it:
 *   rs_lock          returns holding it (_exit(RS_EXIT_CONFIG) if the real
 *                    mutex fails); rs_unlock releases it, then wakes the
 *                    thread a rs_baton_give made runnable, if it sleeps.
 *   rs_enter         returns the calling thread holding the lock, or NULL
 *                    without it (this thread is not modelled, or scheduling
 *                    is off: the caller then makes the real call).
 *   rs_init          once, before main, on the main thread (no lock taken:
 *                    no other thread exists yet).
 *   rs_key_create, rs_key_delete  lock and unlock inside; never switch.
 *   rs_baton_first   a new thread's first turn (its trampoline): parks
 *                    until given the baton, returns holding the lock.
 *
 * Need the lock on entry and still hold it on return:
 *   rs_point         MAY SWITCH: returns when this thread has the baton
 *                    again (the lock released while parked, held again).
 *   rs_baton_give    makes next the running thread; it runs once the
 *                    caller unlocks (or parks). Never switches by itself.
 *   rs_baton_wait    SWITCHES: releases the lock, parks until given the
 *                    baton, returns holding the lock and the baton.
 *   rs_thread_finish passes the baton on and returns at once; the caller
 *                    then unlocks and its real thread ends.
 *   rs_record, rs_resolve_pending, rs_enabled, rs_thread_new, rs_caller
 *                    (or on the thread's own stack), rs_strategy_pick,
 *                    rs_strategy_end_check,
 *                    rs_strategy_thread, rs_rand, rs_schedule_format, the
 *                    rs_objects.c side tables (rs_obj_*, rs_heap_*), and
 *                    the reports (rs_report_*, rs_obj_label, rs_sym_*,
 *                    rs_value_kind, rs_data_symbol): never switch. The
 *                    reports run after the run ended, or in a dying thread
 *                    (below); rs_sym_resolve then runs addr2line, the one
 *                    real wait made with the lock held.
 *
 * The models (rs_pthread.c, shared with rs_threads.c): called WITHOUT the
 * lock; each enters (rs_enter) and returns without it. -1 (-2 for the
 * semaphore calls) means "not modelled, lock not taken": the wrapper makes
 * the real call.
 *   MAY SWITCH: rs_thread_create, rs_join, rs_mutex_lock, rs_mutex_trylock,
 *               rs_mutex_unlock, rs_cond_wait, rs_cond_signal, rs_once,
 *               rs_yield_point, rs_sleep_point, rs_exit_thread (never
 *               returns: the thread unwinds and ends in the model).
 *   rs_join releases the lock around the real pthread_join, the baton
 *   kept; rs_once releases it while the init routine (program code, with
 *   its own schedule points) runs.
 *   Never switch: rs_mutex_init, rs_mutex_destroy, rs_cond_init,
 *   rs_cond_destroy, rs_detach (returns the real call's result, never -1).
 *   No lock at all: rs_timeout_abs, rs_timeout_rel (thread-local: the
 *   next timed call's timeout), rs_key_set, rs_key_get (thread-local
 *   values, atomic key table reads), rs_tname, rs_config_parse.
 *
 * Never return, with or without the lock: rs_die, rs_unsupported,
 * rs_crash_report, rs_finish_program (it takes the lock when the run is
 * still active). They report on the channel and _exit.
 *
 * Signal handlers and other processes: the crash handler (rs_core.c,
 * SIGSEGV and co.) may interrupt a thread that holds the lock, so it only
 * trylocks, then writes the report (rs_report_trace, rs_sym_get,
 * rs_channel_result) and _exits. In a fork-server child the parent's
 * watchdog asks with RS_WATCH_SIG: that handler (rs_core.c) trylocks too,
 * and either reports the stuck thread (or the lock held) and _exits, or,
 * when the run moved since the parent looked, unlocks and returns. Nothing
 * else runs in a handler. A run's own watchdog (a real thread outside the
 * model, when no parent watches) polls rs_g.progress without the lock and
 * reads the model only holding it.
 *
 * The fork server (rs_server_child, rs_learn, rs_jobs_count, rs_jobs_run,
 * rs_watch_*, rs_worker_start/reap/kill) runs in __wrap_main before any
 * program code, on the parent's only thread: no lock, no schedule point.
 * Each run is made in a child process (a worker, rs_worker.c, which may
 * make many runs one after another) with its own rs_shared page: the
 * parent resets and reads the pages its children write (rs_mark,
 * progress), reports for a child that died without a word
 * (rs_channel_result), and never touches a child's model. A worker resets
 * its own model between runs (rs_worker_next, on main's thread, no lock
 * held, no other program thread left).
 */

/* rs_core.c */
void rs_init(void);
void rs_lock(void);
void rs_unlock(void);
struct rs_thread *rs_enter(void); /* NULL: not scheduling; else locked */
void rs_point(struct rs_thread *me);
/* rs_point before an access to [addr, addr + len) (rs_strategy.c) */
void rs_point_access(struct rs_thread *me, uintptr_t addr, unsigned long len,
		     bool write);
void rs_baton_give(struct rs_thread *next);
void rs_baton_wait(struct rs_thread *me);  /* rs_g.lock held */
void rs_baton_first(struct rs_thread *me); /* rs_g.lock not held */
struct rs_event *rs_record(struct rs_thread *me, enum rs_ev_kind k,
			   uintptr_t addr, int size, uintptr_t pc,
			   long long value, bool has_value, int aux);
long long rs_load_value(uintptr_t addr, int size);
bool rs_enabled(const struct rs_thread *t);
struct rs_thread *rs_thread_new(void);
void rs_thread_finish(struct rs_thread *me, void *retval);
void rs_resolve_pending(struct rs_thread *t);
void rs_die(int code, const char *kind, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
void rs_unsupported(uintptr_t pc, const char *call) __attribute__((noreturn));
void rs_thread_signals(void);
void rs_finish_program(int status) __attribute__((noreturn));
uintptr_t rs_caller(const struct rs_thread *t);
const char *rs_tname(int tid, char *buf, size_t len);

/* rs_core.c: the fork server (runs=N), shared with rs_jobs.c. What a
 * child tells its parent, in memory both see: */
enum { RS_RUN_STARTED, RS_RUN_PASSED, RS_RUN_REPORTED, RS_RUN_STUCK };
struct rs_shared {
	unsigned long decisions;
	int state;		/* RS_RUN_*; STUCK: the parent's watchdog */
	unsigned long progress; /* the child's schedule points (relaxed) */
	unsigned long seen;	/* the parent's watchdog: last progress seen */
	double changed;		/* ... when it last moved (monotonic s) */
	double signalled;	/* ... when it sent RS_WATCH_SIG (0: not) */
};
extern struct rs_shared *rs_shared; /* the child's own; NULL: no server */
extern volatile sig_atomic_t rs_budget_over;
void rs_server_child(long i, long learned, int outfd, int errfd, int repfd);
unsigned long rs_learn(unsigned long learned, unsigned long decisions);

/* rs_watch.c: the fork server's watchdog, in the parent. */
#define RS_WATCH_SIG (SIGRTMAX - 1) /* "report where you are stuck" */
#define RS_WATCH_MAX 64		    /* children watched at once */
bool rs_watch_on(void);
void rs_watch_begin(struct rs_shared *sh);
void rs_watch_wait(const pid_t *pids, struct rs_shared *const *sh, int n);
void rs_watch_fds(const int *fds, const pid_t *pids,
		  struct rs_shared *const *sh, int n, bool *ready);

/* rs_jobs.c: the runs of a fork server spread over CPUs. */
struct rs_adopt {
	long run; /* the run it ended with, adopted by the caller */
	int status;
	struct rs_shared shared;
	int outfd, errfd, repfd;
};
long rs_jobs_count(void);
long rs_jobs_run(unsigned long *learned, struct rs_adopt *a, bool *child);

/* rs_worker.c: many runs in one fork-server child, the program reset
 * between them. Parent side: a worker runs one run at a time; its fd is
 * readable when the run has passed (the worker then waits, idle) or the
 * worker has ended. */
struct rs_worker {
	pid_t pid; /* 0: none */
	int fd;	   /* the parent's end of its socket */
	bool idle; /* its run passed: it waits for the next */
};
bool rs_worker_start(struct rs_worker *w, long i, unsigned long learned,
		     int outfd, int errfd, int repfd);
void rs_worker_reap(struct rs_worker *w, int *st);
void rs_worker_kill(struct rs_worker *w, int *st);
void rs_workers_end(void);
long rs_workers_forked(void);
/* Child side, on main's thread: before the first run; when a run passed
 * (longjmps to start for the next run, or returns: the process ends). */
void rs_worker_snapshot(void);
void rs_worker_next(jmp_buf *start);
/* rs_core.c: a fork-server child's setup for run i (per run); main's
 * thread-locals put back (the runtime's own kept). */
void rs_server_run(long i, long learned);
void rs_tls_reset(char *block, const char *image, size_t filesz, size_t memsz);

/* rs_pthread.c: the models behind the wrappers, shared with rs_threads.c
 * (C11 <threads.h>). Each returns -1 (-2 for the semaphore calls) when the
 * caller is not scheduled, and the wrapper then makes the real call. */
int rs_thread_create(pthread_t *th, const pthread_attr_t *attr,
		     void *(*fn)(void *), int (*cfn)(void *), void *arg,
		     uintptr_t pc);
int rs_join(pthread_t th, void **ret, uintptr_t pc, bool try, bool timed);
int rs_detach(pthread_t th, uintptr_t pc);
void rs_exit_thread(void *ret, uintptr_t pc) __attribute__((noreturn));
int rs_mutex_init(void *m, int type, uintptr_t pc);
int rs_mutex_destroy(void *m, uintptr_t pc);
int rs_mutex_lock(pthread_mutex_t *m, uintptr_t pc, bool timed,
		  enum rs_okind kind);
int rs_mutex_trylock(void *m, uintptr_t pc, enum rs_okind kind);
int rs_mutex_unlock(void *m, uintptr_t pc, enum rs_okind kind);
int rs_cond_init(void *c, uintptr_t pc);
int rs_cond_destroy(void *c, uintptr_t pc);
int rs_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uintptr_t pc,
		 bool timed);
int rs_cond_signal(pthread_cond_t *c, uintptr_t pc, bool all);
int rs_once(void *once, void (*init)(void), uintptr_t pc);
int rs_yield_point(uintptr_t pc, enum rs_ev_kind k);
int rs_sleep_point(uintptr_t pc, bool zero);
void rs_timeout_abs(clockid_t clk, const struct timespec *abs);
void rs_timeout_rel(const struct timespec *rel);
int rs_key_create(pthread_key_t *k, void (*dtor)(void *), uintptr_t pc);
int rs_key_delete(pthread_key_t k);
int rs_key_set(pthread_key_t k, const void *v);
void *rs_key_get(pthread_key_t k);

/* rs_channel.c: the report to racelab (sched_channel.h) */
struct rs_result {
	const char *kind; /* "pass", "invariant", "deadlock", ... */
	int status;	  /* the exit status the run ends with */
	long run;
	unsigned long long seed;
	unsigned long steps, decisions;
	long k;		      /* PCT: the k the run used */
	const char *headline; /* NULL for a pass */
	const char *text;     /* the report (trace, cycle, ...), or NULL */
	size_t len;
	bool has_schedule; /* rs_g.sched is this run's */
	long
	    shrunk_from; /* shrunk (rs_shrink.c): preemptions before, else -1 */
	size_t preemptions; /* ... and now */
};
void rs_channel_init(void);
bool rs_channel_on(void);
int rs_channel_fd(void);
void rs_channel_target(int fd);
void rs_result_here(struct rs_result *r, const char *kind, int status);
void rs_channel_result(const struct rs_result *r);
void rs_channel_done(long runs, const char *stopped);
bool rs_write_all(int fd, const char *buf, size_t len);
const char *rs_strategy_name(void);

/* rs_strategy.c */
int rs_config_parse(const char *spec, struct rs_config *c, char *err,
		    size_t errlen);
void rs_strategy_start(void);
void rs_strategy_of_run(long i);
void rs_strategy_thread(struct rs_thread *t);
struct rs_thread *rs_strategy_pick(struct rs_thread **cand, int n);
void rs_strategy_end_check(void);
void rs_schedule_format(FILE *f);
unsigned long long rs_rand(void);
long rs_pct_k_used(void);
int rs_strategy_read(int n); /* memory=c11: which of n stores a load reads */
/* The positions in rs_g.sched of this run's preemptions; how many. */
size_t rs_strategy_preemptions(const size_t **at);
/* A preemption by where the preempted thread was in its own run: thread
 * tid, about to run its step number `steps`, gave the processor to `to`.
 * Unlike a decision count, this stays put when other preemptions go. */
struct rs_pre {
	int tid, to;
	unsigned long steps;
};
/* This run's preemptions in that form (as many as at). */
const struct rs_pre *rs_strategy_pre_points(void);
/* Stay on the running thread except at the preemptions pre[0..n) (kept,
 * not copied); a read reads at random from seed. */
void rs_strategy_keep(const struct rs_pre *pre, size_t n,
		      unsigned long long seed);
/* Replay sched[0..n) exactly (kept, not copied). */
void rs_strategy_preset(int *sched, size_t n);
void rs_strategy_bounded(int k, unsigned long decisions,
			 unsigned long long seed);

/* rs_shrink.c: a failing schedule shrunk in the fork server */
void rs_shrink_init(void);
void rs_shrink_note(const char *kind, const char *headline);
bool rs_shrink(long run, int *st, int outfd, int errfd, int repfd);
long rs_shrink_from(void); /* the failure's preemptions before, or -1 */
/* rs_core.c, for rs_shrink.c: a fork-server child watched to its end */
void rs_server_prepare(void);
void rs_server_watch(pid_t pid, int *st);
enum rs_strategy_kind rs_shrink_strategy(void); /* ... its strategy */
unsigned long long rs_shrink_seed(void);	/* ... its seed */
/* A read decision in rs_g.sched: -(K + 1) for rK; its own inverse. */
#define RS_READ_ENTRY(k) (-(k)-1)

/* rs_c11.c: memory=c11, the C11 weak-memory model. mo is the program's
 * memory order (__tsan_memory_order); now is what memory holds before the
 * operation. */
long long rs_c11_load(struct rs_thread *t, const volatile void *a, int size,
		      long long now, int mo);
void rs_c11_store(struct rs_thread *t, const volatile void *a, int size,
		  long long now, long long v, int mo, uintptr_t pc);
void rs_c11_rmw(struct rs_thread *t, const volatile void *a, int size,
		long long old, long long v, int mo, uintptr_t pc);
void rs_c11_cas_fail(struct rs_thread *t, const volatile void *a, int size,
		     long long now, int mo);
void rs_c11_fence(struct rs_thread *t, int mo);
void rs_c11_event(struct rs_thread *t, int kind, int aux);
bool rs_c11_stale(unsigned long step, long long *latest, int *tid,
		  uintptr_t *pc);

/* rs_bounded.c */
struct rs_thread *rs_default_pick(struct rs_thread **cand, int n, bool yielded);
struct rs_thread *rs_bounded_pick(struct rs_thread **cand, int n, bool yielded);
/* memory=c11: which of n stores a load reads (0 = the latest); reading an
 * older one costs a preemption */
int rs_bounded_read(int n);
long rs_bounded_preemptions(void);
void rs_bounded_setup(void);
void rs_bounded_start(void);
bool rs_bounded_next(long i);

/* rs_objects.c */
struct rs_obj *rs_obj_get(uintptr_t addr, enum rs_okind kind, uintptr_t pc);
struct rs_obj *rs_obj_find(uintptr_t addr);
void rs_obj_drop(uintptr_t addr);
void rs_obj_drop_range(uintptr_t lo, uintptr_t hi);
bool rs_obj_held_by(int tid);
struct rs_obj *rs_obj_first(void);
void rs_heap_add(uintptr_t p, size_t size, uintptr_t pc);
bool rs_heap_del(uintptr_t p, size_t *size);
bool rs_heap_size(uintptr_t p, size_t *size);
bool rs_heap_quarantine(uintptr_t p, uintptr_t pc, int tid);
void rs_crash_report(const char *headline, void (*extra)(FILE *, void *),
		     void *arg) __attribute__((noreturn));
bool rs_heap_find(uintptr_t addr, uintptr_t *base, size_t *size, uintptr_t *pc);
void rs_freed_check(struct rs_thread *me, uintptr_t addr, unsigned long len,
		    uintptr_t pc, bool write);
void rs_heap_bad_free(uintptr_t p, uintptr_t pc, const char *call);
bool rs_heap_freed(uintptr_t p);

/* rs_symbol.c */
struct rs_sym {
	const char *func; /* "??" when unknown */
	const char *file; /* shortened path, "??" when unknown */
	int line;
	bool harness; /* in the drivers' shared code (start gate ...) */
};
void rs_sym_add(uintptr_t pc);
void rs_sym_resolve(void);
const struct rs_sym *rs_sym_get(uintptr_t pc);
bool rs_data_symbol(uintptr_t addr, char *buf, size_t len);
/* How a value read or written at addr (size bytes) may be shown: only where
 * it is the declared variable's value. RAW: no declaration to check (heap
 * or stack memory, whose bytes the program's own accesses define). */
enum rs_vkind {
	RS_V_RAW,
	RS_V_HIDDEN,
	RS_V_SIGNED,
	RS_V_UNSIGNED,
	RS_V_BOOL,
	RS_V_FLOAT,
	RS_V_POINTER,
};
enum rs_vkind rs_value_kind(uintptr_t addr, int size);

/* rs_report.c */
void rs_report_trace(FILE *f);
void rs_report_deadlock(FILE *f);
void rs_report_deadlock_headline(char *buf, size_t len);
bool rs_deadlock_has_cycle(void); /* a waits-for cycle among live threads */
void rs_report_blocked_thread(FILE *f, const struct rs_thread *t);
void rs_obj_label(uintptr_t addr, char *buf, size_t len);
void rs_report_where(FILE *f, uintptr_t pc);

#endif
