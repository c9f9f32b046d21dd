/*
 * pthread_mutex_clocklock and pthread_cond_clockwait (CLOCK_MONOTONIC):
 * the waiter re-checks its flag after every return, and a clocklock that
 * times out leaves the counter alone.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, count;

static void *waiter(void *arg)
{
	struct timespec ts;
	int rc = 0;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += 1;
	if (pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &ts) != 0)
		return NULL;
	while (!ready && rc != ETIMEDOUT)
		rc = pthread_cond_clockwait(&cv, &m, CLOCK_MONOTONIC, &ts);
	if (ready)
		count++;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, waiter, NULL);
	pthread_mutex_lock(&m);
	ready = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	assert(count <= 1);
	return 0;
}
