/*
 * A spinlock built from an atomic load then a separate store: both threads
 * can see the lock free before either sets it, and both get in.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: count == 2
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

static atomic_int busy;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	while (atomic_load(&busy))
		sched_yield();
	atomic_store(&busy, 1); /* error: not one step with the load */
	count++;
	atomic_store(&busy, 0);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(count == 2);
	return 0;
}
