/*
 * bad/queue.c - the unsafe bounded queue: it holds the lock only to wait and
 * to signal, and drops it while it reads and writes the ring (buf, head,
 * tail, count). "Keep the critical section short" taken one step too far;
 * the try calls go one step further, with an unlocked "fast path": they
 * test count and update the ring before they take the lock at all, and
 * take it only to signal.
 *
 * Interleaving that loses an item (count 2, tail 2, cap 4, two producers):
 *   1. P1 locks, sees count 2 < 4, unlocks
 *   2. P2 locks, sees count 2 < 4, unlocks
 *   3. P1 writes item A to buf[2]
 *   4. P2 writes item B to buf[2]            -> A is overwritten: lost
 *   5. P1 reads tail 2, P2 reads tail 2; both write tail = 3
 *   6. P1 reads count 2, P2 reads count 2; both write count = 3
 * Two consumers racing the same way on head take one slot twice: a
 * duplicated item, and a count that drifts (it can even wrap below zero).
 * The try calls race even when they do not overlap in time (empty queue):
 *   1. P1 bq_put_try: reads count 0; writes buf[0], tail, count = 1; then
 *      locks, signals, unlocks
 *   2. C1 bq_get_try: reads count 1 and buf[0]   -> a data race with step 1
 * C1 takes no lock before those reads, so P1's unlock orders nothing before
 * them. (x86 still hands the item over; C calls it undefined behaviour, and
 * the compiler or a weaker CPU may show C1 count 1 beside a stale buf[0].)
 *
 * Caught by: TSan (data race in ring_push / ring_pop / bq_get_try),
 * Helgrind (Race), DRD (ConflictingAccess): in every run of the driver's -m
 * turns (try calls in a fixed order of turns, passed with relaxed atomics),
 * but in the blocking calls only when two windows really overlap, which
 * under CPU load hardly happens. racelab sched: a lost or duplicated item,
 * from a seed. Natively the window is a few instructions wide, yet with a
 * small ring items went wrong in most runs; nothing guarantees it. Wakeups
 * stay reliable (each signal is sent under the lock, after the change it
 * announces), so the bug shows as wrong items, not as a hang. (A count
 * that drifts far enough could in principle leave a producer waiting with
 * nobody left to signal it; no measured run hung, and the driver stops a
 * consumer that is handed more items than were ever put.)
 * The fix: good/queue.c keeps the lock from the predicate test through the
 * ring update to the signal.
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
	/* error: the ring is updated unlocked */
	pthread_mutex_unlock(&q->lock);
	ring_push(q, item);
	pthread_mutex_lock(&q->lock);
	wake_one(&q->not_empty);
	return unlock_return(q, 0);
}

int bq_put_try(struct bq *q, long item)
{
	if (q->closed) /* error: tested and updated without the lock */
		return EPIPE;
	if (q->count == q->cap)
		return EAGAIN;
	ring_push(q, item);
	pthread_mutex_lock(&q->lock);
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
	/* error: the ring is updated unlocked */
	pthread_mutex_unlock(&q->lock);
	*item = ring_pop(q);
	pthread_mutex_lock(&q->lock);
	wake_one(&q->not_full);
	return unlock_return(q, 0);
}

int bq_get_try(struct bq *q, long *item)
{
	if (q->count == 0) /* error: tested and updated without the lock */
		return q->closed ? EPIPE : EAGAIN;
	*item = ring_pop(q);
	pthread_mutex_lock(&q->lock);
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
