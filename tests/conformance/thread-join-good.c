/*
 * pthread_join: main reads the worker's result only after joining it, and
 * gets the worker's return value through the join.
 */
// RUN: racelab scan --tool sched --runs 200 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <stdint.h>

static int result;

static void *worker(void *arg)
{
	(void)arg;
	result = 42;
	return (void *)(intptr_t)7;
}

int main(void)
{
	pthread_t t;
	void *ret = NULL;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, &ret);
	assert(result == 42);
	assert((intptr_t)ret == 7);
	return 0;
}
