/*
 * queue.h - the contract of case `queue`: a bounded FIFO queue of longs for
 * any number of producers and consumers (the seed's ProducerConsumer).
 *
 * Implemented twice with the same symbols: bad/queue.c (the ring is updated
 * outside the lock) and good/queue.c (one mutex, not_full / not_empty
 * condvars). The driver (driver.c) runs producers and consumers and checks
 * that every item is got exactly once, in FIFO order per producer.
 *
 * Synchronization table: every bq_ call below may run concurrently with any
 * other on the same queue, except bq_create and bq_destroy, and needs no
 * synchronization from the caller: the queue orders its calls itself, so
 * callers that only take turns (the driver's -m turns passes the turn with
 * relaxed atomics, which order nothing) get the same promises. Errors are
 * errno values, returned (never set in errno), except bq_create's.
 */
#ifndef RACELAB_QUEUE_H
#define RACELAB_QUEUE_H

#include <stddef.h>

struct bq;

/* A new, open, empty queue holding at most capacity items, or NULL with
 * errno set (EINVAL for capacity 0, ENOMEM). Not thread-safe: call it
 * before sharing the queue. */
struct bq *bq_create(size_t capacity);

/* Free the queue and any items left in it. The caller guarantees no thread
 * still uses it, or is blocked in it. */
void bq_destroy(struct bq *q);

/* Append item, waiting while the queue is full. 0, or EPIPE when the queue
 * is closed (before the call or while waiting): the item was not added.
 * Everything the caller did before a successful put happens before the get
 * (blocking or try) that returns the item. */
int bq_put_blocking(struct bq *q, long item);

/* Append item without waiting for room. 0, EAGAIN when the queue is full,
 * or EPIPE when it is closed. Same ordering as bq_put_blocking: everything
 * before a successful try put happens before the get that returns the
 * item. */
int bq_put_try(struct bq *q, long item);

/* Take the oldest item into *item, waiting while the queue is empty and
 * open. 0, or EPIPE at end of queue: closed and drained (*item untouched).
 * After a close, the items already in the queue are still handed out. */
int bq_get_blocking(struct bq *q, long *item);

/* Take the oldest item without waiting for one. 0, EAGAIN when the queue
 * is empty but open, or EPIPE when it is closed and drained. Same ordering
 * as bq_get_blocking: the put of the item it returns happened before it. */
int bq_get_try(struct bq *q, long *item);

/* Close the queue: later puts fail with EPIPE, and every producer and
 * consumer blocked in it wakes (producers with EPIPE; consumers take what
 * is left, then see EPIPE). Idempotent; any thread may call it. */
void bq_close(struct bq *q);

#endif
