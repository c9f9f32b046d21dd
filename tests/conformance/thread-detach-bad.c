/*
 * pthread_detach: main detaches the worker and then reads its result with
 * nothing to wait on, so the worker may not have run yet.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: result == 42
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
	assert(result == 42); /* error: nothing waited for the worker */
	sem_wait(&done);
	return 0;
}
