/*
 * pthread_cond_broadcast: three threads wait for a start flag; one
 * broadcast wakes all of them.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int go, started;

static void *runner(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	while (!go)
		pthread_cond_wait(&cv, &m);
	started++;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t[3];

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, runner, NULL);
	pthread_mutex_lock(&m);
	go = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&m);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	assert(started == 3);
	return 0;
}
