/*
 * Two threads increment a counter with no lock: a schedule that interleaves
 * the two read-modify-writes loses an update and the assert fails.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: count == 2
#include <assert.h>
#include <pthread.h>

static int count;

static void *worker(void *arg)
{
	(void)arg;
	count++; /* error: unlocked read-modify-write */
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, worker, NULL);
	pthread_create(&b, NULL, worker, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	assert(count == 2);
	return 0;
}
