/*
 * C11 atomics: an increment written as atomic_load then atomic_store is
 * two steps; another thread's increment between them is lost.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: atomic_load(&count) == 4
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_int count;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		int v = atomic_load(&count);
		atomic_store(&count, v + 1); /* error: a separate step */
	}
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(atomic_load(&count) == 4);
	return 0;
}
