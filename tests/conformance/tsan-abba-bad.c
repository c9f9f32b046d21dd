/*
 * TSan, mutex ordering: one thread takes a then b, a later one b then a;
 * they never overlap here, but TSan reports the inverted order.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 1
// CHECK: lock-order-inversion
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *one(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return NULL;
}

static void *two(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&b);
	pthread_mutex_lock(&a); /* error: the opposite order */
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, one, NULL);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, two, NULL);
	pthread_join(t, NULL);
	return 0;
}
