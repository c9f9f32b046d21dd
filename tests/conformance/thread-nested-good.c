/*
 * Threads that create and join threads: a tree of 1 + 2 + 4 threads sums
 * its leaves through join return values.
 */
// RUN: racelab scan --tool sched --runs 200 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <stdint.h>

static void *node(void *arg)
{
	intptr_t depth = (intptr_t)arg;
	pthread_t l, r;
	void *a, *b;

	if (depth == 0)
		return (void *)(intptr_t)1;
	pthread_create(&l, NULL, node, (void *)(depth - 1));
	pthread_create(&r, NULL, node, (void *)(depth - 1));
	pthread_join(l, &a);
	pthread_join(r, &b);
	return (void *)((intptr_t)a + (intptr_t)b);
}

int main(void)
{
	void *sum = node((void *)(intptr_t)2);

	assert((intptr_t)sum == 4);
	return 0;
}
