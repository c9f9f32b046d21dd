/*
 * pthread_once: one thread initialises the table with pthread_once but the
 * other reads it without calling pthread_once first, so it can see 0.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: table == 42
#include <assert.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int table;

static void init(void)
{
	table = 42;
}

static void *setup(void *arg)
{
	(void)arg;
	pthread_once(&once, init);
	return NULL;
}

static void *user(void *arg)
{
	(void)arg;
	assert(table == 42); /* error: no pthread_once before the read */
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, setup, NULL);
	pthread_create(&t2, NULL, user, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
