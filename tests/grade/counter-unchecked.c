/*
 * counter-unchecked.c - a wrong fix: the mutex is right, but
 * counter_create writes through malloc's result without checking it. When
 * memory runs out it crashes instead of returning NULL with errno set.
 * GRADE: loses create-nomem
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
	struct counter *c = malloc(sizeof(*c));

	c->value = 0; /* error: malloc's NULL is never checked */
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
