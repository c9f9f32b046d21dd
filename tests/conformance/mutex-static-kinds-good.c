/*
 * Static initializers for the mutex kinds (glibc's _NP ones): a recursive
 * mutex relocked by its owner counts; an errorcheck one says EDEADLK.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t rec = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static pthread_mutex_t chk = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
static int count;

static void *worker(void *arg)
{
	int rc;

	(void)arg;
	pthread_mutex_lock(&rec);
	pthread_mutex_lock(&rec);
	count++;
	pthread_mutex_unlock(&rec);
	pthread_mutex_unlock(&rec);
	pthread_mutex_lock(&chk);
	rc = pthread_mutex_lock(&chk);
	assert(rc == EDEADLK);
	pthread_mutex_unlock(&chk);
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
