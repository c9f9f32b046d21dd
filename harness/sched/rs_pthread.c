/*
 * rs_pthread.c - the program's pthread, semaphore, sleep and malloc calls,
 * reached through -Wl,--wrap=NAME (the list is wrap.txt).
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * Every call is one schedule point, then its effect on the model. The
 * program's mutexes, condvars, rwlocks, spinlocks, semaphores, barriers and
 * once-flags are modelled in rs_objects.c and never really locked; only
 * thread creation and join reach the real pthread library. A blocking call
 * sets the thread's wait and takes its schedule point: the scheduler gives
 * the thread back the baton only once its request is enabled.
 *
 * Outside a run (constructors before main, atexit handlers after the run
 * ended) every wrapper falls through to the real call.
 *
 * Semantics chosen where POSIX leaves room, and why:
 *  - condvar signal wakes the longest waiter (FIFO): deterministic and the
 *    same under every strategy;
 *  - a woken waiter must take the mutex back like any lock request;
 *  - timed waits, sleeps and timed locks time out only when no other thread
 *    can run (a sleeping thread never "lets the others go first" by luck);
 *  - rwlocks prefer readers, like glibc's default;
 *  - a default mutex relocked by its owner deadlocks (reported), an
 *    errorcheck one returns EDEADLK, a recursive one counts.
 */
#include "rs.h"
#include "sched_exit.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

/* The real calls the fall-through paths need (others are in rs.h). */
int __real_pthread_tryjoin_np(pthread_t, void **);
int __real_pthread_key_create(pthread_key_t *, void (*)(void *));
int __real_pthread_setspecific(pthread_key_t, const void *);
int __real_pthread_timedjoin_np(pthread_t, void **, const struct timespec *);
int __real_pthread_mutex_destroy(pthread_mutex_t *);
int __real_pthread_mutex_timedlock(pthread_mutex_t *, const struct timespec *);
int __real_pthread_mutex_clocklock(pthread_mutex_t *, clockid_t,
				   const struct timespec *);
int __real_pthread_cond_destroy(pthread_cond_t *);
int __real_pthread_cond_clockwait(pthread_cond_t *, pthread_mutex_t *,
				  clockid_t, const struct timespec *);
int __real_pthread_cond_broadcast(pthread_cond_t *);
int __real_pthread_rwlock_init(pthread_rwlock_t *,
			       const pthread_rwlockattr_t *);
int __real_pthread_rwlock_destroy(pthread_rwlock_t *);
int __real_pthread_rwlock_rdlock(pthread_rwlock_t *);
int __real_pthread_rwlock_tryrdlock(pthread_rwlock_t *);
int __real_pthread_rwlock_timedrdlock(pthread_rwlock_t *,
				      const struct timespec *);
int __real_pthread_rwlock_wrlock(pthread_rwlock_t *);
int __real_pthread_rwlock_trywrlock(pthread_rwlock_t *);
int __real_pthread_rwlock_timedwrlock(pthread_rwlock_t *,
				      const struct timespec *);
int __real_pthread_rwlock_unlock(pthread_rwlock_t *);
int __real_pthread_spin_init(pthread_spinlock_t *, int);
int __real_pthread_spin_destroy(pthread_spinlock_t *);
int __real_pthread_spin_lock(pthread_spinlock_t *);
int __real_pthread_spin_trylock(pthread_spinlock_t *);
int __real_pthread_spin_unlock(pthread_spinlock_t *);
int __real_sem_init(sem_t *, int, unsigned int);
int __real_sem_destroy(sem_t *);
int __real_sem_wait(sem_t *);
int __real_sem_trywait(sem_t *);
int __real_sem_timedwait(sem_t *, const struct timespec *);
int __real_sem_post(sem_t *);
int __real_pthread_once(pthread_once_t *, void (*)(void));
int __real_pthread_barrier_init(pthread_barrier_t *,
				const pthread_barrierattr_t *, unsigned int);
int __real_pthread_barrier_destroy(pthread_barrier_t *);
int __real_pthread_barrier_wait(pthread_barrier_t *);
int __real_sched_yield(void);
int __real_usleep(useconds_t);
unsigned int __real_sleep(unsigned int);
int __real_clock_nanosleep(clockid_t, int, const struct timespec *,
			   struct timespec *);
void *__real_aligned_alloc(size_t, size_t);
int __real_posix_memalign(void **, size_t, size_t);

/* ------------------------------------------------------------ helpers */

/* Enter the runtime at a call from pc; NULL when not scheduling. */
static struct rs_thread *enter_at(uintptr_t pc)
{
	struct rs_thread *me = rs_enter();

	if (me != NULL)
		me->last_pc = pc;
	return me;
}

/*
 * The timeout of the timed call being made, in ns from now (-1: none
 * given). The wrappers set it from their argument; block() turns it into
 * a deadline on the model's virtual clock, which orders timeouts among
 * themselves (rs_core.c). Thread-local: only the calling thread uses it.
 */
static __thread long long call_timeout = -1;

void rs_timeout_abs(clockid_t clk, const struct timespec *abs)
{
	struct timespec now;

	if (abs == NULL || clock_gettime(clk, &now) != 0) {
		call_timeout = 0;
		return;
	}
	call_timeout = (long long)(abs->tv_sec - now.tv_sec) * 1000000000LL +
		       (abs->tv_nsec - now.tv_nsec);
	if (call_timeout < 0)
		call_timeout = 0;
}

void rs_timeout_rel(const struct timespec *rel)
{
	call_timeout =
	    rel == NULL ? 0
			: (long long)rel->tv_sec * 1000000000LL + rel->tv_nsec;
	if (call_timeout < 0)
		call_timeout = 0;
}

static void timeout_ns(long long ns)
{
	call_timeout = ns;
}

/* Block until the request described by me->wait is enabled and chosen. */
static void block(struct rs_thread *me, enum rs_wait w, struct rs_obj *o,
		  bool timed)
{
	me->wait = w;
	me->wobj = o;
	me->timed = timed;
	me->timed_out = false;
	me->wstart = rs_g.steps;
	me->wyields = rs_g.yields;
	me->wdeadline = rs_g.vnow + (call_timeout > 0 ? call_timeout : 0);
	call_timeout = -1;
	rs_point(me);
	me->wait = RS_W_NONE;
	me->timed = false;
}

/* Did the wait just taken time out? (clears the flag) */
static bool took_timeout(struct rs_thread *me)
{
	bool t = me->timed_out;

	me->timed_out = false;
	return t;
}

static void ev(struct rs_thread *me, enum rs_ev_kind k, const void *obj,
	       uintptr_t pc, int aux)
{
	rs_record(me, k, (uintptr_t)obj, 0, pc, 0, false, aux);
}

static int done(int rc)
{
	rs_unlock();
	return rc;
}

/* ------------------------------------------------------------ thread data */

