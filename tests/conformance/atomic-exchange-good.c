/*
 * C11 atomic_exchange and 8-/64-bit atomics: a lock taken by exchange, a
 * 64-bit counter with fetch_add and a bool flag; nothing is lost.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

static atomic_bool locked;
static _Atomic uint64_t big;
static _Atomic uint8_t small;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	while (atomic_exchange(&locked, true))
		sched_yield();
	count++;
	atomic_store(&locked, false);
	atomic_fetch_add(&big, 1ull << 40);
	atomic_fetch_or(&small, 1);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(count == 2 && atomic_load(&big) == 2ull << 40);
	assert(atomic_load(&small) == 1);
	return 0;
}
