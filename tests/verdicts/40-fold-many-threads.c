/*
 * Defect 40: a 28-thread program gave a 1,170-character-wide trace, one
 * column per thread. Only the threads that take part in the failure get
 * columns (here main, which asserts, and T1 and T2, which lose an update);
 * the other 25 share one last column and are listed under the trace.
 */
// RUN: racelab scan --tool sched %s
// EXIT: 1
// CHECK: other threads
// CHECK: 25 threads not in the failure share the last column: T3 T4 T5
// CHECK: T27: exits
// CHECK: assert(hits == 2) failed
// CHECK-NOT: T3    
// CHECK-NOT: T27    
#include <assert.h>
#include <pthread.h>

#define NTHREADS 27

volatile int hits; /* volatile: the read and the write are separate */

static void *hit(void *arg)
{
	hits = hits + 1; /* error: not atomic, no lock */
	return arg;
}

static void *idle(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t t[NTHREADS];

	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, i < 2 ? hit : idle, NULL);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	assert(hits == 2);
	return 0;
}
