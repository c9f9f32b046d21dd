/*
 * TSan, semaphores: the producer posts before it writes the data, so the
 * write and the consumer's read are unordered: a data race.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 1
// CHECK: data race
#include <pthread.h>
#include <semaphore.h>

static sem_t full;
static int data;
int seen; /* external, so main's read stays */

static void *producer(void *arg)
{
	(void)arg;
	sem_post(&full);
	data = 42; /* error: written after the post */
	return NULL;
}

int main(void)
{
	pthread_t t;

	sem_init(&full, 0, 0);
	pthread_create(&t, NULL, producer, NULL);
	sem_wait(&full);
	seen = data;
	pthread_join(t, NULL);
	return 0;
}
