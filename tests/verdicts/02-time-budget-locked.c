/*
 * Defect 2: a correct program whose schedules are slow (8 threads x 3,000
 * locked increments, ~0.1 s each) ran out of time and was reported as the
 * failing schedule "blocking". Running out of budget is not a failure: it
 * is "no failing schedule in N (stopped by the time budget)", exit 0.
 */
// RUN: racelab scan --tool sched --timeout 3 %s
// EXIT: 0
// CHECK: nothing found: no failing schedule in
// CHECK: (stopped by the time budget)
// CHECK-NOT: blocking
// CHECK-NOT: FAIL
// TIMEOUT: 40
// RUN: racelab explore counter --variant good --runs 100000000 --timeout 2
// EXIT: 0
// CHECK: none failing (stopped by the time budget)
// CHECK-NOT: blocking
// TIMEOUT: 40
#include <assert.h>
#include <pthread.h>

#define THREADS 8
#define ITERS	3000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long count;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&lock);
		count++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert(count == (long)THREADS * ITERS);
	return 0;
}
