/*
 * Defect 9: scan --strategy pct finds a failure whose printed replay said
 * "nothing found": PCT's seeds mean something only with the k learned by
 * the runs before, and the replay line left it out. The replay line is
 * the shrunk schedule string now (no k needed); the seed form with
 * --depth and --pct-k still fails the same way.
 */
// clang-format off
// RUN: racelab scan --tool sched --strategy pct --depth 2 --runs 300 --seed 1 %s
// EXIT: 1
// CHECK: failing schedule: invariant
// CHECK: schedule 5 (seed 0x5, pct): 0x2.3x2.2x3.1x3.0x2
// CHECK: --schedule 0x2.3x2.2x3.1x3.0x2
// RUN: racelab scan --tool sched --runs 1 %s --seed 0x5 --strategy pct --depth 2 --pct-k 11
// EXIT: 1
// CHECK: failing schedule: invariant
// CHECK: count == 3
// clang-format on
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
	pthread_t t[3];

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	assert(count == 3);
	return 0;
}
