/*
 * good/queue.c - the safe bounded queue: one mutex guards the whole ring
 * (buf, head, tail, count, closed), from the predicate test through the
 * update to the signal. Producers wait on not_full and consumers on
 * not_empty, each in a `while` loop that re-tests its predicate after every
 * wakeup (spurious, stolen by another thread, or a close).
 *
 * Why the bad interleaving cannot happen (one free slot, two producers):
 *   1. P1 locks, sees count 3 < cap 4, writes buf[tail], tail++, count = 4
 *   2. P2 tries to lock and blocks
 *   3. P1 signals not_empty and unlocks
 *   4. P2 locks, sees count == cap, waits on not_full (the lock is released)
 *   5. C1 locks, takes buf[head], count = 3, signals not_full, unlocks
 *   6. P2 wakes with the lock held, re-tests: count 3 < 4, puts
 * No step reads head, tail or count while another thread is between its
 * read and its write of them.
 *
 * Close: sets closed under the lock and broadcasts both condvars, so every
 * waiter re-tests: producers return EPIPE, consumers take what is left and
 * then see EPIPE (end of queue).
 *
 * Speed (docs/bench.md), none of it part of the fix: a condvar is signalled
 * only when its waiter count (kept under the lock) says someone waits, the
 * mutex is adaptive (it spins briefly before sleeping, as the lock is held
 * for a few instructions), and the ring wraps with a compare, not a
 * division. bad/queue.c does the same, so that the diff shows the fix.
 *
 * Expected: TSan, Helgrind, DRD silent; sched finds no failing schedule.
 * The twin: bad/queue.c drops the lock while it touches the ring (and its
 * try calls take it only after, to signal).
 */
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct bq {
	pthread_mutex_t lock;	  /* guards every field below */
	pthread_cond_t not_full;  /* count fell below cap, or closed */
	pthread_cond_t not_empty; /* count rose above 0, or closed */
	size_t cap;
	size_t head;	 /* next slot to get */
	size_t tail;	 /* next slot to put */
	size_t count;	 /* items in the ring */
	int put_waiters; /* producers inside pthread_cond_wait(not_full) */
	int get_waiters; /* consumers inside pthread_cond_wait(not_empty) */
	bool closed;
	long *buf;
};

/* An adaptive mutex: a thread that finds it held spins a little before
 * it sleeps. The lock is held for a few instructions, so on a multicore
 * the holder usually lets go within the spin, and the futex sleep and
 * wakeup (microseconds each) are saved. */
static int init_lock(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int err = pthread_mutexattr_init(&a);

	if (err == 0)
		err = pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ADAPTIVE_NP);
	if (err == 0)
		err = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return err;
}

struct bq *bq_create(size_t capacity)
{
	struct bq *q;
	int err = ENOMEM;

	if (capacity == 0) {
		errno = EINVAL;
		return NULL;
	}
	q = calloc(1, sizeof(*q));
	if (q == NULL)
		return NULL;
	q->cap = capacity;
	q->buf = calloc(capacity, sizeof(*q->buf));
	if (q->buf == NULL)
		goto out_free;
	err = init_lock(&q->lock);
	if (err != 0)
		goto out_free;
	err = pthread_cond_init(&q->not_full, NULL);
	if (err != 0)
		goto out_mutex;
	err = pthread_cond_init(&q->not_empty, NULL);
	if (err != 0)
		goto out_cond;
	return q;
out_cond:
	pthread_cond_destroy(&q->not_full);
out_mutex:
	pthread_mutex_destroy(&q->lock);
out_free:
	free(q->buf);
	free(q);
	errno = err;
	return NULL;
}

void bq_destroy(struct bq *q)
{
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	pthread_mutex_destroy(&q->lock);
	free(q->buf);
	free(q);
}

/* Append item at tail: touches buf, tail and count (q->lock guards them).
 * The caller has seen count < cap. */
static void ring_push(struct bq *q, long item)
{
	q->buf[q->tail] = item;
	if (++q->tail == q->cap) /* a compare, not a division */
		q->tail = 0;
	q->count++;
}

/* Take the item at head: touches buf, head and count (q->lock guards them).
 * The caller has seen count > 0. */
static long ring_pop(struct bq *q)
{
	long item = q->buf[q->head];

	if (++q->head == q->cap)
		q->head = 0;
	q->count--;
	return item;
}

/* Wake one waiting consumer, if there is one: a signal nobody waits for
 * still costs an atomic operation on the condvar, on every put. */
static void wake_getter(struct bq *q)
{
	if (q->get_waiters > 0)
		pthread_cond_signal(&q->not_empty);
}

static void wake_putter(struct bq *q)
{
	if (q->put_waiters > 0)
		pthread_cond_signal(&q->not_full);
}

static int unlock_return(struct bq *q, int err)
{
	pthread_mutex_unlock(&q->lock);
	return err;
}

int bq_put_blocking(struct bq *q, long item)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == q->cap && !q->closed) {
		q->put_waiters++;
		pthread_cond_wait(&q->not_full, &q->lock);
		q->put_waiters--;
	}
	if (q->closed)
		return unlock_return(q, EPIPE);
	ring_push(q, item);
	wake_getter(q);
	return unlock_return(q, 0);
}

int bq_put_try(struct bq *q, long item)
{
	pthread_mutex_lock(&q->lock);
	if (q->closed)
		return unlock_return(q, EPIPE);
	if (q->count == q->cap)
		return unlock_return(q, EAGAIN);
	ring_push(q, item);
	wake_getter(q);
	return unlock_return(q, 0);
}

int bq_get_blocking(struct bq *q, long *item)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == 0 && !q->closed) {
		q->get_waiters++;
		pthread_cond_wait(&q->not_empty, &q->lock);
		q->get_waiters--;
	}
	if (q->count == 0) /* closed and drained: end of queue */
		return unlock_return(q, EPIPE);
	*item = ring_pop(q);
	wake_putter(q);
	return unlock_return(q, 0);
}

int bq_get_try(struct bq *q, long *item)
{
	pthread_mutex_lock(&q->lock);
	if (q->count == 0)
		return unlock_return(q, q->closed ? EPIPE : EAGAIN);
	*item = ring_pop(q);
	wake_putter(q);
	return unlock_return(q, 0);
}

void bq_close(struct bq *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->not_full);
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}
