/*
 * bad/lfqueue.c - the Michael-Scott lock-free queue with no safe memory
 * reclamation: a dequeuer frees the old dummy node the moment its CAS has
 * unlinked it, while other threads may still be reading that node.
 *
 * Interleaving that uses freed memory (T1, T2 both dequeue; head = A -> B):
 *   1. T1 reads head = A
 *   2. T2 reads head = A, next = B, swings head A -> B, frees A
 *   3. T1 reads A->next                     -> use after free
 *   4. malloc hands A's memory to an enqueuer, which links it as a new
 *      node; once it is the dummy again, T1's CAS "head: A -> B" succeeds
 *      with the stale B (ABA): a dequeued node is back in the queue
 * and then: items got twice or lost, garbage values, or a crash.
 *
 * Caught by: TSan (a race between free() in lfq_dequeue and a read of the
 * node in lfq_dequeue or lfq_enqueue), racelab sched (use of freed memory,
 * from a seed). Helgrind and DRD report races here, but they report the
 * same ones on the correct queue (they do not model C11 atomics), so they
 * tell nothing. Natively the window is tiny: most runs pass, some lose or
 * duplicate items or crash.
 * The fix: good/lfqueue.c adds hazard pointers (harness/cases/common/
 * hazard.h): a thread publishes the node it is about to read, and a
 * dequeued node is freed (or reused) only once no hazard names it.
 */
#include "lfqueue.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

struct lfq_node {
	_Atomic(struct lfq_node *) next;
	long value; /* written before the node is linked */
};

struct lfq { /* a cache line each: dequeuers and enqueuers apart */
	_Alignas(64) _Atomic(struct lfq_node *) head; /* the dummy, not NULL */
	_Alignas(64) _Atomic(struct lfq_node *) tail; /* last (or one before) */
};

struct lfq *lfq_create(void)
{
	struct lfq *q = aligned_alloc(_Alignof(struct lfq), sizeof(*q));
	struct lfq_node *dummy = malloc(sizeof(*dummy));

	if (q == NULL || dummy == NULL) {
		free(q);
		free(dummy);
		errno = ENOMEM;
		return NULL;
	}
	/* before sharing: nothing to order */
	atomic_init(&dummy->next, NULL);
	atomic_init(&q->head, dummy);
	atomic_init(&q->tail, dummy);
	return q;
}

void lfq_destroy(struct lfq *q)
{
	/* No call overlaps destroy (the contract): relaxed loads see the
	 * final values, ordered by the caller's joins. */
	struct lfq_node *n =
	    atomic_load_explicit(&q->head, memory_order_relaxed);

	while (n != NULL) {
		struct lfq_node *next =
		    atomic_load_explicit(&n->next, memory_order_relaxed);

		free(n);
		n = next;
	}
	free(q);
}

/* ---------------------------------------------------------- the queue */

int lfq_enqueue(struct lfq *q, long value)
{
	struct lfq_node *n = malloc(sizeof(*n)), *tail, *next;

	if (n == NULL)
		return ENOMEM;
	n->value = value;
	atomic_init(&n->next, NULL); /* not yet shared: nothing to order */
	for (;;) {
		/* acquire: pairs with the CASes that swing tail */
		tail = atomic_load_explicit(&q->tail, memory_order_acquire);
		/* error: tail may already be freed (nothing protects it).
		 * acquire: pairs with the release CAS that linked next, so
		 * next's fields are visible if we swing tail to it */
		next = atomic_load_explicit(&tail->next, memory_order_acquire);
		if (next != NULL) {
			/* tail lags: help. release: whoever loads tail == next
			 * sees next's fields. Failure: someone else helped. */
			atomic_compare_exchange_strong_explicit(
			    &q->tail, &tail, next, memory_order_release,
			    memory_order_relaxed);
			continue;
		}
		/* release: publishes n->value and n->next before n is
		 * reachable; the dequeuer's acquire load of head->next pairs
		 * with it. Relaxed on failure: we re-read everything. */
		if (atomic_compare_exchange_strong_explicit(
			&tail->next, &next, n, memory_order_release,
			memory_order_relaxed))
			break;
	}
	/* Swing tail to n. release as above; failure means another thread
	 * already helped, which is fine. */
	atomic_compare_exchange_strong_explicit(
	    &q->tail, &tail, n, memory_order_release, memory_order_relaxed);
	return 0;
}

int lfq_dequeue(struct lfq *q, long *value)
{
	struct lfq_node *head, *tail, *next;

	for (;;) {
		/* acquire: pairs with the CAS that made head the dummy */
		head = atomic_load_explicit(&q->head, memory_order_acquire);
		/* acquire: pairs with the tail-swinging CASes; tail is only
		 * compared and CASed here, never dereferenced */
		tail = atomic_load_explicit(&q->tail, memory_order_acquire);
		/* error: head may already be freed (nothing protects it).
		 * acquire: pairs with the enqueuer's release CAS, so next's
		 * value is visible */
		next = atomic_load_explicit(&head->next, memory_order_acquire);
		/* seq_cst re-check: head still the dummy, so next is its
		 * successor (unless head was freed and reused: ABA) */
		if (atomic_load_explicit(&q->head, memory_order_seq_cst) !=
		    head)
			continue;
		if (next == NULL)
			return EAGAIN;
		if (head == tail) {
			/* tail lags behind a linked node: help, as in enqueue
			 */
			atomic_compare_exchange_strong_explicit(
			    &q->tail, &tail, next, memory_order_release,
			    memory_order_relaxed);
			continue;
		}
		/* seq_cst: releases to the next dequeuer that loads head */
		if (atomic_compare_exchange_strong_explicit(
			&q->head, &head, next, memory_order_seq_cst,
			memory_order_relaxed))
			break;
	}
	*value = next->value; /* error: another dequeuer may free next now */
	free(head); /* error: other threads may still be reading head */
	return 0;
}
