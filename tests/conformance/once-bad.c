/*
 * One-time initialisation: a hand-made "if (!done)" flag instead of
 * pthread_once lets both threads run the initializer.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: inits == 1
#include <assert.h>
#include <pthread.h>

static int done, inits, table;

static void init(void)
{
	inits++;
	table = 42;
}

static void *user(void *arg)
{
	(void)arg;
	if (!done) { /* error: check-then-act, not pthread_once */
		init();
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
	assert(inits == 1);
	return 0;
}
