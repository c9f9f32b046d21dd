/*
 * C11 atomic_fetch_add: two threads increment an atomic counter twice each;
 * each increment is one indivisible step, so none is lost.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_int count;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++)
		atomic_fetch_add(&count, 1);
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
