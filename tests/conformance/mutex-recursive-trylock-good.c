/*
 * PTHREAD_MUTEX_RECURSIVE with trylock: the owner's trylock succeeds and
 * counts; another thread's trylock gets EBUSY until both holds are released.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>

static pthread_mutex_t m;
static int count;

static void *worker(void *arg)
{
	int rc;

	(void)arg;
	while ((rc = pthread_mutex_trylock(&m)) == EBUSY)
		sched_yield();
	assert(rc == 0);
	rc = pthread_mutex_trylock(&m);
	assert(rc == 0);
	count++;
	pthread_mutex_unlock(&m);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_mutexattr_t at;
	pthread_t t1, t2;

	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &at);
	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(count == 2);
	return 0;
}
