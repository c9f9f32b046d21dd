/*
 * rs_threads.c - C11 <threads.h> (thrd_*, mtx_*, cnd_*, call_once, tss_*),
 * reached through -Wl,--wrap=NAME like the pthread calls (wrap.txt).
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * glibc implements <threads.h> over its pthreads internals, which the
 * program's --wrap list cannot reach: unwrapped, a C11 program would run
 * its threads and locks outside the model. Each call here maps onto the
 * pthread model in rs_pthread.c with C11's return codes; outside a run it
 * falls through to the real call.
 */
#include "rs.h"

#include <errno.h>
#include <stdint.h>
#include <threads.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

int __real_thrd_create(thrd_t *, thrd_start_t, void *);
int __real_thrd_join(thrd_t, int *);
void __real_thrd_exit(int) __attribute__((noreturn));
void __real_thrd_yield(void);
int __real_thrd_sleep(const struct timespec *, struct timespec *);
int __real_mtx_init(mtx_t *, int);
void __real_mtx_destroy(mtx_t *);
int __real_mtx_lock(mtx_t *);
int __real_mtx_timedlock(mtx_t *__restrict, const struct timespec *__restrict);
int __real_mtx_trylock(mtx_t *);
int __real_mtx_unlock(mtx_t *);
int __real_cnd_init(cnd_t *);
void __real_cnd_destroy(cnd_t *);
int __real_cnd_wait(cnd_t *, mtx_t *);
int __real_cnd_timedwait(cnd_t *__restrict, mtx_t *__restrict,
			 const struct timespec *__restrict);
int __real_cnd_signal(cnd_t *);
int __real_cnd_broadcast(cnd_t *);
void __real_call_once(once_flag *, void (*)(void));

/* An errno-style result of the model as a C11 code. */
static int c11(int rc)
{
	switch (rc) {
	case 0:
		return thrd_success;
	case EBUSY:
		return thrd_busy;
	case ETIMEDOUT:
		return thrd_timedout;
	case ENOMEM:
	case EAGAIN:
		return thrd_nomem;
	default:
		return thrd_error;
	}
}

/* ------------------------------------------------------------ threads */

int __wrap_thrd_create(thrd_t *thr, thrd_start_t fn, void *arg);
int __wrap_thrd_create(thrd_t *thr, thrd_start_t fn, void *arg)
{
	pthread_t th;
	int rc = rs_thread_create(&th, NULL, NULL, fn, arg, PC());

	if (rc == -1)
		return __real_thrd_create(thr, fn, arg);
	if (rc == 0)
		*thr = th;
	return c11(rc);
}

int __wrap_thrd_join(thrd_t thr, int *res);
int __wrap_thrd_join(thrd_t thr, int *res)
{
	void *r = NULL;
	int rc = rs_join(thr, &r, PC(), false, false);

	if (rc == -1)
		return __real_thrd_join(thr, res);
	if (rc == 0 && res != NULL)
		*res = (int)(intptr_t)r;
	return c11(rc);
}

int __wrap_thrd_detach(thrd_t thr);
int __wrap_thrd_detach(thrd_t thr)
{
	return c11(rs_detach(thr, PC()));
}

void __wrap_thrd_exit(int res) __attribute__((noreturn));
void __wrap_thrd_exit(int res)
{
	rs_exit_thread((void *)(intptr_t)res, PC());
}

void __wrap_thrd_yield(void);
void __wrap_thrd_yield(void)
{
	if (rs_yield_point(PC(), RS_EV_YIELD) == -1)
		__real_thrd_yield();
}

int __wrap_thrd_sleep(const struct timespec *d, struct timespec *rem);
int __wrap_thrd_sleep(const struct timespec *d, struct timespec *rem)
{
	int rc;

	rs_timeout_rel(d);
	rc = rs_sleep_point(PC(),
			    d != NULL && d->tv_sec == 0 && d->tv_nsec == 0);
	if (rc == -1)
		return __real_thrd_sleep(d, rem);
	if (rem != NULL)
		*rem = (struct timespec){0, 0};
	return 0;
}

/* ------------------------------------------------------------ mutexes */

int __wrap_mtx_init(mtx_t *m, int type);
int __wrap_mtx_init(mtx_t *m, int type)
{
	int rc = rs_mutex_init(m,
			       (type & mtx_recursive) ? PTHREAD_MUTEX_RECURSIVE
						      : PTHREAD_MUTEX_DEFAULT,
			       PC());

	return rc == -1 ? __real_mtx_init(m, type) : c11(rc);
}

void __wrap_mtx_destroy(mtx_t *m);
void __wrap_mtx_destroy(mtx_t *m)
{
	if (rs_mutex_destroy(m, PC()) == -1)
		__real_mtx_destroy(m);
}

