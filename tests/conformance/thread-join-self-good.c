/*
 * pthread_join on itself returns EDEADLK; joining a finished thread works.
 */
// RUN: racelab scan --tool sched --runs 100 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>

static void *worker(void *arg)
{
	int rc = pthread_join(pthread_self(), NULL);

	(void)arg;
	assert(rc == EDEADLK);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int rc;

	pthread_create(&t, NULL, worker, NULL);
	rc = pthread_join(t, NULL);
	assert(rc == 0);
	return 0;
}
