/*
 * pthread_cond_wait under a while with one waiter: a spurious wakeup finds
 * the predicate still false and waits again, so the data is always ready.
 */
// RUN: racelab scan --tool sched --spurious 3 --runs 2000 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, data;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	while (!ready) /* re-checked after every wakeup */
		pthread_cond_wait(&cv, &m);
	assert(data == 42);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, waiter, NULL);
	pthread_mutex_lock(&m);
	data = 42;
	ready = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	return 0;
}
