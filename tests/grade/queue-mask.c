/*
 * queue-mask.c - a wrong fix: the ring wraps its indexes with a mask,
 * & (cap - 1), "cheaper than %" - right only when the capacity is a power
 * of two. With capacity 3 the mask is 2: puts land in slots 0 and 2 only,
 * items are overwritten and lost. Otherwise good/queue.c. The fifo check's
 * queue has capacity 3: must lose fifo.
 * GRADE: loses fifo
 */
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

/* A condvar and who sleeps on it (both fields guarded by the queue's lock).
 * sleepers: threads inside pthread_cond_wait on cond; wakes: signals sent
 * that no sleeper has taken off yet (each one leaving takes one). wakes
 * never exceeds the sleepers already unblocked (a signal unblocks one if
 * any is blocked), so when sleepers == wakes none is still blocked and a
 * signal is not needed: it is sent only while sleepers > wakes. */
struct waitq {
	pthread_cond_t cond;
	int sleepers;
	int wakes;
};

struct bq {
	pthread_mutex_t lock;	/* guards every field below */
	struct waitq not_full;	/* count fell below cap, or closed */
	struct waitq not_empty; /* count rose above 0, or closed */
	size_t cap;
	size_t head;  /* next slot to get */
	size_t tail;  /* next slot to put */
	size_t count; /* items in the ring */
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
	err = pthread_cond_init(&q->not_full.cond, NULL);
	if (err != 0)
		goto out_mutex;
	err = pthread_cond_init(&q->not_empty.cond, NULL);
	if (err != 0)
		goto out_cond;
	return q;
out_cond:
	pthread_cond_destroy(&q->not_full.cond);
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
	pthread_cond_destroy(&q->not_empty.cond);
	pthread_cond_destroy(&q->not_full.cond);
	pthread_mutex_destroy(&q->lock);
	free(q->buf);
	free(q);
}

/* Append item at tail: touches buf, tail and count (q->lock guards them).
 * The caller has seen count < cap. */
static void ring_push(struct bq *q, long item)
{
	q->buf[q->tail] = item;
	q->tail = (q->tail + 1) & (q->cap - 1); /* error: cap a power of 2? */
	q->count++;
}

/* Take the item at head: touches buf, head and count (q->lock guards them).
 * The caller has seen count > 0. */
static long ring_pop(struct bq *q)
{
	long item = q->buf[q->head];

	q->head = (q->head + 1) & (q->cap - 1);
	q->count--;
	return item;
}

/* Turns of a wait loop that poll before it sleeps (see wait_turn), and
 * the CPU pauses between a poll's unlock and its lock again. */
#define POLL_TURNS  8
#define POLL_PAUSES 128

/* A CPU pause of some tens of cycles that touches no memory (x86 PAUSE,
 * Arm YIELD): a spin-waiter's way to let the other CPU get on. */
static void cpu_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
	__asm__ __volatile__("yield");
#else
	__asm__ __volatile__("" ::: "memory"); /* only a delay */
#endif
}

/* One turn of a wait loop: q->lock held on entry and on return, and the
 * caller re-tests its predicate after every turn. The first POLL_TURNS
 * turns only let go of the lock, pause, and take it again (a poll of about
 * a microsecond): when the other side runs on another CPU, it usually
 * makes room (or an item) within them, and the futex sleep and wakeup,
 * microseconds each and a context switch on both sides, are saved. The
 * pause is what lets the other side in: without it the poller took the
 * lock back before the other CPU could (2 producers and 2 consumers at
 * capacity 64 on 2 CPUs: 0.95 M items/s without it, 9.8 M with it).
 * Later turns sleep on w until a signal, so a wait that lasts costs no
 * CPU; on one CPU the polls cost a few lock operations and pauses per
 * wait. */
static void wait_turn(struct bq *q, struct waitq *w, int turn)
{
	if (turn < POLL_TURNS) {
		pthread_mutex_unlock(&q->lock);
		for (int k = 0; k < POLL_PAUSES; k++)
			cpu_pause();
		pthread_mutex_lock(&q->lock);
		return;
	}
	w->sleepers++;
	pthread_cond_wait(&w->cond, &q->lock);
	w->sleepers--;
	if (w->wakes > 0) /* a signal on its way is taken, by us or for us */
		w->wakes--;
}

/* Wake one sleeper of w, unless each already has a signal on its way: a
 * signal costs atomic operations on the condvar even when the thread it is
 * for is already awake and waits only for a CPU or the lock. */
static void wake_one(struct waitq *w)
{
	if (w->sleepers > w->wakes) {
		w->wakes++;
		pthread_cond_signal(&w->cond);
	}
}

static int unlock_return(struct bq *q, int err)
{
	pthread_mutex_unlock(&q->lock);
	return err;
}

int bq_put_blocking(struct bq *q, long item)
{
	int turn = 0;

	pthread_mutex_lock(&q->lock);
	while (q->count == q->cap && !q->closed)
		wait_turn(q, &q->not_full, turn++);
	if (q->closed)
		return unlock_return(q, EPIPE);
	ring_push(q, item);
	wake_one(&q->not_empty);
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
	wake_one(&q->not_empty);
	return unlock_return(q, 0);
}

int bq_get_blocking(struct bq *q, long *item)
{
	int turn = 0;

	pthread_mutex_lock(&q->lock);
	while (q->count == 0 && !q->closed)
		wait_turn(q, &q->not_empty, turn++);
	if (q->count == 0) /* closed and drained: end of queue */
		return unlock_return(q, EPIPE);
	*item = ring_pop(q);
	wake_one(&q->not_full);
	return unlock_return(q, 0);
}

int bq_get_try(struct bq *q, long *item)
{
	pthread_mutex_lock(&q->lock);
	if (q->count == 0)
		return unlock_return(q, q->closed ? EPIPE : EAGAIN);
	*item = ring_pop(q);
	wake_one(&q->not_full);
	return unlock_return(q, 0);
}

void bq_close(struct bq *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->not_full.cond);
	pthread_cond_broadcast(&q->not_empty.cond);
	pthread_mutex_unlock(&q->lock);
}
