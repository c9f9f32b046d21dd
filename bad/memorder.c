/*
 * bad/memorder.c - store buffering with relaxed atomics: every access is
 * atomic (no data race), but relaxed orders nothing, so each thread's load
 * may be satisfied before its own store is visible to the other thread.
 *
 * Interleaving (in time, on two cores) that gives the forbidden (0,0):
 *   1. T1 stores x = 1: the store waits in T1's core's store buffer
 *   2. T2 stores y = 1: the store waits in T2's core's store buffer
 *   3. T1 loads y: memory still says 0
 *   4. T2 loads x: memory still says 0
 *   5. both buffers drain: x = y = 1, but both threads read 0
 * No interleaving of the four operations in program order gives (0,0):
 * it needs a store to be reordered after a later load, which x86's TSO
 * allows (the only reordering it allows) and C11 allows for relaxed.
 *
 * Caught by: the native outcome histogram only (hardware-dependent: it
 * needs two cores; measured in the expect file and docs/memorder.md). TSan
 * is silent (no data race), Helgrind and DRD do not model C11 atomics (the
 * expect file says what they report, on both variants), and racelab's sched
 * runs one thread at a time, a sequentially consistent machine, where (0,0)
 * cannot happen.
 * The fix: good/memorder.c uses memory_order_seq_cst (or put a seq_cst
 * fence between each store and the load that follows it).
 */
#include "memorder.h"

#include <stdatomic.h>
#include <stdlib.h>

/* x and y on their own cache lines, as the hardware would most like to
 * reorder them. */
struct sb {
	_Alignas(64) atomic_int x;
	_Alignas(64) atomic_int y;
};

struct sb *sb_create(void)
{
	struct sb *s = aligned_alloc(64, sizeof(struct sb));

	if (s == NULL)
		return NULL;
	atomic_init(&s->x, 0); /* before sharing: nothing to order */
	atomic_init(&s->y, 0);
	return s;
}

void sb_destroy(struct sb *s)
{
	free(s);
}

void sb_reset(struct sb *s)
{
	/* relaxed: the driver's barrier (release/acquire) orders the reset
	 * before the next trial's stores and loads */
	atomic_store_explicit(&s->x, 0, memory_order_relaxed);
	atomic_store_explicit(&s->y, 0, memory_order_relaxed);
}

int sb_left(struct sb *s)
{
	/* relaxed: orders nothing; the load may complete before the store
	 * is visible to the other thread (x86: the store buffer) */
	atomic_store_explicit(&s->x, 1, memory_order_relaxed); /* error */
	return atomic_load_explicit(&s->y, memory_order_relaxed);
}

int sb_right(struct sb *s)
{
	/* relaxed, the mirror of sb_left */
	atomic_store_explicit(&s->y, 1, memory_order_relaxed); /* error */
	return atomic_load_explicit(&s->x, memory_order_relaxed);
}
