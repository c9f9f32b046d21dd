/*
 * pthread_spin_lock: both read-modify-writes of the counter happen inside
 * the spinlock, so no update is lost.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_spinlock_t s;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	pthread_spin_lock(&s);
	int v = count;
	count = v + 1;
	pthread_spin_unlock(&s);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE);
	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_spin_destroy(&s);
	assert(count == 2);
	return 0;
}
