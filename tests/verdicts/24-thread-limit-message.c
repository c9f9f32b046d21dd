/*
 * Defect 24 (second half): past the runtime's limit of threads alive at
 * once, the run is not judged, and racelab shows the runtime's own message
 * with the place of the call - never "nothing found" with no reason, never
 * a finding.
 */
// RUN: racelab scan --tool sched --runs 2 %s
// EXIT: 8
// CHECK: COULD NOT JUDGE
// CHECK: unsupported: more than 300 threads alive or unjoined at once at
// CHECK: 24-thread-limit-message.c:31
// CHECK-NOT: findings
// CHECK-NOT: failing schedule
#include <pthread.h>

static pthread_barrier_t gate;

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&gate);
	return NULL;
}

int main(void)
{
	static pthread_t t[320];

	pthread_barrier_init(&gate, NULL, 321);
	for (int i = 0; i < 320; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	pthread_barrier_wait(&gate);
	for (int i = 0; i < 320; i++)
		pthread_join(t[i], NULL);
	return 0;
}
