/*
 * A semaphore as a lock: initialised to 1 it admits one thread at a time,
 * so the counter keeps both updates.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
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

	sem_init(&lock, 0, 1);
	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(count == 2);
	return 0;
}
