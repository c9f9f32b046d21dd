/*
 * pthread_rwlock_trywrlock: the writer goes ahead even when trywrlock says
 * EBUSY (a reader holds the lock), and the reader sees a half-update.
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
	int rc;

	(void)arg;
	rc = pthread_rwlock_trywrlock(&rw);
	lo++; /* error: runs even when rc is EBUSY */
	hi++;
	if (rc == 0)
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
	pthread_t w, r;

	pthread_create(&w, NULL, writer, NULL);
	pthread_create(&r, NULL, reader, NULL);
	pthread_join(w, NULL);
	pthread_join(r, NULL);
	return 0;
}
