/*
 * Defect 44 (sched): a run the parent saw end outside the runtime (here
 * _exit) was reported under the random walk's seed for its index, not the
 * portfolio's: "schedule 3 (seed 0x3, random)" for the third schedule,
 * which is PCT's, and its printed replay ran another schedule and found
 * nothing. It also said "shrunk from 0 preemptions to 0". Now the report
 * names the strategy and seed that ran, and its replay line repeats it.
 */
// RUN: racelab scan --tool sched --runs 10 --seed 1 %s
// EXIT: 8
// CHECK: outside the runtime
// CHECK: schedule 3 (seed 0x3, pct)
// CHECK: --seed 0x3 --strategy pct --depth 3
// CHECK-NOT: shrunk
// RUN: racelab scan --tool sched --runs 1 %s --seed 0x3 --strategy pct --depth 3 --pct-k 4
// EXIT: 8
// CHECK: outside the runtime
// CHECK-NOT: nothing found
#include <pthread.h>
#include <unistd.h>

static int last; /* which worker wrote last (a race, on purpose) */

static void *worker(void *arg)
{
	last = (int)(long)arg;
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	if (last == 1)
		_exit(0); /* the runtime does not see this run end */
	return 0;
}
