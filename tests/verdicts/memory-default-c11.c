/*
 * The C11 weak-memory model is sched's default. Store buffering with
 * relaxed atomics is found (exit 1) and its stale read named; the replay
 * line repeats the failure by its schedule string and names no memory
 * mode (c11 is the default); under --memory sc the same program is clean.
 * A bad value, or the option with a tool other than sched, is a usage
 * error (exit 2).
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 1
// CHECK: , not the latest store 1 by T
// CHECK: replay: racelab scan --tool sched --runs 1
// CHECK-NOT: --memory
// RUN: racelab scan --tool sched --memory c11 --runs 500 %s
// EXIT: 1
// CHECK: , not the latest store 1 by T
// RUN: racelab scan --tool sched --memory sc --runs 500 %s
// EXIT: 0
// RUN: racelab scan --tool sched --memory tso %s
// EXIT: 2
// CHECK: --memory 'tso': use sc
// RUN: racelab run memorder --tool native --memory sc
// EXIT: 2
// CHECK: --memory applies to --tool sched only
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_int x, y;
static int r1, r2;

static void *left(void *arg)
{
	(void)arg;
	atomic_store_explicit(&x, 1, memory_order_relaxed);
	r1 = atomic_load_explicit(&y, memory_order_relaxed);
	return NULL;
}

static void *right(void *arg)
{
	(void)arg;
	atomic_store_explicit(&y, 1, memory_order_relaxed);
	r2 = atomic_load_explicit(&x, memory_order_relaxed);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, left, NULL);
	pthread_create(&b, NULL, right, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	assert(r1 == 1 || r2 == 1); /* (0,0): both loads read an old store */
	return 0;
}
