/*
 * Under the C11 model (the default), a release store or RMW by a thread
 * that has synchronized with nothing yet (main, before any thread exists)
 * has no clock to publish: the model must start one, not crash. A
 * spinlock on an atomic_flag, cleared in main first, guards a counter;
 * no schedule fails.
 */
// RUN: racelab scan --tool sched --runs 200 %s
// EXIT: 0
// CHECK: no failing schedule in 200
#include <pthread.h>
#include <stdatomic.h>
#include <assert.h>

static atomic_flag busy;
static long value;

static void *work(void *arg)
{
	(void)arg;
	while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire))
		;
	value++;
	atomic_flag_clear_explicit(&busy, memory_order_release);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	atomic_flag_clear(&busy); /* a seq_cst store before any thread */
	pthread_create(&a, NULL, work, NULL);
	pthread_create(&b, NULL, work, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	assert(value == 2);
	return 0;
}
