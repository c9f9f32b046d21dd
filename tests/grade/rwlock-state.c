/*
 * rwlock-state.c - a wrong fix: the lock's state is one int, -1 for a
 * writer, n > 0 for n readers, 0 when free. rwl_wrunlock refuses only a
 * free lock: called while readers hold the lock it "releases" their holds
 * (state = 0) and returns 0 instead of EPERM ("EPERM when no writer holds
 * the lock"); a writer can then get in beside the readers. Must lose
 * errors (rwl_wrunlock with a reader holding the lock).
 * GRADE: loses errors
 */
#include "rwlock.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct rwl {
	pthread_mutex_t lock; /* protects every field below */
	pthread_cond_t readers_ok;
	pthread_cond_t writer_ok;
	int state;	     /* -1: a writer; n > 0: n readers; 0: free */
	int writers_waiting; /* writers blocked in rwl_wrlock */
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
	pthread_mutex_lock(&l->lock);
	while (l->state < 0 || l->writers_waiting > 0)
		pthread_cond_wait(&l->readers_ok, &l->lock);
	l->state++;
	pthread_mutex_unlock(&l->lock);
	return 0;
}

int rwl_tryrdlock(struct rwl *l)
{
	int rc = 0;

	pthread_mutex_lock(&l->lock);
	if (l->state < 0 || l->writers_waiting > 0)
		rc = EBUSY;
	else
		l->state++;
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_rdunlock(struct rwl *l)
{
	int rc = 0;

	pthread_mutex_lock(&l->lock);
	if (l->state <= 0)
		rc = EPERM;
	else if (--l->state == 0 && l->writers_waiting > 0)
		pthread_cond_signal(&l->writer_ok);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_wrlock(struct rwl *l)
{
	pthread_mutex_lock(&l->lock);
	l->writers_waiting++;
	while (l->state != 0)
		pthread_cond_wait(&l->writer_ok, &l->lock);
	l->writers_waiting--;
	l->state = -1;
	pthread_mutex_unlock(&l->lock);
	return 0;
}

int rwl_trywrlock(struct rwl *l)
{
	int rc = 0;

	pthread_mutex_lock(&l->lock);
	if (l->state != 0)
		rc = EBUSY;
	else
		l->state = -1;
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_wrunlock(struct rwl *l)
{
	int rc = 0;

	pthread_mutex_lock(&l->lock);
	if (l->state == 0) { /* error: should be l->state != -1 */
		rc = EPERM;
	} else {
		l->state = 0;
		if (l->writers_waiting > 0)
			pthread_cond_signal(&l->writer_ok);
		else
			pthread_cond_broadcast(&l->readers_ok);
	}
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int rwl_waiting_writers(struct rwl *l)
{
	int n;

	pthread_mutex_lock(&l->lock);
	n = l->writers_waiting;
	pthread_mutex_unlock(&l->lock);
	return n;
}
