/*
 * pthread_cond_clockwait: the waiter takes any return as "ready", but the
 * wait can end with ETIMEDOUT while main still sleeps.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: ready == 1
#include <assert.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;

static void *waiter(void *arg)
{
	struct timespec ts;
	clockid_t c = CLOCK_MONOTONIC;

	(void)arg;
	clock_gettime(c, &ts);
	ts.tv_sec += 1;
	pthread_mutex_lock(&m);
	if (!ready)
		pthread_cond_clockwait(&cv, &m, c, &ts); /* error: rc ignored */
	assert(ready == 1);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	struct timespec two = {2, 0};
	pthread_t t;

	pthread_create(&t, NULL, waiter, NULL);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &two, NULL);
	pthread_mutex_lock(&m);
	ready = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	return 0;
}
