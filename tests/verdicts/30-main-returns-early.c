/*
 * Defect 30: main returns while its detached workers still run. main's exit
 * is a schedule step like any other, so the schedules where the workers run
 * first and fail their assertion must be explored (the program used to be
 * called clean: main always ended the process first).
 */
// RUN: racelab scan --tool sched --runs 200 %s
// EXIT: 1
// CHECK: failing schedule: invariant
// CHECK: winners <= 1
#include <assert.h>
#include <pthread.h>

static int claimed, winners;

static void *worker(void *arg)
{
	(void)arg;
	if (!claimed) { /* error: check-then-act with no lock */
		claimed = 1;
		winners++;
	}
	assert(winners <= 1);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, worker, NULL);
	pthread_create(&b, NULL, worker, NULL);
	pthread_detach(a);
	pthread_detach(b);
	return 0;
}
