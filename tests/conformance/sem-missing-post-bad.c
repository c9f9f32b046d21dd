/*
 * sem_wait: two consumers each wait for an item but the producer posts
 * only once, so one consumer waits forever.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>
#include <semaphore.h>

static sem_t items;

static void *consumer(void *arg)
{
	(void)arg;
	sem_wait(&items);
	return NULL;
}

int main(void)
{
	pthread_t c1, c2;

	sem_init(&items, 0, 0);
	pthread_create(&c1, NULL, consumer, NULL);
	pthread_create(&c2, NULL, consumer, NULL);
	sem_post(&items); /* error: one post for two waiters */
	pthread_join(c1, NULL);
	pthread_join(c2, NULL);
	return 0;
}
