/*
 * usleep/nanosleep: sleeping threads are not synchronisation; main still
 * joins the worker before it reads the result, so the sleeps are harmless.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static int result;

static void *worker(void *arg)
{
	struct timespec ts = {0, 1000000};

	(void)arg;
	nanosleep(&ts, NULL);
	result = 42;
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	usleep(10000);
	pthread_join(t, NULL);
	assert(result == 42);
	return 0;
}
