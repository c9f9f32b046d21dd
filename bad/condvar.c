/*
 * bad/condvar.c - a latch with the classic lost wakeup: the poster sets the
 * predicate (open) and broadcasts without holding the mutex, so its wakeup
 * can fall between the waiter's test and the waiter's wait.
 *
 * Interleaving that loses the wakeup for ever (T1 waits, T2 posts):
 *   1. T1 locks the mutex and reads open == false
 *   2. T2 sets open = true (no mutex needed, it thinks)
 *   3. T2 broadcasts: nobody is on the wait list yet, the wakeup is lost
 *   4. T1 calls pthread_cond_wait and sleeps: nobody will ever post again
 * The waiter also tests with `if`: a spurious or stale wakeup would let it
 * return with open still false. (A broadcast with no predicate at all is
 * the same bug in its purest form: a wakeup that nobody is waiting for yet
 * is simply gone; condition variables have no memory.)
 *
 * Caught by: TSan (data race on open: latch_post / latch_wait), Helgrind
 * (Race; and Misc: "associated lock is not held by any thread"), DRD
 * (CondRaceErr: signalled without the mutex; and ConflictingAccess),
 * racelab sched (deadlock: a waiter no live thread can wake, from a seed).
 * Natively the window is a few instructions wide, yet it was hit in 6 of 10
 * runs of 20,000 rounds: the driver's watchdog then ends the run after 2 s
 * with exit 3 (under racelab, the native watchdog reports the hang first).
 * The fix: good/condvar.c sets open and broadcasts under the mutex, and
 * re-tests open in a `while` loop.
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
	l->open = true; /* error: predicate set without the mutex */
	return pthread_cond_broadcast(&l->opened); /* ... wakes no one yet */
}

int latch_wait(struct latch *l)
{
	int rc = pthread_mutex_lock(&l->lock);

	if (rc != 0)
		return rc;
	if (!l->open) /* error: if, not while */
		rc = pthread_cond_wait(&l->opened, &l->lock);
	pthread_mutex_unlock(&l->lock);
	return rc;
}