/*
 * pthread keys are modelled: a key's destructor is program code and must
 * run inside the model, with the baton, like the rest of the thread (a
 * destructor that locks, or that is the wrapped free()). Values live in the
 * runtime's own thread-local array; key numbers are never reused, so a new
 * key starts NULL in every thread as POSIX requires (PTHREAD_KEYS_MAX keys
 * per process in all, then EAGAIN).
 */
static struct {
	bool used; /* atomic: rs_key_set reads it without the lock */
	void (*dtor)(void *);
	uintptr_t pc;	   /* the pthread_key_create call */
} keys[PTHREAD_KEYS_MAX];  /* guarded by rs_g.lock */
static unsigned int nkeys; /* atomic: read without the lock */
static __thread void *tsd[PTHREAD_KEYS_MAX];
/* a key destructor that is free() itself: the program's place to blame */
static __thread uintptr_t dtor_free_pc;

int rs_key_create(pthread_key_t *k, void (*dtor)(void *), uintptr_t pc)
{
	unsigned int n;

	rs_lock();
	n = nkeys;
	if (n >= PTHREAD_KEYS_MAX) {
		rs_unlock();
		return EAGAIN;
	}
	keys[n].dtor = dtor;
	keys[n].pc = pc;
	__atomic_store_n(&keys[n].used, true, __ATOMIC_RELEASE);
	__atomic_store_n(&nkeys, n + 1, __ATOMIC_RELEASE);
	*k = n;
	rs_unlock();
	return 0;
}

int rs_key_delete(pthread_key_t k)
{
	int rc = EINVAL;

	rs_lock();
	if (k < nkeys && keys[k].used) {
		__atomic_store_n(&keys[k].used, false, __ATOMIC_RELEASE);
		rc = 0;
	}
	rs_unlock();
	return rc;
}

int rs_key_set(pthread_key_t k, const void *v)
{
	/* a key is only ever created once: reading used unlocked is safe
	 * for the thread that got k from a create it observed */
	if (k >= PTHREAD_KEYS_MAX ||
	    !__atomic_load_n(&keys[k].used, __ATOMIC_ACQUIRE))
		return EINVAL;
	tsd[k] = (void *)(uintptr_t)v;
	return 0;
}

void *rs_key_get(pthread_key_t k)
{
	return k < PTHREAD_KEYS_MAX ? tsd[k] : NULL;
}

/* The destructor of key k if this thread's value needs it (cleared). */
static void (*tsd_take(unsigned int k, void **v, uintptr_t *pc))(void *)
{
	void (*d)(void *) = NULL;

	if (tsd[k] == NULL)
		return NULL;
	rs_lock();
	if (k < nkeys && keys[k].used && keys[k].dtor != NULL) {
		d = keys[k].dtor;
		*pc = keys[k].pc;
		*v = tsd[k];
		tsd[k] = NULL;
	}
	rs_unlock();
	return d;
}

void __wrap_free(void *p);

/* POSIX: call each destructor whose value is set, again while destructors
 * set values, at most PTHREAD_DESTRUCTOR_ITERATIONS rounds. */
static void tsd_run_dtors(void)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		bool any = false;

		unsigned int n = __atomic_load_n(&nkeys, __ATOMIC_ACQUIRE);

		for (unsigned int k = 0; k < n; k++) {
			void *v = NULL;
			uintptr_t pc = 0;
			void (*d)(void *) = tsd_take(k, &v, &pc);

			if (d == NULL)
				continue;
			any = true;
			if (d ==
			    __wrap_free) /* called from here, not the program */
				dtor_free_pc = pc;
			d(v); /* program code: schedule points */
			dtor_free_pc = 0;
		}
		if (!any)
			return;
	}
}

/* Every modelled key forgotten, and the calling thread's values with them
 * (rs_worker.c, on main, before the next run in the same process): key
 * numbers start again from 0, as in a fresh child. */
void rs_keys_reset(void)
{
	unsigned int n = __atomic_load_n(&nkeys, __ATOMIC_ACQUIRE);

	for (unsigned int k = 0; k < n; k++) {
		__atomic_store_n(&keys[k].used, false, __ATOMIC_RELEASE);
		keys[k].dtor = NULL;
		keys[k].pc = 0;
		tsd[k] = NULL;
	}
	__atomic_store_n(&nkeys, 0, __ATOMIC_RELEASE);
	dtor_free_pc = 0;
	call_timeout = -1;
}

int __wrap_pthread_key_create(pthread_key_t *k, void (*dtor)(void *));
int __wrap_pthread_key_create(pthread_key_t *k, void (*dtor)(void *))
{
	return rs_key_create(k, dtor, PC());
}

int __wrap_pthread_key_delete(pthread_key_t k);
int __wrap_pthread_key_delete(pthread_key_t k)
{
	return rs_key_delete(k);
}

int __wrap_pthread_setspecific(pthread_key_t k, const void *v);
int __wrap_pthread_setspecific(pthread_key_t k, const void *v)
{
	return rs_key_set(k, v);
}

void *__wrap_pthread_getspecific(pthread_key_t k);
void *__wrap_pthread_getspecific(pthread_key_t k)
{
	return rs_key_get(k);
}

/* ------------------------------------------------------------ threads */

/*
 * The end of a modelled thread, in POSIX order: its start routine returned
 * (or pthread_exit unwound it through its cleanup handlers, which ran as
 * ordinary program code with the baton), then its key destructors run, also
 * inside the model; only then is it finished and the baton passed on. When
 * it was the last thread (main left by pthread_exit), the process ends here
 * with status 0, as it would natively.
 */
static void thread_end(struct rs_thread *t)
{
	tsd_run_dtors();
	if (rs_enter() != t)
		return;
	rs_thread_finish(t, t->retval);
	if (rs_g.live > 0) {
		rs_unlock();
		return;
	}
	rs_unlock();
	rs_finish_program(0);
}

/* pthread_exit's way back in: glibc runs key destructors after the
 * cleanup handlers, so this real key's destructor comes after them. */
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void exit_key_dtor(void *p)
{
	struct rs_thread *t = p;

	if (t == rs_self)
		thread_end(t);
}

static void exit_key_make(void)
{
	if (__real_pthread_key_create(&exit_key, exit_key_dtor) != 0)
		rs_die(RS_EXIT_CONFIG, "error", "pthread_key_create failed");
}

static void *rs_trampoline(void *p)
{
	struct rs_thread *t = p;

	rs_self = t;
	rs_thread_signals();
	rs_baton_first(t);
	ev(t, RS_EV_START, NULL, 0, 0);
	rs_unlock();
	if (t->cfn != NULL)
		t->retval = (void *)(intptr_t)t->cfn(t->arg);
	else
		t->retval = t->fn(t->arg);
	thread_end(t);
	return t->retval;
}

