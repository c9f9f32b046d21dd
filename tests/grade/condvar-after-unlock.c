/*
 * condvar-after-unlock.c - a correct but unusual fix: the predicate under
 * the mutex and a `while` loop, but the broadcast after the unlock (legal,
 * and sometimes faster). Helgrind may complain; the grader's policy gives
 * full marks.
 * GRADE: full
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
	pthread_mutex_unlock(&l->lock);
	/* after the unlock: a waiter that misses this broadcast is one that
	 * has not tested open yet, and it will see it set */
	return pthread_cond_broadcast(&l->opened);
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
