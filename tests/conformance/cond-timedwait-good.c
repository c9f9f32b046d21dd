/*
 * pthread_cond_timedwait: the wait can end with ETIMEDOUT before the flag
 * is set (here while main sleeps); the waiter checks the flag, not the
 * wakeup, before using the data.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, data;

static void *waiter(void *arg)
{
	struct timespec ts;
	int rc = 0;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	pthread_mutex_lock(&m);
	while (!ready && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&cv, &m, &ts);
	if (ready)
		assert(data == 42);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, waiter, NULL);
	usleep(1000);
	pthread_mutex_lock(&m);
	data = 42;
	ready = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	return 0;
}
