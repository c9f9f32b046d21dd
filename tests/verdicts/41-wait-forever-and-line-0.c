/*
 * Defect 41: no location is printed as line 0, and a wait that can never
 * end is not called a lost wakeup unless a signal really found nobody
 * waiting (OSTEP's main-signal.c and main-signal-cv.c, shortened).
 *
 * Default: the worker sets done under the lock but never signals; main
 * waits on c for ever. No signal was lost: nobody is left to send one.
 * SPIN=1: main spins on done; clang -O1 hoists the load out of the loop
 * (line 0 in the line table) and the loop never ends. With no schedule
 * point the runtime cannot tell that loop from a long computation, so
 * racelab says it could not judge (exit 8), naming where main was.
 */
// RUN: racelab scan --tool sched %s
// EXIT: 1
// CHECK: DEADLOCK: main waits forever on condvar c: no thread left that
// CHECK: waits forever: no thread left that could signal it
// CHECK-NOT: lost wakeup
// RUN: racelab scan --tool sched %s
// ENV: SPIN=1
// EXIT: 8
// CHECK: last schedule point: verdicts/41-wait-forever-and-line-0.c (line
// CHECK-NOT: .c:0
// CHECK-NOT: .h:0
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int done = 0;

static void Pthread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{
	int rc = pthread_create(t, NULL, fn, arg);

	assert(rc == 0);
}

static void *worker(void *arg)
{
	pthread_mutex_lock(&m);
	done = 1; /* error: no pthread_cond_signal(&c) */
	pthread_mutex_unlock(&m);
	return arg;
}

int main(void)
{
	pthread_t p;

	Pthread_create(&p, worker, NULL);
	if (getenv("SPIN") != NULL) {
		while (done == 0) /* error: spins, and never sees the store */
			;
	} else {
		pthread_mutex_lock(&m);
		while (done == 0)
			pthread_cond_wait(&c, &m);
		pthread_mutex_unlock(&m);
	}
	printf("done\n");
	return 0;
}
