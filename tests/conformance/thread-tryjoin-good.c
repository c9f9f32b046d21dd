/*
 * pthread_tryjoin_np: EBUSY while the worker runs; main retries until the
 * join succeeds and only then reads the result.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

static void *worker(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)42;
}

int main(void)
{
	pthread_t t;
	void *ret = NULL;
	int rc;

	pthread_create(&t, NULL, worker, NULL);
	while ((rc = pthread_tryjoin_np(t, &ret)) == EBUSY)
		sched_yield();
	assert(rc == 0);
	assert((intptr_t)ret == 42);
	return 0;
}
