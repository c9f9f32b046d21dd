/*
 * pthread_rwlock: a thread holding the read lock asks for the write lock
 * (an "upgrade"), which waits for all readers, itself included.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int value;

static void *worker(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	if (value == 0) {
		pthread_rwlock_wrlock(&rw); /* error: upgrade while reading */
		value = 1;
	}
	pthread_rwlock_unlock(&rw);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return 0;
}
