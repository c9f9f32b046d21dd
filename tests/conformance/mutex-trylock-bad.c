/*
 * pthread_mutex_trylock: the counter is updated even when trylock says
 * EBUSY, so two updates can interleave and one is lost.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: count == 2
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *worker(void *arg)
{
	int rc;

	(void)arg;
	rc = pthread_mutex_trylock(&m);
	count++; /* error: runs even when rc is EBUSY */
	if (rc == 0)
		pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(count == 2);
	return 0;
}
