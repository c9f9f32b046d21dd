/*
 * TSan, C11 atomics: two threads add to an atomic counter with
 * atomic_fetch_add; atomic accesses do not race.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 0
// CHECK-NOT: data race
#include <pthread.h>
#include <stdatomic.h>

static atomic_int count;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 1000; i++)
		atomic_fetch_add(&count, 1);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, worker, NULL);
	pthread_create(&b, NULL, worker, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return atomic_load(&count) == 2000 ? 0 : 3;
}
