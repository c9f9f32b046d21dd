/*
 * pthread_rwlock_wrlock: a writer excludes readers; one thread takes the
 * write lock and waits at a barrier for a reader that cannot get in.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t both_in;
static int value = 42;

static void *reader(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	pthread_barrier_wait(&both_in);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	pthread_rwlock_wrlock(&rw); /* error: excludes the reader */
	value++;
	pthread_barrier_wait(&both_in);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_barrier_init(&both_in, NULL, 2);
	pthread_create(&t1, NULL, reader, NULL);
	pthread_create(&t2, NULL, writer, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
