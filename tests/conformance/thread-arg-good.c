/*
 * pthread_create's argument: each thread gets a pointer to its own slot,
 * so every id is seen exactly once.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int mask;

static void *worker(void *arg)
{
	int id = *(int *)arg;

	pthread_mutex_lock(&m);
	mask |= 1 << id;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	int ids[2];

	for (int i = 0; i < 2; i++) {
		ids[i] = i;
		pthread_create(&t[i], NULL, worker, &ids[i]);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert(mask == 3);
	return 0;
}
