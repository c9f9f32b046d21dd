/*
 * Defect 18 (guard): the runtime's channel is not the program's. The fd is
 * taken before main, close-on-exec, and its name removed from the
 * environment, so the program (and anything it runs) does not see it; a
 * correct program that looks for it stays clean.
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 0
// CHECK: no failing schedule in 20
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	count++;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	assert(getenv("RACELAB_SCHED_FD") == NULL);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert(count == 2);
	return 0;
}
