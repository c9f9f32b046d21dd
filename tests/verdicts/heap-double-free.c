/*
 * Heap checks (a defect outside the numbered list): a second free() of a
 * block is a finding that names both free sites. The quarantine that keeps
 * freed blocks allocated (to catch a later access) also kept glibc from
 * aborting as it does natively ("free(): double free detected"), and the
 * second free was silently ignored: "nothing found".
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 1
// CHECK: CRASH: double free
// CHECK: freed first by T1 at verdicts/heap-double-free.c:21
// CHECK: freed again by main at verdicts/heap-double-free.c:33
#include <pthread.h>
#include <stdlib.h>

static void *worker(void *arg)
{
	int *p = arg;

	*p = 1;
	free(p); /* the worker owns the block... */
	return NULL;
}

int main(void)
{
	pthread_t t;
	int *p = malloc(sizeof(*p));

	*p = 0;
	pthread_create(&t, NULL, worker, p);
	pthread_join(t, NULL);
	free(p); /* error: ...and main frees it again */
	return 0;
}
