/*
 * PTHREAD_MUTEX_RECURSIVE: add() takes the lock and calls add_one(), which
 * takes it again, but the mutex is a default one: the thread deadlocks on
 * itself.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void add_one(void)
{
	pthread_mutex_lock(&m); /* error: relock of a default mutex */
	count++;
	pthread_mutex_unlock(&m);
}

static void *add(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	add_one();
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, add, NULL);
	pthread_create(&t2, NULL, add, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(count == 2);
	return 0;
}
