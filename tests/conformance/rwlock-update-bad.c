/*
 * pthread_rwlock_rdlock: a writer updates two fields under the read lock,
 * which does not exclude readers, so a reader sees them half-updated.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: lo == hi
#include <assert.h>
#include <pthread.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int lo, hi;

static void *writer(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw); /* error: a read lock for a write */
	lo++;
	hi++;
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	assert(lo == hi);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

int main(void)
{
	pthread_t w, r1, r2;

	pthread_create(&w, NULL, writer, NULL);
	pthread_create(&r1, NULL, reader, NULL);
	pthread_create(&r2, NULL, reader, NULL);
	pthread_join(w, NULL);
	pthread_join(r1, NULL);
	pthread_join(r2, NULL);
	return 0;
}
