/*
 * Defect 38: a race in a thread still running when main returns. TSan
 * reports it only if it waits at exit (its default atexit_sleep_ms=1000);
 * with 0, racelab lost it in 10 of 10 runs while raw TSan had it 10 of 10.
 * The worker's write comes 50 ms after main's, well inside TSan's wait.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 1
// CHECK: data race
#include <pthread.h>
#include <unistd.h>

static int x;

static void *worker(void *arg)
{
	(void)arg;
	usleep(50 * 1000);
	x++; /* error: races with main's increment */
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	x++;
	return 0; /* the worker is never joined */
}
