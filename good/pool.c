/*
 * good/pool.c - a thread pool whose whole state (queue, shutdown flag,
 * failure count) is guarded by one mutex. Idle workers sleep on a condition
 * variable, and a worker leaves only when shutdown has begun AND the queue
 * is empty, so every accepted task runs (the drain policy of pool.h).
 *
 * Why the bad interleaving cannot happen (two tasks queued, one worker):
 *   1. T0 (main) locks, sets shutdown, broadcasts nonempty, unlocks
 *   2. T1 (worker) locks, sees a task queued: it takes it, although
 *      shutdown is set
 *   3. T1 runs both tasks, then sees an empty queue and shutdown: leaves
 *   4. T0's join returns; both tasks ran; submit now says ESHUTDOWN
 * The flag is read and written under the lock, so no worker can miss it,
 * and no task is accepted after a worker has decided to leave.
 *
 * Speed (docs/bench.md), none of it part of the fix: tasks wait in a ring
 * of slots that doubles when full, so a submit does not malloc and a worker
 * does not free. One wakeup at a time is on its way to the sleeping
 * workers: nonempty is signalled only when none is (counts kept under the
 * lock), and the woken worker passes the wakeup on if it leaves tasks
 * queued. bad/pool.c does the same, so that the diff shows the fix.
 *
 * Expected: TSan, Helgrind, DRD silent; sched finds no failing schedule.
 * The twin: bad/pool.c sets the flag without the lock, lets workers leave
 * with tasks queued, and polls instead of waiting.
 */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

/* A queued task. The queue is a ring of these: no malloc per task. */
struct task {
	pool_task_fn fn;
	void *arg;
};

struct pool {
	pthread_mutex_t lock;	 /* protects every field below */
	pthread_cond_t nonempty; /* a task was queued, or shutdown began */
	struct task *ring;	 /* cap slots: 0 or a power of two */
	size_t cap;
	size_t first;  /* the oldest task's slot */
	size_t count;  /* tasks queued: slots first .. first+count-1, mod cap */
	bool shutdown; /* no more tasks accepted */
	bool joined;   /* pool_shutdown has run */
	long failed;   /* tasks that returned non-zero */
	int first_error;
	int nworkers;
	pthread_t *workers;
	int sleepers; /* workers inside pthread_cond_wait on nonempty */
	int wakes;    /* signals sent that no sleeper has taken yet */
};

/* Wake one sleeping worker (lock held), unless a wakeup is on its way: a
 * woken worker has yet to re-test the queue then, and it passes the wakeup
 * on (pool_take) if it leaves tasks queued, so a second sleeper wakes when
 * there is work for it. A signal to a sleeper costs its sender microseconds
 * (a futex wake, and an interrupt to the sleeper's CPU), and glibc's can
 * block until the workers it woke before have run: one wakeup at a time
 * sends fewer of them, and fewer slow ones (docs/bench.md). */
static void pool_wake(struct pool *p)
{
	if (p->wakes == 0 && p->sleepers > 0) {
		p->wakes++;
		pthread_cond_signal(&p->nonempty);
	}
}

/* Take the oldest task (lock held, count > 0); wake a sleeper if more wait. */
static struct task pool_take(struct pool *p)
{
	struct task t = p->ring[p->first];

	p->first = (p->first + 1) & (p->cap - 1);
	if (--p->count > 0)
		pool_wake(p);
	return t;
}

/* Double the ring (lock held), the tasks kept in order; ENOMEM if not. */
static int pool_grow(struct pool *p)
{
	size_t cap = p->cap > 0 ? 2 * p->cap : 64;
	struct task *ring = malloc(cap * sizeof(*ring));

	if (ring == NULL || cap < p->cap) {
		free(ring);
		return ENOMEM;
	}
	for (size_t i = 0; i < p->count; i++)
		ring[i] = p->ring[(p->first + i) & (p->cap - 1)];
	free(p->ring);
	p->ring = ring;
	p->cap = cap;
	p->first = 0;
	return 0;
}

static void *pool_worker(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->count == 0 && !p->shutdown) {
			p->sleepers++;
			pthread_cond_wait(&p->nonempty, &p->lock);
			p->sleepers--;
			if (p->wakes > 0) /* a signal on its way: taken */
				p->wakes--;
		}
		if (p->count == 0) /* shut down and drained */
			break;
		struct task t = pool_take(p);
		pthread_mutex_unlock(&p->lock);
		int rc = t.fn(t.arg);
		pthread_mutex_lock(&p->lock);
		if (rc != 0 && p->failed++ == 0)
			p->first_error = rc;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static int pool_start(struct pool *p)
{
	int rc;

	for (int i = 0; i < p->nworkers; i++) {
		rc = pthread_create(&p->workers[i], NULL, pool_worker, p);
		if (rc != 0) {
			p->nworkers = i; /* shut down the ones that started */
			pool_shutdown(p, NULL);
			return rc;
		}
	}
	return 0;
}

struct pool *pool_create(int nworkers)
{
	struct pool *p;

	if (nworkers < 1) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	p->nworkers = nworkers;
	p->workers = calloc((size_t)nworkers, sizeof(pthread_t));
	if (p->workers == NULL)
		goto fail;
	if ((errno = pthread_mutex_init(&p->lock, NULL)) != 0)
		goto fail;
	if ((errno = pthread_cond_init(&p->nonempty, NULL)) != 0)
		goto fail_mutex;
	if ((errno = pool_start(p)) != 0)
		goto fail_cond;
	return p;
fail_cond:
	pthread_cond_destroy(&p->nonempty);
fail_mutex:
	pthread_mutex_destroy(&p->lock);
fail:
	free(p->workers);
	free(p);
	return NULL;
}

int pool_submit(struct pool *p, pool_task_fn fn, void *arg)
{
	int rc = 0;

	pthread_mutex_lock(&p->lock);
	if (p->shutdown)
		rc = ESHUTDOWN;
	else if (p->count == p->cap)
		rc = pool_grow(p);
	if (rc == 0) {
		p->ring[(p->first + p->count) & (p->cap - 1)] =
		    (struct task){fn, arg};
		p->count++;
		pool_wake(p);
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

int pool_shutdown(struct pool *p, long *failed)
{
	pthread_mutex_lock(&p->lock);
	if (p->joined) {
		pthread_mutex_unlock(&p->lock);
		return EINVAL;
	}
	p->joined = true;
	p->shutdown = true;
	pthread_cond_broadcast(&p->nonempty);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nworkers; i++)
		pthread_join(p->workers[i], NULL);
	if (failed != NULL)
		*failed = p->failed; /* the joins ordered every write before */
	return p->first_error;
}

void pool_destroy(struct pool *p)
{
	if (!p->joined)
		pool_shutdown(p, NULL);
	free(p->ring); /* with any task never run (bad/ can leave some) */
	pthread_cond_destroy(&p->nonempty);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p);
}
