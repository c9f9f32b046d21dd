/*
 * pthread_spin_trylock: EBUSY while the other thread holds the spinlock;
 * each thread retries until it owns it before touching the counter.
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
	while (pthread_spin_trylock(&s) != 0)
		;
	count++;
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
	assert(count == 2);
	return 0;
}
