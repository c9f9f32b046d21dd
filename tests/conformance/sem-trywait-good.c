/*
 * sem_trywait: fails with EAGAIN while the count is 0; the consumer
 * retries until it gets the item before reading the data.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>

static sem_t full;
static int data;

static void *producer(void *arg)
{
	(void)arg;
	data = 42;
	sem_post(&full);
	return NULL;
}

int main(void)
{
	pthread_t t;

	sem_init(&full, 0, 0);
	pthread_create(&t, NULL, producer, NULL);
	while (sem_trywait(&full) == -1) {
		assert(errno == EAGAIN);
		sched_yield();
	}
	assert(data == 42);
	pthread_join(t, NULL);
	return 0;
}
