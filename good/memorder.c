/*
 * good/memorder.c - store buffering with seq_cst atomics: all seq_cst
 * operations fall in one total order consistent with each thread's program
 * order, so a thread's store cannot pass its own later load.
 *
 * Why (0,0) cannot happen:
 *   the total order S holds all four operations. Say T1's store x = 1 comes
 *   before T2's store y = 1 in S. T2's load of x comes after T2's store in
 *   S (program order), so after T1's store: it reads 1. The other way round,
 *   T1 reads 1. Either way one thread reads 1.
 * On x86-64 the seq_cst store compiles to XCHG (clang, gcc), which drains
 * the store buffer before the load can run.
 *
 * Expected: (0,0) never seen (guaranteed, not measured luck); TSan silent
 * (no race); Helgrind and DRD report races that are not there (they do not
 * model C11 atomics, nor the driver's spin barrier: known false positives,
 * in the expect file); sched clean.
 * The twin: bad/memorder.c does the same with memory_order_relaxed.
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
	/* seq_cst store then seq_cst load: both in the single total order,
	 * so the store cannot be ordered after the load */
	atomic_store_explicit(&s->x, 1, memory_order_seq_cst);
	return atomic_load_explicit(&s->y, memory_order_seq_cst);
}

int sb_right(struct sb *s)
{
	/* seq_cst, the mirror of sb_left */
	atomic_store_explicit(&s->y, 1, memory_order_seq_cst);
	return atomic_load_explicit(&s->x, memory_order_seq_cst);
}
