/*
 * bad/atomic.c - compare-and-swap written as check-then-act on a plain
 * long: the check and the act are two steps, so two threads can both
 * "succeed" from the same expected value and one increment is lost.
 *
 * Interleaving (value starts at 5, both threads want 5 -> 6):
 *   1. T1 checks value == 5: yes
 *   2. T2 checks value == 5: yes
 *   3. T1 writes 6 and returns true
 *   4. T2 writes 6 and returns true   -> two successful CAS, value grew by one
 *
 * Caught by: TSan (data race in aint_compare_and_swap), Helgrind (Race),
 * DRD (ConflictingAccess), racelab sched (lost increment, from a seed).
 * The fix: good/atomic.c does the compare and the swap as one C11 atomic
 * operation.
 */
#include "atomic.h"

#include <stdlib.h>

struct aint {
	long value;
};

struct aint *aint_create(long initial)
{
	struct aint *a = malloc(sizeof(*a));

	if (a == NULL)
		return NULL;
	a->value = initial;
	return a;
}

void aint_destroy(struct aint *a)
{
	free(a);
}

long aint_get(struct aint *a)
{
	return a->value; /* error: plain read races with the writes below */
}

bool aint_compare_and_swap(struct aint *a, long expected, long desired)
{
	if (a->value != expected) /* error: check ... */
		return false;
	a->value = desired; /* ... then act: another thread may act between */
	return true;
}

long aint_increment_and_get(struct aint *a)
{
	long old;

	do
		old = aint_get(a);
	while (!aint_compare_and_swap(a, old, old + 1));
	return old + 1;
}
