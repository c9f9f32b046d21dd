/*
 * pthread_cleanup_pop(0): the unlock handler is popped without running
 * before the worker's pthread_exit, so the lock stays held and main blocks.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void unlock(void *arg)
{
	pthread_mutex_unlock(arg);
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_cleanup_push(unlock, &m);
	count++;
	pthread_cleanup_pop(0); /* error: 0 discards the unlock */
	pthread_exit(NULL);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	return count == 2 ? 0 : 1;
}
