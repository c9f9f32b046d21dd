/*
 * exit() from a worker thread ends the whole process with the worker's
 * status, while main is still blocked in a join.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <pthread.h>
#include <stdlib.h>

static void *worker(void *arg)
{
	(void)arg;
	exit(0);
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return 0;
}
