/*
 * A sleeping thread beside a spinning one: the worker sleeps, then sets a
 * flag that main spins on with sched_yield; the flag is always set at last.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

static atomic_int flag;

static void *worker(void *arg)
{
	(void)arg;
	usleep(1000);
	atomic_store(&flag, 1);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	while (!atomic_load(&flag))
		sched_yield();
	pthread_join(t, NULL);
	return 0;
}
