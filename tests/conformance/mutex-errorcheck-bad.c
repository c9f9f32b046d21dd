/*
 * PTHREAD_MUTEX_ERRORCHECK: a worker "hands back" a lock that main took;
 * it is not the owner, so the unlock fails with EPERM.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: rc == 0
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m;

static void *worker(void *arg)
{
	int rc;

	(void)arg;
	rc = pthread_mutex_unlock(&m); /* error: main owns m */
	assert(rc == 0);
	return NULL;
}

int main(void)
{
	pthread_mutexattr_t at;
	pthread_t t;

	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &at);
	pthread_mutex_lock(&m);
	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return 0;
}
