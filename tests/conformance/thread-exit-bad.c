/*
 * pthread_exit: a worker leaves from a nested call while still holding the
 * lock, so main blocks on it forever when the worker locked first.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <assert.h>
#include <pthread.h>
#include <stdint.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void give_up(void)
{
	pthread_exit((void *)(intptr_t)42); /* error: m is still locked */
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
