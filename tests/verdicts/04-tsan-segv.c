/*
 * Defect 4: ThreadSanitizer's "ERROR: ThreadSanitizer: SEGV" report (a NULL
 * store in a thread) is a finding with its location, never "nothing found".
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 1
// CHECK: SEGV on unknown address
// CHECK: 04-tsan-segv.c:17
// CHECK-NOT: nothing found
#include <pthread.h>

static int *volatile slot; /* never set: NULL */

static void *worker(void *arg)
{
	*slot = 42;
	return arg;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return 0;
}
