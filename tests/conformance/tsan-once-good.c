/*
 * TSan, pthread_once: both threads call pthread_once before reading the
 * table; the initializer's writes happen before both reads: no race.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 0
// CHECK-NOT: data race
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int table;

static void init(void)
{
	table = 42;
}

static void *user(void *arg)
{
	(void)arg;
	pthread_once(&once, init);
	return (void *)(long)table;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, user, NULL);
	pthread_create(&t2, NULL, user, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
