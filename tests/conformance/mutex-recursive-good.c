/*
 * PTHREAD_MUTEX_RECURSIVE: add() takes the lock and calls add_one(), which
 * takes it again; a recursive mutex counts the two holds.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m;
static int count;

static void add_one(void)
{
	pthread_mutex_lock(&m);
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
	pthread_mutexattr_t at;
	pthread_t t1, t2;

	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &at);
	pthread_create(&t1, NULL, add, NULL);
	pthread_create(&t2, NULL, add, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(count == 2);
	return 0;
}