int __wrap_mtx_lock(mtx_t *m);
int __wrap_mtx_lock(mtx_t *m)
{
	int rc = rs_mutex_lock((pthread_mutex_t *)(void *)m, PC(), false,
			       RS_O_MUTEX);

	return rc == -1 ? __real_mtx_lock(m) : c11(rc);
}

int __wrap_mtx_timedlock(mtx_t *__restrict m,
			 const struct timespec *__restrict t);
int __wrap_mtx_timedlock(mtx_t *__restrict m,
			 const struct timespec *__restrict t)
{
	int rc;

	rs_timeout_abs(CLOCK_REALTIME, t);
	rc =
	    rs_mutex_lock((pthread_mutex_t *)(void *)m, PC(), true, RS_O_MUTEX);
	return rc == -1 ? __real_mtx_timedlock(m, t) : c11(rc);
}

int __wrap_mtx_trylock(mtx_t *m);
int __wrap_mtx_trylock(mtx_t *m)
{
	int rc = rs_mutex_trylock(m, PC(), RS_O_MUTEX);

	return rc == -1 ? __real_mtx_trylock(m) : c11(rc);
}

int __wrap_mtx_unlock(mtx_t *m);
int __wrap_mtx_unlock(mtx_t *m)
{
	int rc = rs_mutex_unlock(m, PC(), RS_O_MUTEX);

	return rc == -1 ? __real_mtx_unlock(m) : c11(rc);
}

/* ------------------------------------------------------------ condvars */

int __wrap_cnd_init(cnd_t *c);
int __wrap_cnd_init(cnd_t *c)
{
	int rc = rs_cond_init(c, PC());

	return rc == -1 ? __real_cnd_init(c) : c11(rc);
}

void __wrap_cnd_destroy(cnd_t *c);
void __wrap_cnd_destroy(cnd_t *c)
{
	if (rs_cond_destroy(c, PC()) == -1)
		__real_cnd_destroy(c);
}

int __wrap_cnd_wait(cnd_t *c, mtx_t *m);
int __wrap_cnd_wait(cnd_t *c, mtx_t *m)
{
	int rc = rs_cond_wait((pthread_cond_t *)(void *)c,
			      (pthread_mutex_t *)(void *)m, PC(), false);

	return rc == -1 ? __real_cnd_wait(c, m) : c11(rc);
}

int __wrap_cnd_timedwait(cnd_t *__restrict c, mtx_t *__restrict m,
			 const struct timespec *__restrict t);
int __wrap_cnd_timedwait(cnd_t *__restrict c, mtx_t *__restrict m,
			 const struct timespec *__restrict t)
{
	int rc;

	rs_timeout_abs(CLOCK_REALTIME, t);
	rc = rs_cond_wait((pthread_cond_t *)(void *)c,
			  (pthread_mutex_t *)(void *)m, PC(), true);
	return rc == -1 ? __real_cnd_timedwait(c, m, t) : c11(rc);
}

int __wrap_cnd_signal(cnd_t *c);
int __wrap_cnd_signal(cnd_t *c)
{
	int rc = rs_cond_signal((pthread_cond_t *)(void *)c, PC(), false);

	return rc == -1 ? __real_cnd_signal(c) : c11(rc);
}

int __wrap_cnd_broadcast(cnd_t *c);
int __wrap_cnd_broadcast(cnd_t *c)
{
	int rc = rs_cond_signal((pthread_cond_t *)(void *)c, PC(), true);

	return rc == -1 ? __real_cnd_broadcast(c) : c11(rc);
}

/* ------------------------------------------------------------ once, tss */

void __wrap_call_once(once_flag *f, void (*init)(void));
void __wrap_call_once(once_flag *f, void (*init)(void))
{
	if (rs_once(f, init, PC()) == -1)
		__real_call_once(f, init);
}

/* tss keys are the modelled pthread keys (rs_pthread.c): their destructors
 * run inside the model when the thread ends. */
int __wrap_tss_create(tss_t *k, tss_dtor_t dtor);
int __wrap_tss_create(tss_t *k, tss_dtor_t dtor)
{
	pthread_key_t key;
	int rc = rs_key_create(&key, dtor, PC());

	if (rc == 0)
		*k = key;
	return c11(rc);
}

void __wrap_tss_delete(tss_t k);
void __wrap_tss_delete(tss_t k)
{
	rs_key_delete(k);
}

void *__wrap_tss_get(tss_t k);
void *__wrap_tss_get(tss_t k)
{
	return rs_key_get(k);
}

int __wrap_tss_set(tss_t k, void *v);
int __wrap_tss_set(tss_t k, void *v)
{
	return c11(rs_key_set(k, v));
}
