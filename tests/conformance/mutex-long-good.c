/*
 * A longer correct run: two threads x 2,000 locked increments; a correct
 * program that takes many steps is still clean (not a livelock).
 */
// RUN: racelab scan --tool sched --runs 5 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&m);
		count++;
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, worker, NULL);
	pthread_create(&b, NULL, worker, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	assert(count == 4000);
	return 0;
}
