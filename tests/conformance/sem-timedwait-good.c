/*
 * sem_timedwait: the wait can fail with ETIMEDOUT while the producer
 * sleeps; the consumer reads the data only when the wait succeeded.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <unistd.h>

static sem_t full;
static int data;

static void *producer(void *arg)
{
	(void)arg;
	usleep(1000);
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
	if (sem_timedwait(&full, &ts) == 0)
		assert(data == 42);
	else
		assert(errno == ETIMEDOUT);
	pthread_join(t, NULL);
	return 0;
}
