/*
 * pthread_barrier_wait reused for two rounds: what each thread writes in
 * round 1 is seen by the other in round 2.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_barrier_t bar;
static int a[2], b[2];

static void *worker(void *arg)
{
	int id = *(int *)arg;

	a[id] = id + 1;
	pthread_barrier_wait(&bar);
	b[id] = a[1 - id] * 10;
	pthread_barrier_wait(&bar);
	assert(b[1 - id] == (id + 1) * 10);
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
	return 0;
}