/* A new modelled thread running fn (or C11's cfn); rc as pthread_create. */
int rs_thread_create(pthread_t *th, const pthread_attr_t *attr,
		     void *(*fn)(void *), int (*cfn)(void *), void *arg,
		     uintptr_t pc)
{
	struct rs_thread *me = enter_at(pc), *t;
	int ds = PTHREAD_CREATE_JOINABLE, rc;

	if (me == NULL)
		return -1;
	rs_point(me);
	t = rs_thread_new();
	t->fn = fn;
	t->cfn = cfn;
	t->arg = arg;
	if (attr != NULL && pthread_attr_getdetachstate(attr, &ds) == 0)
		t->detached = ds == PTHREAD_CREATE_DETACHED;
	/* the new thread waits in rs_trampoline until it gets the baton */
	rc = __real_pthread_create(&t->real, attr, rs_trampoline, t);
	if (rc != 0) {
		t->state = RS_T_FINISHED;
		t->joined = true;
		rs_g.live--;
		return done(rc);
	}
	*th = t->real;
	ev(me, RS_EV_CREATE, NULL, pc, t->tid);
	return done(0);
}

int __wrap_pthread_create(pthread_t *th, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *th, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg)
{
	int rc = rs_thread_create(th, attr, fn, NULL, arg, PC());

	return rc == -1 ? __real_pthread_create(th, attr, fn, arg) : rc;
}

/* The live-or-finished, not yet joined thread whose pthread_t is th. */
static struct rs_thread *thread_of(pthread_t th)
{
	for (int i = rs_g.nthreads - 1; i >= 0; i--) {
		struct rs_thread *t = rs_g.threads[i];

		if (t->state != RS_T_FREE && !t->detached && !t->joined &&
		    pthread_equal(t->real, th))
			return t;
	}
	return NULL;
}

int rs_join(pthread_t th, void **ret, uintptr_t pc, bool try, bool timed)
{
	struct rs_thread *me = enter_at(pc), *t;
	int rc;

	if (me == NULL)
		return -1;
	t = thread_of(th);
	if (t == NULL) {
		/* not ours (or detached): uncontrolled; the watchdog covers a
		 * hang */
		rs_unlock();
		return -1;
	}
	if (t == me)
		return done(EDEADLK);
	me->wtid = t->tid;
	if (try) {
		rs_point(me);
		if (t->state != RS_T_FINISHED)
			return done(EBUSY);
	} else {
		block(me, RS_W_JOIN, NULL, timed);
		if (took_timeout(me)) {
			ev(me, RS_EV_TIMEOUT, NULL, pc, t->tid);
			return done(ETIMEDOUT);
		}
	}
	/*
	 * The target has passed the baton on and is leaving. The real join
	 * waits for glibc's last steps of that thread, which the model does
	 * not see: never with the runtime's lock held (the baton stays here,
	 * so no program thread runs meanwhile, and the watchdog can look).
	 */
	t->joined = true; /* its pthread_t may be reused */
	rs_unlock();
	rc = __real_pthread_join(t->real, NULL);
	rs_lock();
	if (ret != NULL)
		*ret = t->retval;
	ev(me, RS_EV_JOIN, NULL, pc, t->tid);
	return done(rc);
}

int __wrap_pthread_join(pthread_t th, void **ret);
int __wrap_pthread_join(pthread_t th, void **ret)
{
	int rc = rs_join(th, ret, PC(), false, false);

	return rc == -1 ? __real_pthread_join(th, ret) : rc;
}

int __wrap_pthread_tryjoin_np(pthread_t th, void **ret);
int __wrap_pthread_tryjoin_np(pthread_t th, void **ret)
{
	int rc = rs_join(th, ret, PC(), true, false);

	return rc == -1 ? __real_pthread_tryjoin_np(th, ret) : rc;
}

int __wrap_pthread_timedjoin_np(pthread_t th, void **ret,
				const struct timespec *abstime);
int __wrap_pthread_timedjoin_np(pthread_t th, void **ret,
				const struct timespec *abstime)
{
	int rc;

	rs_timeout_abs(CLOCK_REALTIME, abstime);
	rc = rs_join(th, ret, PC(), false, true);

	return rc == -1 ? __real_pthread_timedjoin_np(th, ret, abstime) : rc;
}

int rs_detach(pthread_t th, uintptr_t pc)
{
	struct rs_thread *me = enter_at(pc), *t;

	if (me != NULL) {
		t = thread_of(th);
		if (t != NULL)
			t->detached = true;
		rs_unlock();
	}
	return __real_pthread_detach(th);
}

int __wrap_pthread_detach(pthread_t th);
int __wrap_pthread_detach(pthread_t th)
{
	return rs_detach(th, PC());
}

/*
 * The thread stays live and keeps the baton while glibc unwinds it through
 * its cleanup handlers (program code, modelled like any other); exit_key's
 * destructor then ends it in the model (thread_end). From main, too: the
 * other threads go on, and the last one to end ends the process.
 */
void rs_exit_thread(void *ret, uintptr_t pc)
{
	struct rs_thread *me = enter_at(pc);

	if (me != NULL) {
		rs_point(me);
		me->retval = ret;
		me->exiting = true;
		__real_pthread_once(&exit_key_once, exit_key_make);
		__real_pthread_setspecific(exit_key, me);
		rs_unlock();
	}
	__real_pthread_exit(ret);
}

void __wrap_pthread_exit(void *ret) __attribute__((noreturn));
void __wrap_pthread_exit(void *ret)
{
	rs_exit_thread(ret, PC());
}

/* ------------------------------------------------------------ mutexes */

/* The static initializers' type is read from glibc's own field; on another
 * C library or layout the build stops here (docs/sched.md, Portability). */
#if !defined(__GLIBC__)
#error "the sched runtime reads glibc's pthread_mutex_t (__data.__kind)"
#endif
_Static_assert(offsetof(pthread_mutex_t, __data.__kind) ==
		   3 * sizeof(int) + sizeof(unsigned),
	       "glibc's pthread_mutex_t layout changed: __data.__kind moved");

static struct rs_obj *mutex_obj(pthread_mutex_t *m, uintptr_t pc)
{
	struct rs_obj *o = rs_obj_find((uintptr_t)m);

	if (o != NULL && o->kind == RS_O_MUTEX)
		return o;
	o = rs_obj_get((uintptr_t)m, RS_O_MUTEX, pc);
	/* first seen without pthread_mutex_init: a static initializer, whose
	 * type glibc keeps in __kind (PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
	 * ...) */
	o->mtype = m->__data.__kind & 3;
	return o;
}

/* A fresh modelled mutex of the given PTHREAD_MUTEX_* type. */
int rs_mutex_init(void *m, int type, uintptr_t pc)
{
	struct rs_thread *me = enter_at(pc);

	if (me == NULL)
		return -1;
	rs_obj_drop((uintptr_t)m);
	rs_obj_get((uintptr_t)m, RS_O_MUTEX, pc)->mtype = type;
	return done(0);
}

int __wrap_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a);
int __wrap_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	int type = PTHREAD_MUTEX_DEFAULT;
	/* the real object mirrors the type for a later lazy lookup */
	int rc = __real_pthread_mutex_init(m, a);

	if (rc != 0)
		return rc;
	if (a != NULL)
		pthread_mutexattr_gettype(a, &type);
	rc = rs_mutex_init(m, type, PC());
	return rc == -1 ? 0 : rc;
}

