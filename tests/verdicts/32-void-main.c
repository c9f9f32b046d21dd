/*
 * Defect 32: with `void main()` the exit status is whatever the last call
 * left behind (here printf's count, 61): racelab called schedule 1 a
 * "crash" ("is it a sched build?") and never reached the real assertion
 * failure. The compiler says main is void; its return is then no status,
 * and exploring goes on to the lost update.
 */
// RUN: racelab scan --tool sched --runs 500 --seed 1 %s
// EXIT: 1
// CHECK: failing schedule: invariant
// CHECK: assert(hits == 3) failed
// CHECK-NOT: crash
// CHECK-NOT: exited with status
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static int hits;

static void *worker(void *arg)
{
	(void)arg;
	hits = hits + 1; /* error: unlocked read-modify-write */
	return NULL;
}

void main(void)
{
	pthread_t t[3];

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	assert(hits == 3);
	printf("three workers ran, each added one to hits: no update lost\n");
}
