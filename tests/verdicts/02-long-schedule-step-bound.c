/*
 * Defect 2 (the same rule for length): a correct program whose one schedule
 * takes more than the runtime's step bound (8 threads x 40,000 locked
 * increments, about 1.3 million schedule points) was reported as a
 * failing schedule ("step-bound", a livelock). Too long to follow is not
 * shown to fail: racelab could not judge it, and says why (exit 8).
 */
// RUN: racelab scan --tool sched --runs 1 --timeout 60 %s
// EXIT: 8
// CHECK: could not judge
// CHECK: schedule points
// CHECK-NOT: failing schedule
// TIMEOUT: 90
#include <assert.h>
#include <pthread.h>

#define THREADS 8
#define ITERS 40000

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
