/*
 * atomic-loadstore.c - a wrong fix: every access is atomic, but the
 * increment is an atomic load followed by an atomic store. Each step is
 * indivisible; the pair is not, so two increments can both read 4 and
 * both return 5.
 * GRADE: loses increment-distinct
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
	return atomic_compare_exchange_strong(&a->value, &expected, desired);
}

long aint_increment_and_get(struct aint *a)
{
	long v = atomic_load(&a->value) + 1; /* error: load, then store */

	atomic_store(&a->value, v);
	return v;
}
