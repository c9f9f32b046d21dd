/*
 * atomic-checkthenact.c - a wrong fix: the value became an atomic, but
 * compare-and-swap is still check-then-act (an atomic load, compare, an
 * atomic store). TSan is silent - no plain access races - yet two callers
 * can both see the expected value and both "win".
 * GRADE: loses cas-one-winner
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
	if (atomic_load(&a->value) != expected) /* error: check ... */
		return false;
	atomic_store(&a->value, desired); /* ... then act */
	return true;
}

long aint_increment_and_get(struct aint *a)
{
	return atomic_fetch_add(&a->value, 1) + 1;
}
