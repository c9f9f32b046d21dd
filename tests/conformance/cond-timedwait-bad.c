/*
 * pthread_cond_timedwait: the waiter takes any return as "data ready", but
 * the wait can end with ETIMEDOUT before main has published the data.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: data == 42
#include <assert.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, data;

static void *waiter(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	pthread_mutex_lock(&m);
	if (!ready)
		pthread_cond_timedwait(&cv, &m, &ts); /* error: rc ignored */
	assert(data == 42);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, waiter, NULL);
	sleep(2);
	pthread_mutex_lock(&m);
	data = 42;
	ready = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	return 0;
}
