/*
 * PTHREAD_MUTEX_RECURSIVE: a thread locks twice but unlocks once, so it
 * still holds the mutex when it ends and the other thread waits forever.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>

static pthread_mutex_t m;
static int count;

static void *add(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m); /* error: one unlock for two locks */
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
	return count == 2 ? 0 : 1;
}
