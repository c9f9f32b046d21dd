/*
 * C11 atomics: a running maximum updated by load, compare, then store: a
 * smaller value stored after a larger one overwrites it.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: atomic_load(&max) == 9
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_int max;

static void *offer(void *arg)
{
	int v = *(int *)arg;

	if (atomic_load(&max) < v)
		atomic_store(&max, v); /* error: max may have grown */
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	int vals[3] = {5, 9, 7};

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, offer, &vals[i]);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	assert(atomic_load(&max) == 9);
	return 0;
}
