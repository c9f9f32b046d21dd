/*
 * queues.c - the queue adapters of queues.h: racelab's good/queue.c and
 * good/lfqueue.c, and the peers people would use instead. A peer whose
 * library was not found at build time has an adapter with no functions;
 * its rows are SKIP rows (bench.h), never called.
 *
 * The non-blocking structures (lfqueue, ck_ring, wfcqueue) wait by
 * sched_yield() in a loop: without it a spinning consumer that shares a CPU
 * with the producer it waits for would burn its whole time slice.
 */
#include "queues.h"

#include "lfqueue.h"
#include "queue.h"

#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

/* ------------------------------------------------- good/queue.c (bq) */

static void *bq_create_q(size_t capacity, int consumers)
{
	(void)consumers;
	return bq_create(capacity);
}
static int bq_put_q(void *q, long item)
{
	return bq_put_blocking(q, item);
}
static int bq_get_q(void *q, long *item)
{
	return bq_get_blocking(q, item);
}
static void bq_close_q(void *q)
{
	bq_close(q);
}
static void bq_destroy_q(void *q)
{
	bq_destroy(q);
}

const struct bench_queue bench_q_bq = {"racelab bq", bq_create_q, bq_put_q,
				       bq_get_q,     bq_close_q,  bq_destroy_q};

/* ------------------------------- the end flag of the non-blocking ones */

/* A non-blocking queue and its end-of-stream flag. */
struct spin_q {
	atomic_bool closed;
	void *impl;
};

static void spin_close(void *q)
{
	struct spin_q *s = q;

	/* release: every put happened before close (queues.h); a consumer
	 * that acquires closed and then finds the queue empty is done */
	atomic_store_explicit(&s->closed, true, memory_order_release);
}

/* try(impl, item) is 0 or EAGAIN; wait by yielding until an item or the
 * end. */
static int spin_get(struct spin_q *s, int (*try)(void *, long *), long *item)
{
	for (;;) {
		if (try(s->impl, item) == 0)
			return 0;
		/* acquire: pairs with spin_close; then one last try sees
		 * every put */
		if (atomic_load_explicit(&s->closed, memory_order_acquire))
			return try(s->impl, item) == 0 ? 0 : EPIPE;
		sched_yield();
	}
}

static struct spin_q *spin_new(void *impl)
{
	struct spin_q *s = impl ? malloc(sizeof(*s)) : NULL;

	if (s == NULL)
		return NULL;
	atomic_init(&s->closed, false); /* not yet shared */
	s->impl = impl;
	return s;
}

/* ---------------------------------------------- good/lfqueue.c (lfq) */

static void *lfq_create_q(size_t capacity, int consumers)
{
	(void)capacity, (void)consumers;
	return spin_new(lfq_create());
}
static int lfq_put_q(void *q, long item)
{
	return lfq_enqueue(((struct spin_q *)q)->impl, item);
}
static int lfq_try(void *impl, long *item)
{
	return lfq_dequeue(impl, item);
}
static int lfq_get_q(void *q, long *item)
{
	return spin_get(q, lfq_try, item);
}
static void lfq_destroy_q(void *q)
{
	lfq_destroy(((struct spin_q *)q)->impl);
	free(q);
}

const struct bench_queue bench_q_lfq = {"racelab lfq", lfq_create_q,
					lfq_put_q,     lfq_get_q,
					spin_close,    lfq_destroy_q};

/* ------------------------------------------------ GLib's GAsyncQueue */
#if BENCH_HAVE_GLIB
#include <glib.h>

/* GAsyncQueue is unbounded and carries non-NULL pointers: item + 1. The
 * end is one END per consumer, queued after every item. */
#define GQ_END ((gpointer)UINTPTR_MAX)

struct gq {
	GAsyncQueue *q;
	int consumers;
};

static void *gq_create(size_t capacity, int consumers)
{
	struct gq *g = malloc(sizeof(*g));

	(void)capacity;
	if (g != NULL)
		*g = (struct gq){g_async_queue_new(), consumers};
	return g;
}
static int gq_put(void *q, long item)
{
	g_async_queue_push(((struct gq *)q)->q,
			   (gpointer)(uintptr_t)(item + 1));
	return 0;
}
static int gq_get(void *q, long *item)
{
	gpointer p = g_async_queue_pop(((struct gq *)q)->q);

	if (p == GQ_END)
		return EPIPE;
	*item = (long)(uintptr_t)p - 1;
	return 0;
}
static void gq_close(void *q)
{
	struct gq *g = q;

	for (int i = 0; i < g->consumers; i++)
		g_async_queue_push(g->q, GQ_END);
}
static void gq_destroy(void *q)
{
	g_async_queue_unref(((struct gq *)q)->q);
	free(q);
}

