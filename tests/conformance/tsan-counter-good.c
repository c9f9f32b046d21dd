/*
 * TSan, mutexes: both threads increment the counter under the lock; the
 * accesses are ordered by the mutex, so no race.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 0
// CHECK-NOT: data race
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
	pthread_t a, b;

	pthread_create(&a, NULL, worker, NULL);
	pthread_create(&b, NULL, worker, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return count == 2 ? 0 : 3;
}
