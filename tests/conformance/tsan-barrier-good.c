/*
 * TSan, barriers: each thread writes its slot, waits at the barrier, then
 * reads its neighbour's: the barrier orders the accesses, no race.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 0
// CHECK-NOT: data race
#include <pthread.h>

static pthread_barrier_t bar;
static int slot[2], seen[2];

static void *worker(void *arg)
{
	int id = *(int *)arg;

	slot[id] = id + 1;
	pthread_barrier_wait(&bar);
	seen[id] = slot[1 - id];
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	int ids[2] = {0, 1};

	pthread_barrier_init(&bar, NULL, 2);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, &ids[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return seen[0] == 2 && seen[1] == 1 ? 0 : 3;
}
