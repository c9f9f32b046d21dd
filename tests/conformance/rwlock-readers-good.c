/*
 * pthread_rwlock_rdlock: readers share the lock; two readers each hold it
 * while they meet at a barrier, which only works if both can hold it.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t both_in;
static int value = 42;

static void *reader(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	pthread_barrier_wait(&both_in);
	assert(value == 42);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_barrier_init(&both_in, NULL, 2);
	pthread_create(&t1, NULL, reader, NULL);
	pthread_create(&t2, NULL, reader, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
