/*
 * sem_trywait: the consumer tries once and reads the data even when the
 * call failed with EAGAIN because nothing was posted yet.
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
	data = 42;
	sem_post(&full);
	return NULL;
}

int main(void)
{
	pthread_t t;

	sem_init(&full, 0, 0);
	pthread_create(&t, NULL, producer, NULL);
	sem_trywait(&full); /* error: EAGAIN ignored */
	assert(data == 42);
	pthread_join(t, NULL);
	return 0;
}
