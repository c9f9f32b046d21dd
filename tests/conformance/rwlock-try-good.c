/*
 * pthread_rwlock_trywrlock/tryrdlock: EBUSY while the other side holds the
 * lock; each thread retries until it gets the lock before touching data.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int lo, hi;

static void *writer(void *arg)
{
	(void)arg;
	while (pthread_rwlock_trywrlock(&rw) == EBUSY)
		sched_yield();
	lo++;
	hi++;
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	while (pthread_rwlock_tryrdlock(&rw) == EBUSY)
		sched_yield();
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
