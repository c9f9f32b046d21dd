/*
 * pthread_detach: a detached worker hands its result over with a semaphore
 * that main waits on, since a detached thread cannot be joined.
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
	pthread_t t;

	sem_init(&done, 0, 0);
	pthread_create(&t, NULL, worker, NULL);
	pthread_detach(t);
	sem_wait(&done);
	assert(result == 42);
	return 0;
}
