/*
 * TSan, semaphores: the producer writes the data, then posts; the consumer
 * waits, then reads: sem_post/sem_wait order the two accesses.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 0
// CHECK-NOT: data race
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
	int v = data;
	pthread_join(t, NULL);
	return v == 42 ? 0 : 3;
}
