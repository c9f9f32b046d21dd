/*
 * pthread_cleanup_push: a worker that leaves with pthread_exit releases its
 * lock in a cleanup handler, so main can take the lock afterwards.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void unlock(void *arg)
{
	pthread_mutex_unlock(arg);
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_cleanup_push(unlock, &m);
	count++;
	pthread_exit(NULL);
	pthread_cleanup_pop(1);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	assert(count == 2);
	return 0;
}
