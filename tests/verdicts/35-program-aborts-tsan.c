/*
 * Defect 35: under tsan, a program that aborts or hangs is said to have
 * done so, in its own words ("the program aborted: Assertion ... at
 * FILE:LINE"), with its own exit code; a hang with no CPU used is a hang,
 * not a hint to raise --timeout.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 5
// CHECK: the program aborted: Assertion `count == 1' failed at
// CHECK: 35-program-aborts-tsan.c:
// CHECK-NOT: nothing found
// RUN: racelab scan --tool tsan --timeout 3 -- %b hang
// EXIT: 6
// CHECK: the program hung (no progress for
// CHECK-NOT: nothing found
// CHECK-NOT: raise the bound
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int count;

static void *work(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[2];

	if (argc > 1) { /* hang: nobody will ever signal */
		pthread_mutex_lock(&m);
		pthread_cond_wait(&cv, &m);
		return 0;
	}
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, work, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert(count == 1); /* error: two threads counted */
	return 0;
}