int rs_mutex_destroy(void *m, uintptr_t pc)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return -1;
	o = rs_obj_find((uintptr_t)m);
	if (o != NULL && o->owner >= 0)
		return done(EBUSY);
	rs_obj_drop((uintptr_t)m);
	return done(0);
}

int __wrap_pthread_mutex_destroy(pthread_mutex_t *m);
int __wrap_pthread_mutex_destroy(pthread_mutex_t *m)
{
	int rc = rs_mutex_destroy(m, PC());

	return rc == -1 ? __real_pthread_mutex_destroy(m) : rc;
}

static void mutex_take(struct rs_thread *me, struct rs_obj *o, uintptr_t pc)
{
	o->owner = me->tid;
	o->count = 1;
	o->acq_pc = pc;
	o->acq_caller = rs_caller(me);
}

/* lock, timedlock, clocklock: rc, or -1 to fall through */
int rs_mutex_lock(pthread_mutex_t *m, uintptr_t pc, bool timed,
		  enum rs_okind kind)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return -1;
	o = kind == RS_O_MUTEX ? mutex_obj(m, pc)
			       : rs_obj_get((uintptr_t)m, kind, pc);
	if (o->owner == me->tid && o->mtype == PTHREAD_MUTEX_RECURSIVE) {
		rs_point(me);
		o->count++;
		ev(me, RS_EV_LOCK, m, pc, 0);
		return done(0);
	}
	if (o->owner == me->tid && o->mtype == PTHREAD_MUTEX_ERRORCHECK) {
		rs_point(me);
		return done(EDEADLK);
	}
	/* (a default mutex relocked by its owner waits forever: the
	 * deadlock report names it) */
	block(me, RS_W_MUTEX, o, timed);
	if (took_timeout(me)) {
		ev(me, RS_EV_TIMEOUT, m, pc, 0);
		return done(ETIMEDOUT);
	}
	mutex_take(me, o, pc);
	ev(me, RS_EV_LOCK, m, pc, 0);
	return done(0);
}

int __wrap_pthread_mutex_lock(pthread_mutex_t *m);
int __wrap_pthread_mutex_lock(pthread_mutex_t *m)
{
	int rc = rs_mutex_lock(m, PC(), false, RS_O_MUTEX);

	return rc == -1 ? __real_pthread_mutex_lock(m) : rc;
}

int __wrap_pthread_mutex_timedlock(pthread_mutex_t *m,
				   const struct timespec *abstime);
int __wrap_pthread_mutex_timedlock(pthread_mutex_t *m,
				   const struct timespec *abstime)
{
	int rc;

	rs_timeout_abs(CLOCK_REALTIME, abstime);
	rc = rs_mutex_lock(m, PC(), true, RS_O_MUTEX);
	return rc == -1 ? __real_pthread_mutex_timedlock(m, abstime) : rc;
}

int __wrap_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clk,
				   const struct timespec *abstime);
int __wrap_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clk,
				   const struct timespec *abstime)
{
	int rc;

	rs_timeout_abs(clk, abstime);
	rc = rs_mutex_lock(m, PC(), true, RS_O_MUTEX);
	return rc == -1 ? __real_pthread_mutex_clocklock(m, clk, abstime) : rc;
}

int rs_mutex_trylock(void *m, uintptr_t pc, enum rs_okind kind)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return -1;
	rs_point(me);
	o = kind == RS_O_MUTEX ? mutex_obj(m, pc)
			       : rs_obj_get((uintptr_t)m, kind, pc);
	if (o->owner == me->tid && o->mtype == PTHREAD_MUTEX_RECURSIVE) {
		o->count++;
	} else if (o->owner >= 0) {
		ev(me, RS_EV_TRYLOCK, m, pc, EBUSY);
		return done(EBUSY);
	} else {
		mutex_take(me, o, pc);
	}
	ev(me, RS_EV_TRYLOCK, m, pc, 0);
	return done(0);
}

int __wrap_pthread_mutex_trylock(pthread_mutex_t *m);
int __wrap_pthread_mutex_trylock(pthread_mutex_t *m)
{
	int rc = rs_mutex_trylock(m, PC(), RS_O_MUTEX);

	return rc == -1 ? __real_pthread_mutex_trylock(m) : rc;
}

int rs_mutex_unlock(void *m, uintptr_t pc, enum rs_okind kind)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return -1;
	rs_point(me);
	o = kind == RS_O_MUTEX ? mutex_obj(m, pc)
			       : rs_obj_get((uintptr_t)m, kind, pc);
	if (o->owner != me->tid && o->mtype != PTHREAD_MUTEX_DEFAULT)
		return done(EPERM);
	if (o->owner == me->tid && --o->count > 0) {
		ev(me, RS_EV_UNLOCK, m, pc, 0);
		return done(0);
	}
	/* a default mutex unlocked by another thread is undefined; model
	 * what glibc does: it becomes free */
	o->owner = -1;
	o->count = 0;
	ev(me, RS_EV_UNLOCK, m, pc, 0);
	return done(0);
}

int __wrap_pthread_mutex_unlock(pthread_mutex_t *m);
int __wrap_pthread_mutex_unlock(pthread_mutex_t *m)
{
	int rc = rs_mutex_unlock(m, PC(), RS_O_MUTEX);

	return rc == -1 ? __real_pthread_mutex_unlock(m) : rc;
}

/* ------------------------------------------------------------ spinlocks */

int __wrap_pthread_spin_init(pthread_spinlock_t *s, int pshared);
int __wrap_pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	uintptr_t pc = PC();
	struct rs_thread *me = enter_at(pc);

	if (me == NULL)
		return __real_pthread_spin_init(s, pshared);
	rs_obj_drop((uintptr_t)s);
	rs_obj_get((uintptr_t)s, RS_O_SPIN, pc);
	return done(0);
}

int __wrap_pthread_spin_destroy(pthread_spinlock_t *s);
int __wrap_pthread_spin_destroy(pthread_spinlock_t *s)
{
	struct rs_thread *me = enter_at(PC());

	if (me == NULL)
		return __real_pthread_spin_destroy(s);
	rs_obj_drop((uintptr_t)s);
	return done(0);
}

int __wrap_pthread_spin_lock(pthread_spinlock_t *s);
int __wrap_pthread_spin_lock(pthread_spinlock_t *s)
{
	int rc = rs_mutex_lock((pthread_mutex_t *)(uintptr_t)s, PC(), false,
			       RS_O_SPIN);

	return rc == -1 ? __real_pthread_spin_lock(s) : rc;
}

int __wrap_pthread_spin_trylock(pthread_spinlock_t *s);
int __wrap_pthread_spin_trylock(pthread_spinlock_t *s)
{
	int rc = rs_mutex_trylock((void *)(uintptr_t)s, PC(), RS_O_SPIN);

	return rc == -1 ? __real_pthread_spin_trylock(s) : rc;
}

