/*
 * TSan, one-time initialisation: a hand-made "if (!done)" flag instead of
 * pthread_once; both threads read and write it unordered: a data race.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 1
// CHECK: data race
#include <pthread.h>

static int done, table;

static void *user(void *arg)
{
	(void)arg;
	if (!done) { /* error: check-then-act, not pthread_once */
		table = 42;
		done = 1;
	}
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, user, NULL);
	pthread_create(&t2, NULL, user, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
