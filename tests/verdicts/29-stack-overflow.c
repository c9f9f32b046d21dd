/*
 * Defect 29: a thread's unbounded recursion overflowed its stack and the
 * run died with no report and schedule "?". The runtime's handler runs on
 * its own stack and names the place: "stack overflow in T1 at FILE:LINE".
 */
// RUN: racelab scan --tool sched --runs 2 %s
// EXIT: 1
// CHECK: stack overflow in T1 at
// CHECK: 29-stack-overflow.c:
// CHECK-NOT: schedule 1 (seed 0x0, random): ?
#include <pthread.h>
#include <stdio.h>

static int depth(volatile int n)
{
	volatile char pad[256];

	pad[0] = (char)n;
	/* error: no base case */
	return depth(n + 1) + pad[0];
}

static void *worker(void *arg)
{
	(void)arg;
	printf("%d\n", depth(0));
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_attr_t a;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 256 * 1024);
	pthread_create(&t, &a, worker, NULL);
	pthread_join(t, NULL);
	return 0;
}