int __wrap_pthread_spin_unlock(pthread_spinlock_t *s);
int __wrap_pthread_spin_unlock(pthread_spinlock_t *s)
{
	int rc = rs_mutex_unlock((void *)(uintptr_t)s, PC(), RS_O_SPIN);

	return rc == -1 ? __real_pthread_spin_unlock(s) : rc;
}

/* ------------------------------------------------------------ condvars */

int rs_cond_init(void *c, uintptr_t pc)
{
	struct rs_thread *me = enter_at(pc);

	if (me == NULL)
		return -1;
	rs_obj_drop((uintptr_t)c);
	rs_obj_get((uintptr_t)c, RS_O_COND, pc);
	return done(0);
}

int __wrap_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a);
int __wrap_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	int rc = rs_cond_init(c, PC());

	return rc == -1 ? __real_pthread_cond_init(c, a) : rc;
}

static bool has_waiters(const struct rs_obj *o)
{
	for (int i = 0; i < rs_g.nthreads; i++) {
		const struct rs_thread *t = rs_g.threads[i];

		if (t->state == RS_T_LIVE && t->wobj == o &&
		    t->wait != RS_W_NONE)
			return true;
	}
	return false;
}

int rs_cond_destroy(void *c, uintptr_t pc)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return -1;
	o = rs_obj_find((uintptr_t)c);
	if (o != NULL && has_waiters(o))
		return done(EBUSY);
	rs_obj_drop((uintptr_t)c);
	return done(0);
}

int __wrap_pthread_cond_destroy(pthread_cond_t *c);
int __wrap_pthread_cond_destroy(pthread_cond_t *c)
{
	int rc = rs_cond_destroy(c, PC());

	return rc == -1 ? __real_pthread_cond_destroy(c) : rc;
}

int rs_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uintptr_t pc,
		 bool timed)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *co, *mo;
	int rc = 0;

	if (me == NULL)
		return -1;
	rs_point(me);
	co = rs_obj_get((uintptr_t)c, RS_O_COND, pc);
	mo = mutex_obj(m, pc);
	if (mo->owner != me->tid)
		return done(EPERM);
	/* release the mutex and start waiting: one step */
	mo->owner = -1;
	mo->count = 0;
	ev(me, RS_EV_CWAIT, c, pc, 0);
	me->cmutex = mo;
	me->wseq = ++rs_g.wseq;
	/* a signal (or the timeout) turns this into a request for mo */
	me->spurious = false;
	block(me, RS_W_COND, co, timed);
	if (took_timeout(me))
		rc = ETIMEDOUT;
	me->cmutex = NULL;
	mutex_take(me, mo, pc);
	/* a spurious wakeup returns 0 like a signalled one; only the trace
	 * tells them apart */
	ev(me, RS_EV_CWOKE, c, pc, me->spurious ? RS_CWOKE_SPURIOUS : rc);
	me->spurious = false;
	return done(rc);
}

int __wrap_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int __wrap_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	int rc = rs_cond_wait(c, m, PC(), false);

	return rc == -1 ? __real_pthread_cond_wait(c, m) : rc;
}

int __wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *abstime);
int __wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *abstime)
{
	int rc;

	rs_timeout_abs(CLOCK_REALTIME, abstime);
	rc = rs_cond_wait(c, m, PC(), true);
	return rc == -1 ? __real_pthread_cond_timedwait(c, m, abstime) : rc;
}

int __wrap_pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
				  clockid_t clk,
				  const struct timespec *abstime);
int __wrap_pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
				  clockid_t clk, const struct timespec *abstime)
{
	int rc;

	rs_timeout_abs(clk, abstime);
	rc = rs_cond_wait(c, m, PC(), true);
	return rc == -1 ? __real_pthread_cond_clockwait(c, m, clk, abstime)
			: rc;
}

/* Wake the longest waiter (all of them for broadcast); returns how many. */
static int cond_wake(struct rs_obj *co, bool all)
{
	int woken = 0;

	for (;;) {
		struct rs_thread *first = NULL;

		for (int i = 0; i < rs_g.nthreads; i++) {
			struct rs_thread *t = rs_g.threads[i];

			if (t->state == RS_T_LIVE && t->wait == RS_W_COND &&
			    t->wobj == co &&
			    (first == NULL || t->wseq < first->wseq))
				first = t;
		}
		if (first == NULL)
			return woken;
		first->wait = RS_W_MUTEX;
		first->wobj = first->cmutex;
		first->timed = false;
		woken++;
		if (!all)
			return woken;
	}
}

int rs_cond_signal(pthread_cond_t *c, uintptr_t pc, bool all)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *co;

	if (me == NULL)
		return -1;
	rs_point(me);
	co = rs_obj_get((uintptr_t)c, RS_O_COND, pc);
	ev(me, all ? RS_EV_BROADCAST : RS_EV_SIGNAL, c, pc, cond_wake(co, all));
	return done(0);
}

int __wrap_pthread_cond_signal(pthread_cond_t *c);
int __wrap_pthread_cond_signal(pthread_cond_t *c)
{
	int rc = rs_cond_signal(c, PC(), false);

	return rc == -1 ? __real_pthread_cond_signal(c) : rc;
}

int __wrap_pthread_cond_broadcast(pthread_cond_t *c);
int __wrap_pthread_cond_broadcast(pthread_cond_t *c)
{
	int rc = rs_cond_signal(c, PC(), true);

	return rc == -1 ? __real_pthread_cond_broadcast(c) : rc;
}

/* ------------------------------------------------------------ rwlocks */

static struct rs_obj *rw_obj(pthread_rwlock_t *l, uintptr_t pc)
{
	struct rs_obj *o = rs_obj_get((uintptr_t)l, RS_O_RWLOCK, pc);

	if (o->readers == NULL) {
		o->readers = __real_calloc(RS_MAX_THREADS, sizeof(*o->readers));
		if (o->readers == NULL)
			rs_die(RS_EXIT_CONFIG, "error", "out of memory");
	}
	return o;
}

int __wrap_pthread_rwlock_init(pthread_rwlock_t *l,
			       const pthread_rwlockattr_t *a);
int __wrap_pthread_rwlock_init(pthread_rwlock_t *l,
			       const pthread_rwlockattr_t *a)
{
	uintptr_t pc = PC();
	struct rs_thread *me = enter_at(pc);

	if (me == NULL)
		return __real_pthread_rwlock_init(l, a);
	rs_obj_drop((uintptr_t)l);
	rw_obj(l, pc);
	return done(0);
}

int __wrap_pthread_rwlock_destroy(pthread_rwlock_t *l);
int __wrap_pthread_rwlock_destroy(pthread_rwlock_t *l)
{
	struct rs_thread *me = enter_at(PC());
	struct rs_obj *o;

	if (me == NULL)
		return __real_pthread_rwlock_destroy(l);
	o = rs_obj_find((uintptr_t)l);
	if (o != NULL && (o->owner >= 0 || o->nreaders > 0))
		return done(EBUSY);
	rs_obj_drop((uintptr_t)l);
	return done(0);
}

