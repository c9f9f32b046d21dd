/*
 * sched_yield: a thread yields "to let the other one go first" and then
 * reads its result, but a yield guarantees nothing about who runs next.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: result == 42
#include <assert.h>
#include <pthread.h>
#include <sched.h>

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
	sched_yield();
	sched_yield();
	assert(result == 42); /* error: yielding is not waiting */
	pthread_join(t, NULL);
	return 0;
}
