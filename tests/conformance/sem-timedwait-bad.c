/*
 * sem_timedwait: the consumer reads the data whatever the wait returned,
 * but the wait can fail with ETIMEDOUT while the producer still sleeps.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: data == 42
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <unistd.h>

static sem_t full;
static int data;

static void *producer(void *arg)
{
	(void)arg;
	sleep(2);
	data = 42;
	sem_post(&full);
	return NULL;
}

int main(void)
{
	struct timespec ts;
	pthread_t t;

	sem_init(&full, 0, 0);
	pthread_create(&t, NULL, producer, NULL);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	sem_timedwait(&full, &ts); /* error: ETIMEDOUT ignored */
	assert(data == 42);
	pthread_join(t, NULL);
	return 0;
}
