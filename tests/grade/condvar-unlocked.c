/*
 * condvar-unlocked.c - a wrong fix: the waiter is right (mutex, `while`),
 * but latch_post sets the flag and broadcasts without taking the mutex
 * ("a store of a bool is atomic anyway"): between a waiter's test and its
 * wait the post can slip in, and the wakeup is lost. Must lose
 * sched-random.
 * GRADE: loses sched-random
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
	l->open = true; /* error: no mutex */
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
