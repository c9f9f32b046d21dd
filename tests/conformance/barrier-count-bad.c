/*
 * pthread_barrier_init: the barrier waits for three threads but only two
 * ever arrive, so both wait forever.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>

static pthread_barrier_t bar;

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&bar);
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	pthread_barrier_init(&bar, NULL, 3); /* error: two threads use it */
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}
