/*
 * PTHREAD_MUTEX_ERRORCHECK with trylock: the owner's own trylock returns
 * EBUSY (only a blocking relock reports EDEADLK).
 */
// RUN: racelab scan --tool sched --runs 100 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t m;

int main(void)
{
	pthread_mutexattr_t at;
	int rc;

	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &at);
	pthread_mutex_lock(&m);
	rc = pthread_mutex_trylock(&m);
	assert(rc == EBUSY);
	pthread_mutex_unlock(&m);
	pthread_mutex_destroy(&m);
	return 0;
}
