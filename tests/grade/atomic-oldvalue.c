/*
 * atomic-oldvalue.c - a wrong fix: indivisible, but atomic_fetch_add
 * returns the value before the add, and this returns it as is: the
 * contract wants the new value.
 * GRADE: loses increment-returns
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
	return atomic_fetch_add(&a->value, 1); /* error: the old value */
}
