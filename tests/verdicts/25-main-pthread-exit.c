/*
 * Defect 25: main leaves by pthread_exit while its threads go on; the
 * process ends when the last of them does, with status 0. A correct program:
 * never "uncontrolled blocking".
 */
// RUN: racelab scan --tool sched --runs 50 %s
// EXIT: 0
// CHECK: nothing found
// CHECK-NOT: BLOCKING
// CHECK-NOT: ??:0
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	if (++count == 2)
		printf("both workers ran\n");
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	pthread_exit(NULL);
}
