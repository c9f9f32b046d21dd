/*
 * PTHREAD_MUTEX_ERRORCHECK: a helper relocks a mutex its caller already
 * holds and trusts the call; an errorcheck mutex says EDEADLK.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: rc == 0
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m;
static int count;

static void bump(void)
{
	int rc = pthread_mutex_lock(&m); /* error: the caller holds m */

	assert(rc == 0);
	count++;
	pthread_mutex_unlock(&m);
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	bump();
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_mutexattr_t at;
	pthread_t t;

	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &at);
	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return count == 1 ? 0 : 1;
}
