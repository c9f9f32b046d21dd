/*
 * good/atomic.c - compare-and-swap as one C11 atomic operation: no other
 * thread can write between the compare and the swap.
 *
 * Why the bad interleaving cannot happen (value starts at 5):
 *   1. T1 compare-exchanges 5 -> 6: succeeds, all in one step
 *   2. T2 compare-exchanges 5 -> 6: sees 6, fails, and retries from 6
 *
 * Expected: TSan silent (it understands C11 atomics); Helgrind and DRD
 * silent too, although they do not model C11 atomics (measured; see
 * docs/tools.md); sched finds no failing schedule.
 * The twin: bad/atomic.c does the compare and the swap as two plain steps.
 *
 * Memory order: seq_cst throughout (the default). The counter publishes no
 * other data, so relaxed would do for the count itself; seq_cst keeps the
 * lesson about atomicity alone.
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
	/* seq_cst load: sees some value in the single total order of writes */
	return atomic_load(&a->value);
}

bool aint_compare_and_swap(struct aint *a, long expected, long desired)
{
	/* seq_cst RMW: compare and swap indivisibly; seq_cst as above */
	return atomic_compare_exchange_strong(&a->value, &expected, desired);
}

long aint_increment_and_get(struct aint *a)
{
	/* seq_cst RMW: one indivisible add; no retry loop needed */
	return atomic_fetch_add(&a->value, 1) + 1;
}
