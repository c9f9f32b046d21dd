/*
 * counter-stacklock.c - a wrong fix: each call creates its own mutex on
 * the stack and locks it. No other thread ever sees that mutex, so it
 * excludes nobody: the read-modify-write is as unprotected as before.
 * GRADE: loses tsan
 */
#include "counter.h"

#include <pthread.h>
#include <stdlib.h>

struct counter {
	long value;
};

struct counter *counter_create(void)
{
	return calloc(1, sizeof(struct counter));
}

void counter_destroy(struct counter *c)
{
	free(c);
}

void counter_increment(struct counter *c)
{
	pthread_mutex_t lock; /* error: a new lock per call guards nothing */

	pthread_mutex_init(&lock, NULL);
	pthread_mutex_lock(&lock);
	c->value = c->value + 1;
	pthread_mutex_unlock(&lock);
	pthread_mutex_destroy(&lock);
}

long counter_get(struct counter *c)
{
	return c->value;
}
