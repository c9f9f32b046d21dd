/*
 * Defect 1: with TMPDIR pointing nowhere racelab cannot run anything; that
 * is an error with the reason (exit 70), never "nothing found", and
 * `racelab check` passes no row it did not run.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// ENV: TMPDIR=/nonexistent
// EXIT: 70
// CHECK: TMPDIR=/nonexistent
// CHECK-NOT: nothing found
// RUN: racelab check counter --tool tsan
// ENV: TMPDIR=/nonexistent
// EXIT: 70
// CHECK: TMPDIR=/nonexistent
// CHECK-NOT: PASS
// RUN: racelab run counter --variant good --tool helgrind
// ENV: TMPDIR=/nonexistent
// EXIT: 70
// CHECK: TMPDIR=/nonexistent
// CHECK-NOT: PASS
#include <pthread.h>
#include <stdio.h>

static int counter;

static void *work(void *arg)
{
	(void)arg;
	counter++; /* error: unsynchronized */
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, work, NULL);
	counter++;
	pthread_join(t, NULL);
	printf("%d\n", counter);
	return 0;
}
