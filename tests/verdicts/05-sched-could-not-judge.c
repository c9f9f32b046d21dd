/*
 * Defect 5 (sched): a run that ended outside the runtime's view (here
 * _exit, which skips exit() and so the runtime's end of run) said "nothing
 * found" and exited 1. The text and the exit code agree now: could not
 * judge, with the reason, exit 8; neither a finding nor clean.
 */
// RUN: racelab scan --tool sched --runs 10 %s
// EXIT: 8
// CHECK: could not judge
// CHECK: outside the runtime
// CHECK-NOT: nothing found
// CHECK-NOT: failing schedule
#include <pthread.h>
#include <unistd.h>

static void *worker(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	_exit(0);
}
