/*
 * pthread_timedjoin_np: ETIMEDOUT while the worker still waits for main;
 * main then lets it go and joins it for good before reading the result.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <time.h>

static sem_t go;

static void *worker(void *arg)
{
	(void)arg;
	sem_wait(&go);
	return (void *)(intptr_t)42;
}

int main(void)
{
	struct timespec ts;
	pthread_t t;
	void *ret = NULL;
	int rc;

	sem_init(&go, 0, 0);
	pthread_create(&t, NULL, worker, NULL);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	rc = pthread_timedjoin_np(t, &ret, &ts);
	assert(rc == ETIMEDOUT);
	sem_post(&go);
	pthread_join(t, &ret);
	assert((intptr_t)ret == 42);
	return 0;
}
