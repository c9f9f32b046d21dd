/*
 * counter-volatile.c - a wrong fix: `volatile` instead of a lock. It makes
 * every access a real load or store, but value = value + 1 is still a
 * load, an add and a store that another thread can interleave with; it is
 * still a data race in C11.
 * GRADE: loses sched-random
 */
#include "counter.h"

#include <stdlib.h>

struct counter {
	volatile long value; /* error: volatile is not atomic */
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
	c->value = c->value + 1;
}

long counter_get(struct counter *c)
{
	return c->value;
}
