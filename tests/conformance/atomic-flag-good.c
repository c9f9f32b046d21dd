/*
 * C11 atomic_flag as a spinlock: test-and-set claims the flag in one step,
 * so only one thread is inside at a time and no update is lost.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

static atomic_flag busy = ATOMIC_FLAG_INIT;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	while (atomic_flag_test_and_set(&busy))
		sched_yield();
	count++;
	atomic_flag_clear(&busy);
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
