/*
 * One condvar for two predicates (bounded buffer of one slot, two
 * producers, two consumers): pthread_cond_signal can wake a thread of the
 * wrong kind, which waits again, and everyone ends up asleep.
 */
// RUN: racelab scan --tool sched --runs 5000 %s
// EXIT: 1
// CHECK: deadlock
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int full;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		pthread_mutex_lock(&m);
		while (full)
			pthread_cond_wait(&cv, &m);
		full = 1;
		pthread_cond_signal(&cv); /* error: may wake a producer */
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		pthread_mutex_lock(&m);
		while (!full)
			pthread_cond_wait(&cv, &m);
		full = 0;
		pthread_cond_signal(&cv); /* error: may wake a consumer */
		pthread_mutex_unlock(&m);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[4];

	pthread_create(&t[0], NULL, producer, NULL);
	pthread_create(&t[1], NULL, producer, NULL);
	pthread_create(&t[2], NULL, consumer, NULL);
	pthread_create(&t[3], NULL, consumer, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	return 0;
}
