/*
 * sem_getvalue: consumers look at the count and then take an item; both
 * can see 1 before either takes it (check-then-act), so one blocks forever.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>
#include <semaphore.h>

static sem_t items;

static void *consumer(void *arg)
{
	int v;

	(void)arg;
	sem_getvalue(&items, &v);
	if (v > 0)
		sem_wait(&items); /* error: the count may have changed */
	return NULL;
}

int main(void)
{
	pthread_t c1, c2;

	sem_init(&items, 0, 0);
	sem_post(&items);
	pthread_create(&c1, NULL, consumer, NULL);
	pthread_create(&c2, NULL, consumer, NULL);
	pthread_join(c1, NULL);
	pthread_join(c2, NULL);
	return 0;
}
