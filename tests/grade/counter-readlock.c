/*
 * counter-readlock.c - a wrong fix: the lock is taken around the read
 * only, so the write of value + 1 still races with another increment and
 * an update is lost.
 *   1. T1 locks, reads 5, unlocks
 *   2. T2 locks, reads 5, unlocks
 *   3. T1 writes 6; T2 writes 6   -> two increments, one counted
 * GRADE: loses concurrent
 */
#include "counter.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct counter {
	pthread_mutex_t lock;
	long value;
};

struct counter *counter_create(void)
{
	struct counter *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	errno = pthread_mutex_init(&c->lock, NULL);
	if (errno != 0) {
		free(c);
		return NULL;
	}
	return c;
}

void counter_destroy(struct counter *c)
{
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void counter_increment(struct counter *c)
{
	pthread_mutex_lock(&c->lock);
	long v = c->value;
	pthread_mutex_unlock(&c->lock);
	c->value = v + 1; /* error: the write is outside the lock */
}

long counter_get(struct counter *c)
{
	pthread_mutex_lock(&c->lock);
	long v = c->value;
	pthread_mutex_unlock(&c->lock);
	return v;
}