enum rw_mode { RW_BLOCK, RW_TRY, RW_TIMED };

static int rw_lock(pthread_rwlock_t *l, uintptr_t pc, bool write,
		   enum rw_mode mode)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return -1;
	o = rw_obj(l, pc);
	if (o->owner == me->tid) {
		rs_point(me);
		return done(EDEADLK);
	}
	if (mode == RW_TRY) {
		rs_point(me);
		if (o->owner >= 0 || (write && o->nreaders > 0)) {
			ev(me, RS_EV_TRYLOCK, l, pc, EBUSY);
			return done(EBUSY);
		}
	} else {
		/* (a writer that holds a read lock waits forever: reported) */
		block(me, write ? RS_W_WRLOCK : RS_W_RDLOCK, o,
		      mode == RW_TIMED);
		if (took_timeout(me)) {
			ev(me, RS_EV_TIMEOUT, l, pc, 0);
			return done(ETIMEDOUT);
		}
	}
	if (write) {
		o->owner = me->tid;
		o->acq_pc = pc;
		o->acq_caller = rs_caller(me);
	} else {
		o->readers[me->tid]++;
		o->nreaders++;
		o->acq_pc = pc;
	}
	ev(me, write ? RS_EV_WRLOCK : RS_EV_RDLOCK, l, pc, 0);
	return done(0);
}

/* One wrapper per rwlock call: the model decides; -1 means "not a modelled
 * lock", and the real call runs. PARAMS/ARGS carry the timed variants'
 * extra timeout argument. */
#define RS_RWWRAP(NAME, WRITE, MODE, PARAMS, ARGS, SETUP)                      \
	int __wrap_pthread_rwlock_##NAME(pthread_rwlock_t *l PARAMS);          \
	int __wrap_pthread_rwlock_##NAME(pthread_rwlock_t *l PARAMS)           \
	{                                                                      \
		int rc;                                                        \
                                                                               \
		SETUP;                                                         \
		rc = rw_lock(l, PC(), WRITE, MODE);                            \
                                                                               \
		return rc == -1 ? __real_pthread_rwlock_##NAME(l ARGS) : rc;   \
	}

#define RS_NO_PARAMS
#define RS_TIMEOUT_PARAM , const struct timespec *t
#define RS_TIMEOUT_ARG	 , t
#define RS_TIMEOUT_SET	 rs_timeout_abs(CLOCK_REALTIME, t)
RS_RWWRAP(rdlock, false, RW_BLOCK, RS_NO_PARAMS, RS_NO_PARAMS, (void)0)
RS_RWWRAP(tryrdlock, false, RW_TRY, RS_NO_PARAMS, RS_NO_PARAMS, (void)0)
RS_RWWRAP(timedrdlock, false, RW_TIMED, RS_TIMEOUT_PARAM, RS_TIMEOUT_ARG,
	  RS_TIMEOUT_SET)
RS_RWWRAP(wrlock, true, RW_BLOCK, RS_NO_PARAMS, RS_NO_PARAMS, (void)0)
RS_RWWRAP(trywrlock, true, RW_TRY, RS_NO_PARAMS, RS_NO_PARAMS, (void)0)
RS_RWWRAP(timedwrlock, true, RW_TIMED, RS_TIMEOUT_PARAM, RS_TIMEOUT_ARG,
	  RS_TIMEOUT_SET)

int __wrap_pthread_rwlock_unlock(pthread_rwlock_t *l);
int __wrap_pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	uintptr_t pc = PC();
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return __real_pthread_rwlock_unlock(l);
	rs_point(me);
	o = rw_obj(l, pc);
	if (o->owner == me->tid)
		o->owner = -1;
	else if (o->readers[me->tid] > 0) {
		o->readers[me->tid]--;
		o->nreaders--;
	} else
		return done(EPERM);
	ev(me, RS_EV_RWUNLOCK, l, pc, 0);
	return done(0);
}

/* ------------------------------------------------------------ semaphores */

static struct rs_obj *sem_obj(sem_t *s, uintptr_t pc)
{
	struct rs_obj *o = rs_obj_find((uintptr_t)s);
	int v = 0;

	if (o != NULL && o->kind == RS_O_SEM)
		return o;
	/* not created by a wrapped sem_init (sem_open ...): start from the
	 * real semaphore's count */
	o = rs_obj_get((uintptr_t)s, RS_O_SEM, pc);
	if (__real_sem_getvalue(s, &v) == 0 && v > 0)
		o->count = v;
	return o;
}

int __wrap_sem_init(sem_t *s, int pshared, unsigned int value);
int __wrap_sem_init(sem_t *s, int pshared, unsigned int value)
{
	uintptr_t pc = PC();
	struct rs_thread *me = enter_at(pc);
	int rc = __real_sem_init(s, pshared, value);
	struct rs_obj *o;

	if (me == NULL || rc != 0)
		return me == NULL ? rc : done(rc);
	rs_obj_drop((uintptr_t)s);
	o = rs_obj_get((uintptr_t)s, RS_O_SEM, pc);
	o->count = (int)value;
	return done(0);
}

int __wrap_sem_destroy(sem_t *s);
int __wrap_sem_destroy(sem_t *s)
{
	struct rs_thread *me = enter_at(PC());

	if (me == NULL)
		return __real_sem_destroy(s);
	rs_obj_drop((uintptr_t)s);
	return done(0);
}

static int sem_down(sem_t *s, uintptr_t pc, enum rw_mode mode)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return -2;
	o = sem_obj(s, pc);
	if (mode == RW_TRY) {
		rs_point(me);
		if (o->count <= 0) {
			ev(me, RS_EV_TRYLOCK, s, pc, EAGAIN);
			errno = EAGAIN;
			return done(-1);
		}
	} else {
		block(me, RS_W_SEM, o, mode == RW_TIMED);
		if (took_timeout(me)) {
			ev(me, RS_EV_TIMEOUT, s, pc, 0);
			errno = ETIMEDOUT;
			return done(-1);
		}
	}
	o->count--;
	ev(me, RS_EV_SEMWAIT, s, pc, o->count);
	return done(0);
}

int __wrap_sem_wait(sem_t *s);
int __wrap_sem_wait(sem_t *s)
{
	int rc = sem_down(s, PC(), RW_BLOCK);

	return rc == -2 ? __real_sem_wait(s) : rc;
}

int __wrap_sem_trywait(sem_t *s);
int __wrap_sem_trywait(sem_t *s)
{
	int rc = sem_down(s, PC(), RW_TRY);

	return rc == -2 ? __real_sem_trywait(s) : rc;
}

int __wrap_sem_timedwait(sem_t *s, const struct timespec *abstime);
int __wrap_sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	int rc;

	rs_timeout_abs(CLOCK_REALTIME, abstime);
	rc = sem_down(s, PC(), RW_TIMED);

	return rc == -2 ? __real_sem_timedwait(s, abstime) : rc;
}

