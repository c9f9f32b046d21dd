/*
 * C11 atomic_compare_exchange_weak: a CAS loop keeps a running maximum; a
 * failed CAS reloads the current value and retries, so no value is lost.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_int max;

static void *offer(void *arg)
{
	int v = *(int *)arg;
	int cur = atomic_load(&max);

	while (cur < v && !atomic_compare_exchange_weak(&max, &cur, v))
		;
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
