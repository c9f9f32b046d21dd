/*
 * good/condvar.c - a latch done right: the predicate (open) is read and
 * written only under the mutex, the waiter re-tests it in a `while` loop,
 * and the poster wakes the waiters while holding the mutex.
 *
 * Why the lost wakeup cannot happen (T1 waits, T2 posts):
 *   1. T1 locks the mutex and reads open == false
 *   2. T2 tries to lock the mutex and blocks
 *   3. T1 calls pthread_cond_wait, which releases the mutex only once T1
 *      is on the condvar's wait list: from here on a broadcast reaches it
 *   4. T2 locks, sets open = true, broadcasts (T1 is woken), unlocks
 *   5. T1 relocks, re-tests open (true), returns
 * T2 cannot set open between T1's test (1) and T1's wait (3): it needs the
 * mutex T1 holds. The `while` makes a spurious or stale wakeup harmless.
 *
 * (Broadcasting after unlocking would also be correct here; what must not
 * happen is changing the predicate without the mutex.)
 *
 * Expected: TSan, Helgrind, DRD silent; sched finds no failing schedule.
 * The twin: bad/condvar.c sets open and wakes without the mutex, and tests
 * with `if`.
 */
#include "condvar.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct latch {
	pthread_mutex_t lock; /* protects open */
	pthread_cond_t opened;
	bool open;
};

struct latch *latch_create(void)
{
	struct latch *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if ((errno = pthread_mutex_init(&l->lock, NULL)) != 0)
		goto fail;
	if ((errno = pthread_cond_init(&l->opened, NULL)) != 0)
		goto fail_mutex;
	return l;
fail_mutex:
	pthread_mutex_destroy(&l->lock);
fail:
	free(l);
	return NULL;
}

void latch_destroy(struct latch *l)
{
	pthread_cond_destroy(&l->opened);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

int latch_post(struct latch *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	l->open = true;
	rc = pthread_cond_broadcast(&l->opened);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int latch_wait(struct latch *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	while (rc == 0 && !l->open)
		rc = pthread_cond_wait(&l->opened, &l->lock);
	pthread_mutex_unlock(&l->lock);
	return rc;
}
