/*
 * pthread_detach of a thread that has already finished its work (and may
 * have exited): it succeeds, and the other thread is still joined.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

static sem_t done;

static void *worker(void *arg)
{
	(void)arg;
	sem_post(&done);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	int rc;

	sem_init(&done, 0, 0);
	pthread_create(&a, NULL, worker, NULL);
	pthread_create(&b, NULL, worker, NULL);
	sem_wait(&done);
	sem_wait(&done);
	rc = pthread_detach(a);
	assert(rc == 0);
	pthread_join(b, NULL);
	return 0;
}
