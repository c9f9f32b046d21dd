/*
 * A semaphore as a lock: initialised to 2 it admits both threads at once,
 * so their updates can interleave and one is lost.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: count == 2
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

static sem_t lock;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	sem_wait(&lock);
	count++;
	sem_post(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	sem_init(&lock, 0, 2); /* error: two permits, no exclusion */
	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(count == 2);
	return 0;
}
