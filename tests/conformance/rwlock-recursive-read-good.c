/*
 * pthread_rwlock_rdlock taken twice by one reader while a writer waits:
 * glibc's default rwlock prefers readers, so the second read lock is
 * granted and the writer gets in afterwards.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int value;

static void *writer(void *arg)
{
	(void)arg;
	pthread_rwlock_wrlock(&rw);
	value++;
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *reader(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	int v = value;
	pthread_rwlock_rdlock(&rw);
	assert(value == v);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

int main(void)
{
	pthread_t w, r;

	pthread_create(&r, NULL, reader, NULL);
	pthread_create(&w, NULL, writer, NULL);
	pthread_join(w, NULL);
	pthread_join(r, NULL);
	assert(value == 1);
	return 0;
}
