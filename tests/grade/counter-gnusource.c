/*
 * counter-gnusource.c - a correct fix that defines _GNU_SOURCE itself (for
 * PTHREAD_MUTEX_ADAPTIVE_NP), as the man pages say. Must score full marks:
 * the compile check once failed it on "_GNU_SOURCE redefined" (the
 * grader's own -D_GNU_SOURCE). Twin: counter-gnusource1.c (`... 1`).
 * GRADE: full
 */
#define _GNU_SOURCE
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
	{
		pthread_mutexattr_t a;

		pthread_mutexattr_init(&a);
		pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ADAPTIVE_NP);
		errno = pthread_mutex_init(&c->lock, &a);
		pthread_mutexattr_destroy(&a);
	}
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
