/*
 * Defect 26 (the other side of sleeps): a sleep orders nothing, so main
 * reading the worker's result after usleep() instead of a join is a bug.
 * A sleep's end is a scheduler choice at any step (within the order of the
 * timeouts' deadlines), so the schedule where the worker runs late is found.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 1
// CHECK: failing schedule: invariant
// CHECK: done == 1
#include <assert.h>
#include <pthread.h>
#include <unistd.h>

static int done;

static void *worker(void *arg)
{
	(void)arg;
	done = 1;
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	usleep(200000); /* error: "long enough" is not a join */
	assert(done == 1);
	pthread_join(t, NULL);
	return 0;
}
