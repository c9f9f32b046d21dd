/*
 * pthread_once: the initializer takes a mutex that the other thread holds
 * while it waits in pthread_once for that same initializer: a deadlock.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int table;

static void init(void)
{
	pthread_mutex_lock(&m); /* error: the other thread may hold m */
	table = 42;
	pthread_mutex_unlock(&m);
}

static void *a(void *arg)
{
	(void)arg;
	pthread_once(&once, init);
	return NULL;
}

static void *b(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_once(&once, init);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, a, NULL);
	pthread_create(&t2, NULL, b, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return table == 42 ? 0 : 1;
}
