/*
 * rwlock-after-unlock.c - correct but unusual: every state change under
 * the mutex, but the wakeups (signal, broadcast) are sent after the mutex
 * is released - legal, since each waiter re-tests its condition under the
 * mutex. Helgrind cannot see the ordering this gives (a known false
 * positive, docs/grading.md). Must score full marks.
 * GRADE: full
 */
#include "rwlock.h"

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

struct rwl *rwl_create(void)
{
	struct rwl *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if ((errno = pthread_mutex_init(&l->lock, NULL)) != 0)
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
	bool wake = false;
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	if (l->readers == 0)
		rc = EPERM;
	else if (--l->readers == 0 && l->writers_waiting > 0)
		wake = true;
	pthread_mutex_unlock(&l->lock);
	if (wake)
		rc = pthread_cond_signal(&l->writer_ok);
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
	bool writer = false;
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	if (!l->writer) {
		rc = EPERM;
	} else {
		l->writer = false;
		/* writers first; readers only when no writer is waiting */
		writer = l->writers_waiting > 0;
	}
	pthread_mutex_unlock(&l->lock);
	if (rc == 0)
		rc = writer ? pthread_cond_signal(&l->writer_ok)
			    : pthread_cond_broadcast(&l->readers_ok);
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