const struct bench_queue bench_q_gasync = {
    "GAsyncQueue", gq_create, gq_put, gq_get, gq_close, gq_destroy};
#else
const struct bench_queue bench_q_gasync = {"GAsyncQueue", 0, 0, 0, 0, 0};
#endif

/* ---------------------------------------- Concurrency Kit's ck_ring */
#if BENCH_HAVE_CK
#include <ck_ring.h>

struct ckq {
	ck_ring_t ring;
	ck_ring_buffer_t *buf;
};

static void *ck_create(size_t capacity, int consumers)
{
	struct ckq *c = malloc(sizeof(*c));
	size_t size = 4;

	(void)consumers;
	while (size < capacity) /* ck_ring wants a power of two */
		size *= 2;
	if (c == NULL || (c->buf = calloc(size, sizeof(*c->buf))) == NULL) {
		free(c);
		return NULL;
	}
	ck_ring_init(&c->ring, (unsigned)size);
	return spin_new(c);
}
static int ck_put(void *q, long item)
{
	struct ckq *c = ((struct spin_q *)q)->impl;

	while (!ck_ring_enqueue_mpmc(&c->ring, c->buf, (void *)(uintptr_t)item))
		sched_yield(); /* full: wait for a consumer */
	return 0;
}
static int ck_try(void *impl, long *item)
{
	struct ckq *c = impl;
	void *p;

	if (!ck_ring_dequeue_mpmc(&c->ring, c->buf, &p))
		return EAGAIN;
	*item = (long)(uintptr_t)p;
	return 0;
}
static int ck_get(void *q, long *item)
{
	return spin_get(q, ck_try, item);
}
static void ck_destroy(void *q)
{
	struct ckq *c = ((struct spin_q *)q)->impl;

	free(c->buf);
	free(c);
	free(q);
}

const struct bench_queue bench_q_ckring = {"ck_ring", ck_create,  ck_put,
					   ck_get,    spin_close, ck_destroy};
#else
const struct bench_queue bench_q_ckring = {"ck_ring", 0, 0, 0, 0, 0};
#endif

/* ----------------------------------------------- liburcu's wfcqueue */
#if BENCH_HAVE_URCU
#define _LGPL_SOURCE /* the inline fast paths, as a user would build */
#include <urcu/wfcqueue.h>

struct wfq {
	struct cds_wfcq_head head;
	struct cds_wfcq_tail tail;
};
struct wfq_node {
	struct cds_wfcq_node node;
	long value;
};

static void *wfq_create(size_t capacity, int consumers)
{
	struct wfq *w = malloc(sizeof(*w));

	(void)capacity, (void)consumers;
	if (w == NULL)
		return NULL;
	cds_wfcq_init(&w->head, &w->tail);
	return spin_new(w);
}
static int wfq_put(void *q, long item)
{
	struct wfq *w = ((struct spin_q *)q)->impl;
	struct wfq_node *n = malloc(sizeof(*n));

	if (n == NULL)
		return ENOMEM;
	cds_wfcq_node_init(&n->node);
	n->value = item;
	cds_wfcq_enqueue(&w->head, &w->tail, &n->node);
	return 0;
}
static int wfq_try(void *impl, long *item)
{
	struct wfq *w = impl;
	struct cds_wfcq_node *node =
	    cds_wfcq_dequeue_blocking(&w->head, &w->tail);
	struct wfq_node *n;

	if (node == NULL)
		return EAGAIN;
	n = caa_container_of(node, struct wfq_node, node);
	*item = n->value;
	free(n);
	return 0;
}
static int wfq_get(void *q, long *item)
{
	return spin_get(q, wfq_try, item);
}
static void wfq_destroy(void *q)
{
	struct wfq *w = ((struct spin_q *)q)->impl;
	long item;

	while (wfq_try(w, &item) == 0)
		;
	cds_wfcq_destroy(&w->head, &w->tail);
	free(w);
	free(q);
}

const struct bench_queue bench_q_wfcq = {"wfcqueue", wfq_create, wfq_put,
					 wfq_get,    spin_close, wfq_destroy};
#else
const struct bench_queue bench_q_wfcq = {"wfcqueue", 0, 0, 0, 0, 0};
#endif
