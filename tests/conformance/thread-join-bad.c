/*
 * pthread_join: main reads the worker's result before joining it, so a
 * schedule where the worker has not run yet sees 0.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: result == 42
#include <assert.h>
#include <pthread.h>

static int result;

static void *worker(void *arg)
{
	(void)arg;
	result = 42;
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	assert(result == 42); /* error: read before the join */
	pthread_join(t, NULL);
	return 0;
}