int __wrap_sem_post(sem_t *s);
int __wrap_sem_post(sem_t *s)
{
	uintptr_t pc = PC();
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return __real_sem_post(s);
	rs_point(me);
	o = sem_obj(s, pc);
	o->count++;
	ev(me, RS_EV_SEMPOST, s, pc, o->count);
	return done(0);
}

int __wrap_sem_getvalue(sem_t *s, int *v);
int __wrap_sem_getvalue(sem_t *s, int *v)
{
	uintptr_t pc = PC();
	struct rs_thread *me = enter_at(pc);

	if (me == NULL)
		return __real_sem_getvalue(s, v);
	rs_point(me);
	*v = sem_obj(s, pc)->count;
	return done(0);
}

/* ------------------------------------------------------------ barriers */

int __wrap_pthread_barrier_init(pthread_barrier_t *b,
				const pthread_barrierattr_t *a,
				unsigned int count);
int __wrap_pthread_barrier_init(pthread_barrier_t *b,
				const pthread_barrierattr_t *a,
				unsigned int count)
{
	uintptr_t pc = PC();
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return __real_pthread_barrier_init(b, a, count);
	if (count == 0)
		return done(EINVAL);
	rs_obj_drop((uintptr_t)b);
	o = rs_obj_get((uintptr_t)b, RS_O_BARRIER, pc);
	o->need = (int)count;
	return done(0);
}

int __wrap_pthread_barrier_destroy(pthread_barrier_t *b);
int __wrap_pthread_barrier_destroy(pthread_barrier_t *b)
{
	struct rs_thread *me = enter_at(PC());

	if (me == NULL)
		return __real_pthread_barrier_destroy(b);
	rs_obj_drop((uintptr_t)b);
	return done(0);
}

int __wrap_pthread_barrier_wait(pthread_barrier_t *b);
int __wrap_pthread_barrier_wait(pthread_barrier_t *b)
{
	uintptr_t pc = PC();
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return __real_pthread_barrier_wait(b);
	rs_point(me);
	o = rs_obj_get((uintptr_t)b, RS_O_BARRIER, pc);
	if (o->need <= 0)
		return done(EINVAL);
	if (++o->count >= o->need) {
		o->count = 0;
		o->gen++;
		ev(me, RS_EV_BARRIER, b, pc, 1);
		return done(PTHREAD_BARRIER_SERIAL_THREAD);
	}
	me->wgen = o->gen;
	block(me, RS_W_BARRIER, o, false);
	ev(me, RS_EV_BARRIER, b, pc, 0);
	return done(0);
}

/* ------------------------------------------------------------ once */

/* pthread_once and C11's call_once; -1: not scheduling */
int rs_once(void *once, void (*init)(void), uintptr_t pc)
{
	struct rs_thread *me = enter_at(pc);
	struct rs_obj *o;

	if (me == NULL)
		return -1;
	rs_point(me);
	o = rs_obj_get((uintptr_t)once, RS_O_ONCE, pc);
	if (o->once_state == 0) {
		o->once_state = 1;
		o->once_tid = me->tid;
		ev(me, RS_EV_ONCE, once, pc, 1);
		rs_unlock();
		init(); /* program code: schedule points inside */
		if (rs_enter() != me)
			return 0;
		o->once_state = 2;
		return done(0);
	}
	if (o->once_state == 1)
		block(me, RS_W_ONCE, o, false);
	ev(me, RS_EV_ONCE, once, pc, 0);
	return done(0);
}

int __wrap_pthread_once(pthread_once_t *once, void (*init)(void));
int __wrap_pthread_once(pthread_once_t *once, void (*init)(void))
{
	int rc = rs_once(once, init, PC());

	return rc == -1 ? __real_pthread_once(once, init) : rc;
}

/* ------------------------------------------------------------ yield, sleep */

int rs_yield_point(uintptr_t pc, enum rs_ev_kind k)
{
	struct rs_thread *me = enter_at(pc);

	if (me == NULL)
		return -1;
	rs_g.yields++; /* a timed waiter's timeout may fire now (rs_core.c) */
	rs_point(me);
	ev(me, k, NULL, pc, 0);
	return done(0);
}

/* A sleep is a wait that only its timeout ends, and the scheduler chooses
 * when (rs_core.c): at any step, so a sleep never orders anything. */
int rs_sleep_point(uintptr_t pc, bool zero)
{
	struct rs_thread *me;

	if (zero)
		return rs_yield_point(pc, RS_EV_YIELD);
	me = enter_at(pc);
	if (me == NULL)
		return -1;
	block(me, RS_W_SLEEP, NULL, true);
	took_timeout(me);
	ev(me, RS_EV_SLEEP, NULL, pc, 0);
	return done(0);
}

int __wrap_sched_yield(void);
int __wrap_sched_yield(void)
{
	int rc = rs_yield_point(PC(), RS_EV_YIELD);

	return rc == -1 ? __real_sched_yield() : rc;
}

int __wrap_usleep(useconds_t us);
int __wrap_usleep(useconds_t us)
{
	int rc;

	timeout_ns((long long)us * 1000);
	rc = rs_sleep_point(PC(), us == 0);
	return rc == -1 ? __real_usleep(us) : rc;
}

unsigned int __wrap_sleep(unsigned int s);
unsigned int __wrap_sleep(unsigned int s)
{
	int rc;

	timeout_ns((long long)s * 1000000000LL);
	rc = rs_sleep_point(PC(), s == 0);
	return rc == -1 ? __real_sleep(s) : 0;
}

int __wrap_nanosleep(const struct timespec *req, struct timespec *rem);
int __wrap_nanosleep(const struct timespec *req, struct timespec *rem)
{
	int rc;

	rs_timeout_rel(req);
	rc = rs_sleep_point(PC(), req != NULL && req->tv_sec == 0 &&
				      req->tv_nsec == 0);
	if (rc == -1)
		return __real_nanosleep(req, rem);
	if (rem != NULL)
		memset(rem, 0, sizeof(*rem));
	return 0;
}

int __wrap_clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
			   struct timespec *rem);
int __wrap_clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
			   struct timespec *rem)
{
	int rc;

	if (flags & TIMER_ABSTIME)
		rs_timeout_abs(clk, req);
	else
		rs_timeout_rel(req);
	rc = rs_sleep_point(PC(), false);
	if (rc == -1)
		return __real_clock_nanosleep(clk, flags, req, rem);
	if (rem != NULL)
		memset(rem, 0, sizeof(*rem));
	return 0;
}

/* ------------------------------------------------------------ unsupported */

/*
 * Calls the model cannot follow. Cancellation acts at any cancellation
 * point of another thread, a signal runs a handler in the middle of another
 * thread, and fork copies one thread of a process whose model has several:
 * each would leave the model describing threads that do not behave as it
 * says. Refused with the call's place (a could-not-judge, exit
 * RS_EXIT_UNSUPPORTED), never run half-modelled.
 */
int __real_pthread_cancel(pthread_t);
int __real_pthread_kill(pthread_t, int);

