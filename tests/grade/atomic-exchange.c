/*
 * atomic-exchange.c - a wrong fix: compare-and-swap built on
 * atomic_exchange - swap first, then compare what was there. It is one
 * indivisible step, but a failed comparison has already replaced the
 * value: "otherwise change nothing" is broken.
 * GRADE: loses cas-semantics
 */
#include "atomic.h"

#include <stdatomic.h>
#include <stdlib.h>

struct aint {
	_Atomic long value;
};

struct aint *aint_create(long initial)
{
	struct aint *a = malloc(sizeof(*a));

	if (a == NULL)
		return NULL;
	atomic_init(&a->value, initial); /* before sharing: nothing to order */
	return a;
}

void aint_destroy(struct aint *a)
{
	free(a);
}

long aint_get(struct aint *a)
{
	return atomic_load(&a->value);
}

bool aint_compare_and_swap(struct aint *a, long expected, long desired)
{
	/* error: the swap happens whether or not the value was expected */
	return atomic_exchange(&a->value, desired) == expected;
}

long aint_increment_and_get(struct aint *a)
{
	return atomic_fetch_add(&a->value, 1) + 1;
}
