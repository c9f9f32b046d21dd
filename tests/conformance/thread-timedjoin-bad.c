/*
 * pthread_timedjoin_np: main uses the result after a timed join that can
 * time out, because the worker sleeps longer than main waits.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: (intptr_t)ret == 42
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

static void *worker(void *arg)
{
	(void)arg;
	sleep(3);
	return (void *)(intptr_t)42;
}

int main(void)
{
	struct timespec ts;
	pthread_t t;
	void *ret = NULL;

	pthread_create(&t, NULL, worker, NULL);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	pthread_timedjoin_np(t, &ret, &ts); /* error: ETIMEDOUT ignored */
	assert((intptr_t)ret == 42);
	pthread_join(t, NULL);
	return 0;
}
