/*
 * pthread_mutex_timedlock: the lock times out while its holder waits for
 * this thread, and the counter is updated anyway, under main's lock.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: count == before
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static sem_t go;
static int count;

static void *worker(void *arg)
{
	struct timespec ts;
	int rc;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec = 0;
	ts.tv_sec += 1;
	rc = pthread_mutex_timedlock(&m, &ts);
	count++; /* error: runs after ETIMEDOUT too */
	if (rc == 0)
		pthread_mutex_unlock(&m);
	sem_post(&go);
	return NULL;
}

int main(void)
{
	pthread_t t;

	sem_init(&go, 0, 0);
	pthread_create(&t, NULL, worker, NULL);
	pthread_mutex_lock(&m);
	int before = count;
	sem_wait(&go); /* holds m until the worker is done with it */
	assert(count == before);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	return 0;
}
