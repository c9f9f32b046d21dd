/*
 * TSan, mutexes: one of two threads increments the counter without the
 * lock; the two accesses are unordered, a data race in every run.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 1
// CHECK: data race
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *locked(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	count++;
	pthread_mutex_unlock(&m);
	return NULL;
}

static void *unlocked(void *arg)
{
	(void)arg;
	count++; /* error: no lock */
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_create(&a, NULL, locked, NULL);
	pthread_create(&b, NULL, unlocked, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return 0;
}
