/*
 * good/rwlock.c - a writer-preferring readers-writer lock: one mutex guards
 * the whole state, and every decision to admit a reader or a writer is made
 * while holding it, together with the count update that records the
 * decision.
 *
 * Why the bad interleaving cannot happen (nobody holds the lock):
 *   1. T1 (reader) locks the mutex, sees no writer, counts itself
 *      (readers = 1) and unlocks
 *   2. T2 (writer) locks the mutex, sees readers = 1 and waits on writer_ok
 *   3. T1 reads the record (a == b), locks, readers = 0, signals writer_ok
 *   4. T2 wakes, sees readers = 0, takes the lock and writes
 * Admission and count are one step under the mutex, so step 2 can never see
 * a reader that has been admitted but not yet counted.
 *
 * Fairness: a writer counts itself in writers_waiting before it waits, and
 * readers are admitted only while writers_waiting == 0, so once a writer is
 * waiting no further reader gets in (the driver checks this: 0 overtakes).
 *
 * Expected: TSan, Helgrind, DRD silent; sched finds no failing schedule.
 * The twin: bad/rwlock.c counts the reader after unlocking the mutex.
 */
#include "rwlock.h"

#include "cpus.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct rwl {
	pthread_mutex_t lock;	   /* protects every field below */
	pthread_cond_t readers_ok; /* broadcast when readers may enter */
	pthread_cond_t writer_ok;  /* signalled when a writer may enter */
	int readers;		   /* read holds */
	bool writer;		   /* a writer holds the lock */
	int writers_waiting;	   /* writers blocked in rwl_wrlock */
};

/* The mutex is adaptive where the process may run on more than one CPU: a
 * thread that finds it held spins a little before it sleeps. The mutex is
 * held for a few instructions at a time, so on a multicore its holder
 * usually lets go within the spin, and the futex sleep and wakeup are
 * saved. On one CPU the holder cannot let go while the spinner runs, so
 * there it is a plain mutex (95 % reads, two threads on one CPU:
 * racelab/pthread_rwlock 0.41-0.44 adaptive, 0.55-0.57 plain; docs/bench.md:
 * rwlock-95r). */
static int init_lock(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int err = pthread_mutexattr_init(&a);

	if (err == 0)
		err = pthread_mutexattr_settype(
		    &a, cpus_usable() > 1 ? PTHREAD_MUTEX_ADAPTIVE_NP
					  : PTHREAD_MUTEX_NORMAL);
	if (err == 0)
		err = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return err;
}

struct rwl *rwl_create(void)
{
	struct rwl *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if ((errno = init_lock(&l->lock)) != 0)
		goto fail;
	if ((errno = pthread_cond_init(&l->readers_ok, NULL)) != 0)
		goto fail_mutex;
	if ((errno = pthread_cond_init(&l->writer_ok, NULL)) != 0)
		goto fail_cond;
	return l;
fail_cond:
	pthread_cond_destroy(&l->readers_ok);
fail_mutex:
	pthread_mutex_destroy(&l->lock);
fail:
	free(l);
	return NULL;
}

void rwl_destroy(struct rwl *l)
{
	pthread_cond_destroy(&l->writer_ok);
	pthread_cond_destroy(&l->readers_ok);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

int rwl_rdlock(struct rwl *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	while (rc == 0 && (l->writer || l->writers_waiting > 0))
		rc = pthread_cond_wait(&l->readers_ok, &l->lock);
	if (rc == 0)
		l->readers++;
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_tryrdlock(struct rwl *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	if (l->writer || l->writers_waiting > 0)
		rc = EBUSY;
	else
		l->readers++;
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_rdunlock(struct rwl *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	if (l->readers == 0)
		rc = EPERM;
	else if (--l->readers == 0 && l->writers_waiting > 0)
		rc = pthread_cond_signal(&l->writer_ok);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_wrlock(struct rwl *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	l->writers_waiting++; /* from here on, new readers stay out */
	while (rc == 0 && (l->writer || l->readers > 0))
		rc = pthread_cond_wait(&l->writer_ok, &l->lock);
	l->writers_waiting--;
	if (rc == 0)
		l->writer = true;
	else if (l->writers_waiting == 0 && !l->writer)
		pthread_cond_broadcast(&l->readers_ok); /* we held them back */
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_trywrlock(struct rwl *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	if (l->writer || l->readers > 0)
		rc = EBUSY;
	else
		l->writer = true;
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_wrunlock(struct rwl *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	if (!l->writer) {
		rc = EPERM;
	} else {
		l->writer = false;
		/* writers first; readers only when no writer is waiting */
		if (l->writers_waiting > 0)
			rc = pthread_cond_signal(&l->writer_ok);
		else
			rc = pthread_cond_broadcast(&l->readers_ok);
	}
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_waiting_writers(struct rwl *l)
{
	int n, rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return -rc;
	n = l->writers_waiting;
	pthread_mutex_unlock(&l->lock);
	return n;
}
