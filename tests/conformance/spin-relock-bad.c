/*
 * pthread_spin_lock relocked by its owner: the thread spins forever on a
 * lock only it can release.
 */
// RUN: racelab scan --tool sched --runs 100 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>

static pthread_spinlock_t s;

static void *worker(void *arg)
{
	(void)arg;
	pthread_spin_lock(&s);
	pthread_spin_lock(&s); /* error: already held */
	pthread_spin_unlock(&s);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE);
	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return 0;
}
