/*
 * Many short-lived threads: 400 create/join pairs, at most two alive at a
 * time, each adding under a mutex.
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
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	for (int i = 0; i < 200; i++) {
		pthread_t a, b;

		pthread_create(&a, NULL, worker, NULL);
		pthread_create(&b, NULL, worker, NULL);
		pthread_join(a, NULL);
		pthread_join(b, NULL);
	}
	assert(count == 400);
	return 0;
}
