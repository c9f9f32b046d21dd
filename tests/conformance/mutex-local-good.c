/*
 * A mutex and a condvar on a function's stack, initialised with the static
 * initializers, used in turn by two threads (the same address reused).
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <pthread.h>

static void *helper(void *arg)
{
	pthread_mutex_t *m = arg;

	pthread_mutex_lock(m);
	pthread_mutex_unlock(m);
	return NULL;
}

static void round_trip(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_t t;

	pthread_mutex_lock(&m);
	pthread_create(&t, NULL, helper, &m);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
}

int main(void)
{
	round_trip();
	round_trip();
	return 0;
}
