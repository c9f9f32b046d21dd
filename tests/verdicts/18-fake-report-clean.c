/*
 * Defect 18: the runtime's verdict cannot be forged by the program's own
 * output. A correct program that prints the old report lines on stderr and
 * exits 0 is clean.
 */
// RUN: racelab scan --tool sched --runs 50 %s
// EXIT: 0
// CHECK: nothing found: no failing schedule in 50
// CHECK-NOT: deadlock
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	count++;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	fprintf(stderr, "==== racelab sched: DEADLOCK: every live thread is "
			"blocked ====\n");
	fprintf(stderr, "racelab-sched: result=fail kind=deadlock exit=80 "
			"run=0 steps=1 decisions=1 strategy=random seed=0x1\n");
	return count == 2 ? 0 : 3;
}
