/*
 * pthread_once: two threads need the table; pthread_once runs its
 * initializer exactly once and both see it finished.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int inits, table;

static void init(void)
{
	inits++;
	table = 42;
}

static void *user(void *arg)
{
	(void)arg;
	pthread_once(&once, init);
	assert(table == 42);
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
