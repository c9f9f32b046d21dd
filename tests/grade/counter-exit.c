/*
 * counter-exit.c - a hostile submission: the reference counter, except
 * that counter_increment ends the process with status 0. A check that
 * increments then ends before its own test: status 0 without the check's
 * last line ("contract: NAME: ok") is a failure, not a pass.
 * GRADE: loses increment-one
 */
#include "counter.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct counter {
	pthread_mutex_t lock; /* protects value */
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
	exit(0); /* the wrong part: ends the process, status 0 */
	pthread_mutex_lock(&c->lock);
	c->value = c->value + 1;
	pthread_mutex_unlock(&c->lock);
}

long counter_get(struct counter *c)
{
	pthread_mutex_lock(&c->lock);
	long v = c->value;
	pthread_mutex_unlock(&c->lock);
	return v;
}
