/*
 * Defect 27: pthread_cancel is not modelled. The run must say so, with the
 * call's place - "unsupported: pthread_cancel at FILE:LINE" - and judge
 * nothing: never a deadlock, never "blocking", never clean.
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 8
// CHECK: COULD NOT JUDGE
// CHECK: unsupported: pthread_cancel at
// CHECK: 27-cancel-unsupported.c:35
// CHECK-NOT: findings
// CHECK-NOT: failing schedule
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stop;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	while (!stop)
		pthread_cond_wait(&cv, &m);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	/* the worker waits for a signal that never comes: cancel it */
	pthread_cancel(t);
	pthread_join(t, NULL);
	return 0;
}
