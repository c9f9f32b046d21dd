/*
 * pthread_tryjoin_np: main tries once and uses the result without looking
 * at the EBUSY it gets while the worker still runs.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: (intptr_t)ret == 42
#include <assert.h>
#include <pthread.h>
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

	pthread_create(&t, NULL, worker, NULL);
	pthread_tryjoin_np(t, &ret); /* error: EBUSY ignored */
	assert((intptr_t)ret == 42);
	pthread_join(t, NULL);
	return 0;
}
