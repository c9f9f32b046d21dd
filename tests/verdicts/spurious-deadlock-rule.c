/*
 * A spurious wakeup is not progress (Shuttle's rule): a waiter nobody will
 * signal, beside a main blocked in join, is a wait that never ends even
 * with --spurious; were the waiter's possible spurious wakeup counted as
 * an enabled step, this `if` waiter would always be woken (it would be the
 * only choice) and the program called clean.
 */
// RUN: racelab scan --tool sched --spurious 5 --runs 200 %s
// EXIT: 1
// CHECK: waits forever
// CHECK-NOT: woken spuriously
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	if (!ready)
		pthread_cond_wait(&cv, &m);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, waiter, NULL);
	pthread_join(t, NULL); /* nobody ever signals cv */
	return 0;
}
