/*
 * good/counter.c - the safe counter: one mutex makes increment's
 * read-modify-write a single step as far as other threads can tell.
 *
 * Why the bad interleaving cannot happen (value starts at 5):
 *   1. T1 locks, reads value (5)
 *   2. T2 tries to lock and blocks
 *   3. T1 writes 6 and unlocks
 *   4. T2 locks, reads 6, writes 7
 *
 * Expected: TSan, Helgrind, DRD silent; sched finds no failing schedule.
 * The twin: bad/counter.c has the same code without the lock.
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
