/*
 * Defect 36: a program that hangs after a race. Helgrind writes the race
 * before the time-out kills it; the finding is kept (read from the XML as
 * far as it goes) and the note says the run timed out.
 */
// BUILD: plain
// RUN: racelab scan --tool helgrind --timeout 8 -- %b
// EXIT: 1
// CHECK: Race
// CHECK: 36-helgrind-hang.c:30
// CHECK: timed out
// CHECK-NOT: could not be read
// TIMEOUT: 60
#include <pthread.h>
#include <unistd.h>

static long counter;

static void *bump(void *arg)
{
	counter++;
	return arg;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, bump, NULL);
	counter++;
	pthread_join(t, NULL);
	for (;;)
		pause();
}
