/*
 * counter-global.c - a wrong fix: locked, but the count is one static
 * global, so two counters share it. Must lose exactly `independent`.
 * GRADE: loses independent
 */
#include "counter.h"

#include <pthread.h>
#include <stdlib.h>

struct counter {
	int unused;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long value;

struct counter *counter_create(void)
{
	struct counter *c = malloc(sizeof(*c));

	pthread_mutex_lock(&lock);
	value = 0;
	pthread_mutex_unlock(&lock);
	return c;
}

void counter_destroy(struct counter *c)
{
	free(c);
}

void counter_increment(struct counter *c)
{
	(void)c;
	pthread_mutex_lock(&lock);
	value++;
	pthread_mutex_unlock(&lock);
}

long counter_get(struct counter *c)
{
	long v;

	(void)c;
	pthread_mutex_lock(&lock);
	v = value;
	pthread_mutex_unlock(&lock);
	return v;
}
