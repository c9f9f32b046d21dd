/*
 * pthread_mutex_timedlock: the lock can time out (ETIMEDOUT) while its
 * holder waits for this very thread; the counter is updated only on success.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
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
	assert(rc == 0 || rc == ETIMEDOUT);
	if (rc == 0) {
		count++;
		pthread_mutex_unlock(&m);
	}
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
