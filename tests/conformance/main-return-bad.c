/*
 * main returning while a thread still runs: the unjoined worker's assertion
 * fails in schedules where it runs before main's return ends the process.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: count == 1
#include <assert.h>
#include <pthread.h>

static int count;

static void *worker(void *arg)
{
	(void)arg;
	assert(count == 1); /* error: main may not have counted yet */
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	count = 1;
	return 0;
}