int __wrap_pthread_cancel(pthread_t th);
int __wrap_pthread_cancel(pthread_t th)
{
	uintptr_t pc = PC();

	if (rs_enter() != NULL)
		rs_unsupported(pc, "pthread_cancel");
	return __real_pthread_cancel(th);
}

int __wrap_pthread_kill(pthread_t th, int sig);
int __wrap_pthread_kill(pthread_t th, int sig)
{
	uintptr_t pc = PC();

	/* signal 0 only asks whether the thread exists */
	if (sig != 0 && rs_enter() != NULL)
		rs_unsupported(pc, "pthread_kill");
	return __real_pthread_kill(th, sig);
}

/*
 * A signal sent to the process itself, with a handler installed: the
 * kernel runs the handler in whichever thread it picks, in the middle of
 * that thread, unscheduled. Refused. raise() is not: its handler runs at
 * once in the calling thread, which holds the baton.
 */
/* A robust mutex's owner dying hands the next locker EOWNERDEAD: the model
 * has no such state, so it would call the correct recovery a deadlock. */
int __real_pthread_mutexattr_setrobust(pthread_mutexattr_t *, int);

int __wrap_pthread_mutexattr_setrobust(pthread_mutexattr_t *a, int robust);
int __wrap_pthread_mutexattr_setrobust(pthread_mutexattr_t *a, int robust)
{
	uintptr_t pc = PC();

	if (robust != PTHREAD_MUTEX_STALLED && rs_enter() != NULL)
		rs_unsupported(pc, "pthread_mutexattr_setrobust (a robust "
				   "mutex)");
	return __real_pthread_mutexattr_setrobust(a, robust);
}

int __wrap_kill(pid_t pid, int sig);
int __wrap_kill(pid_t pid, int sig)
{
	uintptr_t pc = PC();
	struct sigaction sa;

	if (sig != 0 && (pid == getpid() || pid == 0 || pid == -getpgrp()) &&
	    __real_sigaction(sig, NULL, &sa) == 0 && sa.sa_handler != SIG_DFL &&
	    sa.sa_handler != SIG_IGN && rs_enter() != NULL)
		rs_unsupported(pc, "kill (a signal to this process, handled)");
	return __real_kill(pid, sig);
}

pid_t __wrap_fork(void);
pid_t __wrap_fork(void)
{
	uintptr_t pc = PC();

	if (rs_enter() != NULL)
		rs_unsupported(pc, "fork");
	return __real_fork();
}

/* ------------------------------------------------------------ malloc */

/* Not schedule points: allocation is thread-local as far as the program
 * can tell. Only bookkeeping, for names and the use-after-free check. */
static void track(void *p, size_t n, uintptr_t pc)
{
	if (p == NULL)
		return;
	rs_lock();
	rs_heap_add((uintptr_t)p, n, pc);
	rs_unlock();
}

void *__wrap_malloc(size_t n);
void *__wrap_malloc(size_t n)
{
	void *p = __real_malloc(n);

	track(p, n, PC());
	return p;
}

void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
	void *p = __real_calloc(n, size);

	track(p, n * size, PC());
	return p;
}

void *__wrap_aligned_alloc(size_t align, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n)
{
	void *p = __real_aligned_alloc(align, n);

	track(p, n, PC());
	return p;
}

int __wrap_posix_memalign(void **out, size_t align, size_t n);
int __wrap_posix_memalign(void **out, size_t align, size_t n)
{
	int rc = __real_posix_memalign(out, align, n);

	if (rc == 0)
		track(*out, n, PC());
	return rc;
}

/* In a run, on a program thread: the heap checks apply. */
static bool heap_checked(void)
{
	return rs_g.active && rs_self != NULL;
}

/*
 * The block at p given back (free, or realloc moving it), under rs_g.lock.
 * Returns true when the runtime keeps it (quarantine, or it is freed
 * already), false when the caller must really free it. In a run, a double
 * or invalid free is reported here and does not return.
 */
static bool heap_release(void *p, uintptr_t pc, const char *call)
{
	uintptr_t addr = (uintptr_t)p;
	size_t size;

	if (rs_self != NULL && rs_self->state == RS_T_LIVE)
		rs_resolve_pending(rs_self);
	if (rs_heap_size(addr, &size)) {
		rs_obj_drop_range(addr, addr + size);
		if (heap_checked()) {
			rs_record(rs_self, RS_EV_FREE, addr, 0, pc, 0, false,
				  0);
			return rs_heap_quarantine(addr, pc, rs_self->tid);
		}
		rs_heap_del(addr, &size);
		return false;
	}
	if (heap_checked())
		rs_heap_bad_free(addr, pc, call);
	/* after the run a block still in quarantine is left alone: the
	 * process is ending, and a real free of it would be a second one */
	return rs_heap_freed(addr);
}

/*
 * realloc in a run always moves the block: a new one, the contents copied,
 * the old one freed into quarantine like free(). C allows this, and it
 * makes a later access through the old pointer a finding on every schedule
 * (glibc moves a block only when it cannot grow it in place, which would
 * make the verdict depend on the heap's layout). realloc(p, 0) frees p and
 * returns NULL, as glibc does.
 */
static void *realloc_move(void *p, size_t old, size_t n, uintptr_t pc)
{
	void *q = n == 0 ? NULL : __real_malloc(n);
	bool kept;

	if (n != 0 && q == NULL)
		return NULL; /* p is untouched, still the caller's */
	if (q != NULL)
		__real_memcpy(q, p, old < n ? old : n);
	rs_lock();
	kept = heap_release(p, pc, "realloc");
	rs_unlock();
	if (!kept)
		__real_free(p);
	track(q, n, pc);
	return q;
}

void *__wrap_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n)
{
	uintptr_t pc = PC();
	size_t old = 0;
	bool ours, run;
	void *q;

	if (p == NULL) {
		q = __real_malloc(n);
		track(q, n, pc);
		return q;
	}
	rs_lock();
	run = heap_checked();
	ours = rs_heap_size((uintptr_t)p, &old);
	if (run && !ours)
		heap_release(p, pc, "realloc"); /* a freed or bad p: reported */
	if (!run && ours) {
		rs_heap_del((uintptr_t)p, &old);
		rs_obj_drop_range((uintptr_t)p, (uintptr_t)p + old);
	}
	rs_unlock();
	if (run && ours)
		return realloc_move(p, old, n, pc);
	/* outside a run, or a block the C library allocated: the real one */
	q = __real_realloc(p, n);
	if (q == NULL && n != 0)
		track(p, old, pc); /* still the caller's */
	else
		track(q, n, pc);
	return q;
}

void __wrap_free(void *p);
void __wrap_free(void *p)
{
	uintptr_t pc = dtor_free_pc != 0 ? dtor_free_pc : PC();
	bool kept;

	if (p == NULL)
		return; /* C: no action */
	rs_lock();
	kept = heap_release(p, pc, "free");
	rs_unlock();
	if (!kept)
		__real_free(p);
}
