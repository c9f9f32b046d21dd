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
 * Speed (docs/bench.md), none of it part of the fix: a thread that must
 * wait first polls a few times (unlock, pause, lock, re-test; the pause
 * only where the process may run on more than one CPU), and then sleeps
 * on its condvar; a condvar is signalled only when a thread sleeps
 * on it that no signal is already on its way to (counts kept under the
 * lock); the mutex is adaptive (it spins briefly before sleeping, as the
 * lock is held for a few instructions); the ring wraps with a compare, not
 * a division. bad/queue.c does the same, so that the diff shows the fix.
 *
 * Expected: TSan, Helgrind, DRD silent; sched finds no failing schedule.
 * The twin: bad/queue.c drops the lock while it touches the ring (and its
 * try calls take it only after, to signal).
 */
#include "queue.h"

#include "cpus.h"

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
	int poll_pauses; /* per poll (poll_pause): set by bq_create, then only
			  * read, without the lock */
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

/* Turns of a wait loop that poll before it sleeps (see wait_turn), and
 * the CPU pauses between a poll's unlock and its lock again where the
 * process may run on more than one CPU. */
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

/* The pauses of one poll. On one CPU a pause only delays: the thread the
 * poller waits for cannot run until the poller sleeps or is preempted, so
 * there a poll does not pause (2 producers, 2 consumers, capacity 64, all
 * threads on one CPU: 0.7 M items/s with 128 pauses of 25 ns, 2.1 M
 * without). Not instrumented for TSan, so no schedule point under sched
 * either: poll_pauses is written before any other thread can see q and
 * tunes only a delay, so a program takes the same decisions whatever its
 * CPU mask (a sched replay runs on other CPUs than the run it replays). */
__attribute__((no_sanitize("thread"))) static void
poll_pause(const struct bq *q)
{
	for (int k = 0; k < q->poll_pauses; k++)
		cpu_pause();
}

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
	q->poll_pauses = cpus_usable() > 1 ? POLL_PAUSES : 0;
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

/* One turn of a wait loop: q->lock held on entry and on return, and the
 * caller re-tests its predicate after every turn. The first POLL_TURNS
 * turns only let go of the lock, pause, and take it again (a poll of a
 * few microseconds: 128 pauses took 3.2 us on an AMD EPYC): when the
 * other side runs on another CPU, it usually makes room (or an item)
 * within them, and the futex sleep and wakeup,
 * microseconds each and a context switch on both sides, are saved. The
 * pause is what lets the other side in: without it the poller took the
 * lock back before the other CPU could (2 producers and 2 consumers at
 * capacity 64 on 2 CPUs: 0.95 M items/s without it, 9.8 M with it).
 * Later turns sleep on w until a signal, so a wait that lasts costs no
 * CPU; on one CPU the polls cost a few lock operations per wait, and no
 * pauses (poll_pause). */
static void wait_turn(struct bq *q, struct waitq *w, int turn)
{
	if (turn < POLL_TURNS) {
		pthread_mutex_unlock(&q->lock);
		poll_pause(q);
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
