/*
 * Defect 18: a correct program that exits with status 80 was reported as a
 * deadlock: racelab read the runtime's verdict from the exit code (and
 * from "racelab-sched:" lines anyone can print). The runtime reports on
 * racelab's own fd now; what the program prints or returns is its own.
 */
// RUN: racelab scan --tool sched %s
// EXIT: 1
// CHECK: failing schedule: exit
// CHECK: the program exited with status 80
// CHECK-NOT: deadlock
#include <pthread.h>
#include <stdio.h>

static int ran;

static void *worker(void *arg)
{
	(void)arg;
	ran = 1;
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	/* lines that look like the runtime's old report */
	fprintf(stderr, "racelab-sched: result=fail kind=deadlock exit=80 "
			"run=0 steps=1 decisions=1 strategy=random seed=0x1\n");
	fprintf(stderr, "racelab-sched: schedule=0\n");
	return ran ? 80 : 0;
}
