/*
 * A thread created detached (pthread_attr_setdetachstate): it cannot be
 * joined, so it reports its result through a semaphore.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

static sem_t done;
static int result;

static void *worker(void *arg)
{
	(void)arg;
	result = 42;
	sem_post(&done);
	return NULL;
}

int main(void)
{
	pthread_attr_t at;
	pthread_t t;

	sem_init(&done, 0, 0);
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &at, worker, NULL);
	pthread_attr_destroy(&at);
	sem_wait(&done);
	assert(result == 42);
	return 0;
}
