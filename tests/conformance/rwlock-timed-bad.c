/*
 * pthread_rwlock_timedwrlock: the write lock times out while main holds a
 * read lock, and the writer updates the value anyway, under main's reads.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: value == before
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static sem_t done;
static int value;

static void *writer(void *arg)
{
	struct timespec ts;
	int rc;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	rc = pthread_rwlock_timedwrlock(&rw, &ts);
	value++; /* error: runs after ETIMEDOUT too */
	if (rc == 0)
		pthread_rwlock_unlock(&rw);
	sem_post(&done);
	return NULL;
}

int main(void)
{
	pthread_t w;

	sem_init(&done, 0, 0);
	pthread_create(&w, NULL, writer, NULL);
	pthread_rwlock_rdlock(&rw);
	int before = value;
	sem_wait(&done); /* reads while the writer tries */
	assert(value == before);
	pthread_rwlock_unlock(&rw);
	pthread_join(w, NULL);
	return 0;
}
