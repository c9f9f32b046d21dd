/*
 * sem_wait/sem_post: the producer posts before it writes the data, so the
 * consumer can wake and read the old value.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: data == 42
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

static sem_t full;
static int data;

static void *producer(void *arg)
{
	(void)arg;
	sem_post(&full); /* error: posted before the data is written */
	data = 42;
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
