/*
 * pthread_exit: a worker leaves from a nested call with a value, after
 * releasing its lock; main gets the value through pthread_join.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <stdint.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void give_up(void)
{
	pthread_mutex_unlock(&m);
	pthread_exit((void *)(intptr_t)42);
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	count++;
	give_up();
	return NULL;
}

int main(void)
{
	pthread_t t;
	void *ret = NULL;

	pthread_create(&t, NULL, worker, NULL);
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	pthread_join(t, &ret);
	assert((intptr_t)ret == 42 && count == 2);
	return 0;
}
