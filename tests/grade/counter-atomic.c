/*
 * counter-atomic.c - a correct but unusual fix: C11 atomics, no mutex.
 * Must score full marks (Helgrind does not understand C11 atomics; the
 * grader's policy does not hold that against the file).
 * GRADE: full
 */
#include "counter.h"

#include <stdatomic.h>
#include <stdlib.h>

struct counter {
	atomic_long v;
};

struct counter *counter_create(void)
{
	struct counter *c = malloc(sizeof(*c));

	if (c != NULL)
		atomic_init(&c->v, 0);
	return c;
}

void counter_destroy(struct counter *c)
{
	free(c);
}

void counter_increment(struct counter *c)
{
	/* relaxed is enough: only the count matters, and join orders it */
	atomic_fetch_add_explicit(&c->v, 1, memory_order_relaxed);
}

long counter_get(struct counter *c)
{
	return atomic_load(&c->v);
}
