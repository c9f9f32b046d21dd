/*
 * pthread_cond_wait under an if with one waiter: POSIX allows a spurious
 * wakeup, after which the waiter uses data that is not ready. Only an
 * injected spurious wakeup shows it (--spurious N); without the option
 * every wakeup is a signal and the run is clean.
 */
// RUN: racelab scan --tool sched --spurious 1 --runs 2000 %s
// EXIT: 1
// CHECK: data == 42
// CHECK: woken spuriously
// CHECK: --spurious 1
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: woken spuriously
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, data;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	if (!ready) /* error: if, not while */
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
