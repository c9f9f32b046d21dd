/*
 * pthread_cond_signal after the unlock (allowed by POSIX): the flag is
 * set under the mutex, so the waiter's while loop still sees it.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	while (!ready)
		pthread_cond_wait(&cv, &m);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, waiter, NULL);
	pthread_create(&t2, NULL, waiter, NULL);
	pthread_mutex_lock(&m);
	ready = 1;
	pthread_mutex_unlock(&m);
	pthread_cond_broadcast(&cv);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
