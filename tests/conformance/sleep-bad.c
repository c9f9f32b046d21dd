/*
 * usleep as synchronisation: main sleeps "long enough" for the worker and
 * then reads its result, but a sleep orders nothing (a loaded machine can
 * run the worker later).
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 1
// CHECK: result == 42
#include <assert.h>
#include <pthread.h>
#include <unistd.h>

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
	usleep(100000);
	assert(result == 42); /* error: the sleep is not a join */
	pthread_join(t, NULL);
	return 0;
}
