/*
 * lfqueue-giveup.c - a wrong fix: good/lfqueue.c, except that a dequeue
 * that loses its head CAS to another dequeuer answers EAGAIN instead of
 * retrying - "lock-free" read as "never retry". The contract says EAGAIN
 * when the queue was empty at some instant during the call: here a
 * consumer is told "empty" while the queue holds items. Every check that
 * dequeues from one thread passes.
 * GRADE: loses dequeue-racing
 */
#include "lfqueue.h"

#include "hazard.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

struct lfq_node {
	struct hp_link hp; /* first (hazard.h): the retired and spare lists */
	_Atomic(struct lfq_node *) next;
	long value; /* written before the node is linked */
};

struct lfq { /* a cache line each: dequeuers and enqueuers apart */
	_Alignas(64) _Atomic(struct lfq_node *) head; /* the dummy, not NULL */
	_Alignas(64) _Atomic(struct lfq_node *) tail; /* last (or one before) */
	struct hp_domain hp; /* hazards, retired and spare nodes */
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
	hp_init(&q->hp);
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
	hp_fini(&q->hp);
	free(q);
}

/* hp_protect on one of the queue's node pointers */
#define PROTECT(h, slot, src) hp_protect(h, slot, (_Atomic(void *) *)(src))

/* ---------------------------------------------------------- the queue */

int lfq_enqueue(struct lfq *q, long value)
{
	struct hp_rec *h = hp_acquire(&q->hp);
	struct lfq_node *n, *tail, *next;
	int k = 0; /* the hazard slot that protects tail */

	if (h == NULL)
		return ENOMEM;
	n = hp_reuse(&q->hp, h); /* a node no hazard names, or malloc */
	if (n == NULL && (n = malloc(sizeof(*n))) == NULL)
		return ENOMEM;
	n->value = value;
	atomic_init(&n->next, NULL); /* not yet shared: nothing to order */
	for (;;) {
		tail = PROTECT(h, &k, &q->tail);
		/* acquire: pairs with the release CAS that linked next, so
		 * next's fields are visible if we swing tail to it */
		next = atomic_load_explicit(&tail->next, memory_order_acquire);
		if (next != NULL) {
			/* tail lags: help. seq_cst, as every move of tail (see
			 * the swing below). Failure: someone else helped. */
			atomic_compare_exchange_strong_explicit(
			    &q->tail, &tail, next, memory_order_seq_cst,
			    memory_order_relaxed);
			continue;
		}
		/* n in the other slot: then our next enqueue finds the tail
		 * named already (hp_protect). No re-check: n is retired only
		 * after a dequeue swings head to it, having read it from the
		 * link our CAS below releases this store with. */
		hp_set(h, 1 - k, n);
		/* release: publishes n->value and n->next before n is
		 * reachable; the dequeuer's acquire load of head->next pairs
		 * with it. Relaxed on failure: we re-read everything. */
		if (atomic_compare_exchange_strong_explicit(
			&tail->next, &next, n, memory_order_release,
			memory_order_relaxed))
			break;
	}
	/* Swing tail to n; failure means another thread already helped,
	 * which is fine. seq_cst (release would do for n's fields): a node
	 * leaves tail before the head CAS that retires it, and both must be
	 * in the single total order, so that an enqueuer's seq_cst re-check
	 * in hp_protect(tail) that comes after the retiring scan cannot still
	 * read the old tail (explore --memory c11 finds the use after free
	 * with release here). Free on x86: a CAS is a locked instruction. */
	atomic_compare_exchange_strong_explicit(
	    &q->tail, &tail, n, memory_order_seq_cst, memory_order_relaxed);
	return 0;
}

int lfq_dequeue(struct lfq *q, long *value)
{
	struct hp_rec *h = hp_acquire(&q->hp);
	struct lfq_node *head, *tail, *next;
	int k = 0; /* the hazard slot that protects head */

	if (h == NULL)
		return ENOMEM;
	for (;;) {
		head = PROTECT(h, &k, &q->head);
		/* acquire: pairs with the tail-swinging CASes; tail is only
		 * compared and CASed here, never dereferenced */
		tail = atomic_load_explicit(&q->tail, memory_order_acquire);
		/* acquire: pairs with the enqueuer's release CAS, so next's
		 * value is visible */
		next = atomic_load_explicit(&head->next, memory_order_acquire);
		/* seq_cst re-check: head still the dummy, so next is its
		 * successor (a hazard keeps head from reuse: no ABA) */
		if (atomic_load_explicit(&q->head, memory_order_seq_cst) !=
		    head)
			continue;
		if (next == NULL)
			return EAGAIN;
		if (head == tail) {
			/* tail lags behind a linked node: help, as in enqueue
			 * (seq_cst: see the swing there) */
			atomic_compare_exchange_strong_explicit(
			    &q->tail, &tail, next, memory_order_seq_cst,
			    memory_order_relaxed);
			continue;
		}
		/* next is read after the CAS, when another dequeuer may
		 * already unlink and retire it: protect it first, in the other
		 * slot. No re-check needed: only a dequeue that swings head
		 * past next retires it, that dequeue's CAS reads the head our
		 * CAS writes, and our CAS releases this store to it. */
		hp_set(h, 1 - k, next);
		/* seq_cst: the unlink must precede, in the single total order,
		 * the hazard scan that may free head (hp_protect's argument);
		 * it also releases to the next dequeuer that loads head. */
		if (atomic_compare_exchange_strong_explicit(
			&q->head, &head, next, memory_order_seq_cst,
			memory_order_relaxed))
			break;
		hp_set(h, 1 - k, NULL); /* our CAS did not publish it: drop */
		return EAGAIN; /* error: another dequeuer won, not empty */
	}
	*value = next->value; /* next is the new dummy, protected */
	hp_retire(&q->hp, h, &head->hp);
	return 0;
}
