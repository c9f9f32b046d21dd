/*
 * PTHREAD_MUTEX_ERRORCHECK: a relock by the owner returns EDEADLK and an
 * unlock by another thread returns EPERM; the program expects both.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t m;

static void *intruder(void *arg)
{
	int rc;

	(void)arg;
	rc = pthread_mutex_unlock(&m);
	assert(rc == EPERM);
	return NULL;
}

int main(void)
{
	pthread_mutexattr_t at;
	pthread_t t;
	int rc;

	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &at);
	pthread_mutex_lock(&m);
	rc = pthread_mutex_lock(&m);
	assert(rc == EDEADLK);
	pthread_create(&t, NULL, intruder, NULL);
	pthread_join(t, NULL);
	rc = pthread_mutex_unlock(&m);
	assert(rc == 0);
	rc = pthread_mutex_unlock(&m);
	assert(rc == EPERM);
	return 0;
}
