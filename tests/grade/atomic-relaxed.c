/*
 * atomic-relaxed.c - a correct but unusual fix: every operation relaxed,
 * and the increment a weak compare-and-swap loop. The contract promises
 * indivisibility, not ordering of other memory, and relaxed
 * read-modify-writes on one variable are still indivisible and totally
 * ordered (its modification order). A weak CAS may fail spuriously: the
 * loop retries, and aint_compare_and_swap uses the strong one, which
 * fails only when the value differs.
 * GRADE: full
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
	/* relaxed: some value of the modification order; nothing else read */
	return atomic_load_explicit(&a->value, memory_order_relaxed);
}

bool aint_compare_and_swap(struct aint *a, long expected, long desired)
{
	/* relaxed RMW: still one indivisible compare-and-replace */
	return atomic_compare_exchange_strong_explicit(
	    &a->value, &expected, desired, memory_order_relaxed,
	    memory_order_relaxed);
}

long aint_increment_and_get(struct aint *a)
{
	long old = atomic_load_explicit(&a->value, memory_order_relaxed);

	/* relaxed RMW: on failure old is reloaded, and we retry */
	while (!atomic_compare_exchange_weak_explicit(&a->value, &old, old + 1,
						      memory_order_relaxed,
						      memory_order_relaxed))
		;
	return old + 1;
}
