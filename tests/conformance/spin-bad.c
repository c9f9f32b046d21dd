/*
 * pthread_spin_lock: the counter is read under the spinlock but written
 * after the unlock, so two updates can interleave and one is lost.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: count == 2
#include <assert.h>
#include <pthread.h>

static pthread_spinlock_t s;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	pthread_spin_lock(&s);
	int v = count;
	pthread_spin_unlock(&s);
	count = v + 1; /* error: written after the unlock */
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
