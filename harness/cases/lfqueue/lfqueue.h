/*
 * lfqueue.h - the contract of case `lfqueue`: an unbounded lock-free FIFO
 * queue of longs for any number of producers and consumers (the seed's
 * LockFreeQueue, "real implementation uses CAS").
 *
 * Implemented twice with the same symbols: bad/lfqueue.c (a Michael-Scott
 * queue that frees a dequeued node at once) and good/lfqueue.c (the same
 * queue with hazard pointers). The driver (driver.c) checks that every item
 * is got exactly once, FIFO per producer.
 *
 * Synchronization table: lfq_enqueue and lfq_dequeue may run concurrently
 * with each other and themselves from any number of threads, with no
 * registration; lfq_create and lfq_destroy may not overlap anything.
 * Progress: lock-free (some call always completes in a bounded number of
 * its own steps, whatever the others do; one call may retry while others
 * succeed). Errors are errno values, returned.
 */
#ifndef RACELAB_LFQUEUE_H
#define RACELAB_LFQUEUE_H

struct lfq;

/* A new empty queue, or NULL with errno set (ENOMEM). */
struct lfq *lfq_create(void);

/* Free the queue, the items left in it and every node it still holds. The
 * caller guarantees no thread still uses it (joins order their calls before
 * this one). */
void lfq_destroy(struct lfq *q);

/* Append value. 0, or ENOMEM (nothing was added). Everything the caller did
 * before the call happens before the lfq_dequeue that returns the value. */
int lfq_enqueue(struct lfq *q, long value);

/* Take the oldest value into *value. 0, EAGAIN when the queue was empty at
 * some instant during the call, or ENOMEM. Never waits. */
int lfq_dequeue(struct lfq *q, long *value);

#endif
