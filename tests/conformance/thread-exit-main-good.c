/*
 * pthread_exit from main: main leaves and the process lives on until the
 * last thread ends, so the worker still finishes its work.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_detach(t);
	pthread_exit(NULL);
}
