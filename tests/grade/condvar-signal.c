/*
 * condvar-signal.c - a wrong fix: the predicate under the mutex, a
 * `while` loop, but latch_post wakes with pthread_cond_signal: one waiter
 * wakes, every other one sleeps on. The header says "wake every waiter":
 * must lose wakes-all.
 * GRADE: loses wakes-all
 */
#include "condvar.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct latch {
	pthread_mutex_t lock; /* protects open */
	pthread_cond_t opened;
	bool open;
};

struct latch *latch_create(void)
{
	struct latch *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if ((errno = pthread_mutex_init(&l->lock, NULL)) != 0)
		goto fail;
	if ((errno = pthread_cond_init(&l->opened, NULL)) != 0)
		goto fail_mutex;
	return l;
fail_mutex:
	pthread_mutex_destroy(&l->lock);
fail:
	free(l);
	return NULL;
}

void latch_destroy(struct latch *l)
{
	pthread_cond_destroy(&l->opened);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

int latch_post(struct latch *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	l->open = true;
	rc = pthread_cond_signal(&l->opened); /* error: one waiter */
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int latch_wait(struct latch *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	while (rc == 0 && !l->open)
		rc = pthread_cond_wait(&l->opened, &l->lock);
	pthread_mutex_unlock(&l->lock);
	return rc;
}
