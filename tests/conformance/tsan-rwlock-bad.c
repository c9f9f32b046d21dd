/*
 * TSan, rwlocks: a writer updates the value under the read lock, which
 * does not exclude the reader: a data race.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 1
// CHECK: data race
#include <pthread.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int value;

static void *writer(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw); /* error: a read lock for a write */
	value++;
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	int v = value;
	pthread_rwlock_unlock(&rw);
	return (void *)(long)v;
}

int main(void)
{
	pthread_t w, r;

	pthread_create(&w, NULL, writer, NULL);
	pthread_create(&r, NULL, reader, NULL);
	pthread_join(w, NULL);
	pthread_join(r, NULL);
	return 0;
}
