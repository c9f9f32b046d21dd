/*
 * pthread_barrier_wait: PTHREAD_BARRIER_SERIAL_THREAD goes to exactly one
 * of the three threads, and every slot written before the barrier is seen
 * after it.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_barrier_t bar;
static int slot[3], serial;

static void *worker(void *arg)
{
	int id = *(int *)arg;

	slot[id] = 1;
	if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD)
		__atomic_fetch_add(&serial, 1, __ATOMIC_SEQ_CST);
	assert(slot[(id + 1) % 3] == 1);
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	int ids[3] = {0, 1, 2};

	pthread_barrier_init(&bar, NULL, 3);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, &ids[i]);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&bar);
	assert(serial == 1);
	return 0;
}
