/*
 * pthread_mutex_timedlock and sem_timedwait with a deadline already past:
 * a free mutex / a positive count is still taken at once (POSIX: the
 * deadline is not checked when the call need not block).
 */
// RUN: racelab scan --tool sched --runs 100 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static sem_t s;

int main(void)
{
	struct timespec past = {1, 0};
	int rc;

	sem_init(&s, 0, 1);
	rc = pthread_mutex_timedlock(&m, &past);
	assert(rc == 0);
	pthread_mutex_unlock(&m);
	rc = sem_timedwait(&s, &past);
	assert(rc == 0);
	return 0;
}
