/*
 * pthread_barrier_wait: the "last one to arrive" is guessed with an
 * unlocked counter instead of PTHREAD_BARRIER_SERIAL_THREAD; a lost update
 * leaves no thread that believes it was last.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: leaders == 1
#include <assert.h>
#include <pthread.h>

static pthread_barrier_t bar;
static int arrived, leaders;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	(void)arg;
	int me = ++arrived; /* error: unlocked read-modify-write */
	pthread_barrier_wait(&bar);
	if (me == 2) {
		pthread_mutex_lock(&m);
		leaders++;
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	pthread_barrier_init(&bar, NULL, 2);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert(leaders == 1);
	return 0;
}
