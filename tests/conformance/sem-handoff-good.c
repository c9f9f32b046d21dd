/*
 * sem_wait/sem_post: the producer writes the data and then posts; the
 * consumer waits before reading, so it always sees the data.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

static sem_t full;
static int data;

static void *producer(void *arg)
{
	(void)arg;
	data = 42;
	sem_post(&full);
	return NULL;
}

int main(void)
{
	pthread_t t;

	sem_init(&full, 0, 0);
	pthread_create(&t, NULL, producer, NULL);
	sem_wait(&full);
	assert(data == 42);
	pthread_join(t, NULL);
	sem_destroy(&full);
	return 0;
}
