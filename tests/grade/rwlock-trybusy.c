/*
 * rwlock-trybusy.c - a wrong fix: the try forms never wait for the
 * internal mutex either (pthread_mutex_trylock) and answer EBUSY when
 * another thread holds it, reader or not - "try" read as "never block at
 * all". The contract says EBUSY when a writer holds the lock or waits
 * (tryrdlock), when anyone holds it (trywrlock), and at no other time:
 * two readers sharing the lock are turned away from each other. Every
 * check that calls the try forms from one thread passes. (The rest is
 * rwlock-onecond.c, which scores full marks.)
 * GRADE: loses try-racing
 */
#include "rwlock.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct rwl {
	pthread_mutex_t lock;	/* protects every field below */
	pthread_cond_t changed; /* broadcast at every release */
	int readers;		/* read holds */
	bool writer;		/* a writer holds the lock */
	int writers_waiting;	/* writers blocked in rwl_wrlock */
};

struct rwl *rwl_create(void)
{
	struct rwl *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if ((errno = pthread_mutex_init(&l->lock, NULL)) != 0)
		goto fail;
	if ((errno = pthread_cond_init(&l->changed, NULL)) != 0)
		goto fail_mutex;
	return l;
fail_mutex:
	pthread_mutex_destroy(&l->lock);
fail:
	free(l);
	return NULL;
}

void rwl_destroy(struct rwl *l)
{
	pthread_cond_destroy(&l->changed);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

int rwl_rdlock(struct rwl *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	while (rc == 0 && (l->writer || l->writers_waiting > 0))
		rc = pthread_cond_wait(&l->changed, &l->lock);
	if (rc == 0)
		l->readers++;
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_tryrdlock(struct rwl *l)
{
	int rc = 0;

	if (pthread_mutex_trylock(&l->lock) != 0)
		return EBUSY; /* error: the mutex is busy, not the lock held */
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
	else if (--l->readers == 0)
		rc = pthread_cond_broadcast(&l->changed);
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
		rc = pthread_cond_wait(&l->changed, &l->lock);
	l->writers_waiting--;
	if (rc == 0)
		l->writer = true;
	else if (l->writers_waiting == 0 && !l->writer)
		pthread_cond_broadcast(&l->changed); /* we held them back */
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_trywrlock(struct rwl *l)
{
	int rc = 0;

	if (pthread_mutex_trylock(&l->lock) != 0)
		return EBUSY; /* error: the mutex is busy, not the lock held */
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
		rc = pthread_cond_broadcast(&l->changed);
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
