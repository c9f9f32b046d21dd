/*
 * Defect 18: a program that exits 1 got "nothing found" with the hint "is
 * it a sched build?". The runtime reports how the run ended: the program
 * exited with status 1, a failing schedule with its trace and replay.
 */
// RUN: racelab scan --tool sched %s
// EXIT: 1
// CHECK: failing schedule: exit
// CHECK: the program exited with status 1
// CHECK: replay: racelab scan --tool sched --runs 1
// CHECK-NOT: sched build
// CHECK-NOT: nothing found
#include <pthread.h>

static void *worker(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return 1;
}
