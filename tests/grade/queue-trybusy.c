/*
 * queue-trybusy.c - a wrong fix: the try calls never wait for the lock
 * either (pthread_mutex_trylock) and answer EAGAIN when another thread
 * holds it - "try" read as "never block at all". The contract says EAGAIN
 * when the queue is full (put) or empty but open (get), and at no other
 * time: a producer told "full" by a queue with room, or a consumer told
 * "empty" by a queue with items, waits or gives up for nothing. Every
 * check that calls the try functions from one thread passes.
 * GRADE: loses try-racing
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
	size_t head;  /* next slot to get */
	size_t tail;  /* next slot to put */
	size_t count; /* items in the ring */
	bool closed;
	long *buf;
};

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
	err = pthread_mutex_init(&q->lock, NULL);
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
	q->tail = (q->tail + 1) % q->cap;
	q->count++;
}

/* Take the item at head: touches buf, head and count (q->lock guards them).
 * The caller has seen count > 0. */
static long ring_pop(struct bq *q)
{
	long item = q->buf[q->head];

	q->head = (q->head + 1) % q->cap;
	q->count--;
	return item;
}

static int unlock_return(struct bq *q, int err)
{
	pthread_mutex_unlock(&q->lock);
	return err;
}

int bq_put_blocking(struct bq *q, long item)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == q->cap && !q->closed)
		pthread_cond_wait(&q->not_full, &q->lock);
	if (q->closed)
		return unlock_return(q, EPIPE);
	ring_push(q, item);
	pthread_cond_signal(&q->not_empty);
	return unlock_return(q, 0);
}

int bq_put_try(struct bq *q, long item)
{
	if (pthread_mutex_trylock(&q->lock) != 0)
		return EAGAIN; /* error: the lock is busy, not the queue full */
	if (q->closed)
		return unlock_return(q, EPIPE);
	if (q->count == q->cap)
		return unlock_return(q, EAGAIN);
	ring_push(q, item);
	pthread_cond_signal(&q->not_empty);
	return unlock_return(q, 0);
}

int bq_get_blocking(struct bq *q, long *item)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == 0 && !q->closed)
		pthread_cond_wait(&q->not_empty, &q->lock);
	if (q->count == 0) /* closed and drained: end of queue */
		return unlock_return(q, EPIPE);
	*item = ring_pop(q);
	pthread_cond_signal(&q->not_full);
	return unlock_return(q, 0);
}

int bq_get_try(struct bq *q, long *item)
{
	if (pthread_mutex_trylock(&q->lock) != 0)
		return EAGAIN; /* error: the lock is busy, not the queue empty */
	if (q->count == 0)
		return unlock_return(q, q->closed ? EPIPE : EAGAIN);
	*item = ring_pop(q);
	pthread_cond_signal(&q->not_full);
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
