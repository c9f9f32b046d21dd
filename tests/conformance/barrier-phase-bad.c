/*
 * pthread_barrier_wait: a thread reads its neighbour's slot before the
 * barrier instead of after it, so the neighbour may not have written it.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: seen == 1
#include <assert.h>
#include <pthread.h>

static pthread_barrier_t bar;
static int slot[3];

static void *worker(void *arg)
{
	int id = *(int *)arg;

	slot[id] = 1;
	int seen = slot[(id + 1) % 3]; /* error: read before the barrier */
	pthread_barrier_wait(&bar);
	assert(seen == 1);
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	int ids[3] = {0, 1, 2};

	pthread_barrier_init(&bar, NULL, 3);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, &ids[i]);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&bar);
	return 0;
}
