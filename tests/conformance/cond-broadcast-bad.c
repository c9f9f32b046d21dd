/*
 * pthread_cond_broadcast: three threads wait for a start flag but main
 * wakes only one with pthread_cond_signal; the others sleep forever.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
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
	pthread_cond_signal(&cv); /* error: wakes one of the waiters */
	pthread_mutex_unlock(&m);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	assert(started == 3);
	return 0;
}
