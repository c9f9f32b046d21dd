/*
 * memorder-mp.c - message passing through a flag, for the memorder lab
 * (docs/labs/memorder.md, task 7): a producer writes a message, then
 * raises a flag; a consumer waits for the flag, then reads the message.
 *
 * Every access is atomic, so there is no data race and TSan says nothing.
 * Built as it is, the flag is relaxed: raising it publishes nothing, and
 * the consumer may see the flag up and the message still empty. Built with
 * -DRELEASE_ACQUIRE, the flag is stored with release and loaded with
 * acquire: everything the producer wrote before the store is visible to
 * the consumer after the load that reads it.
 *
 *   build/racelab scan --tool sched --memory c11 docs/labs/memorder-mp.c
 *   build/racelab scan --tool sched --memory c11 \
 *       --cflags -DRELEASE_ACQUIRE docs/labs/memorder-mp.c
 */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#ifdef RELEASE_ACQUIRE
#define PUBLISH memory_order_release
#define OBSERVE memory_order_acquire
#else
#define PUBLISH memory_order_relaxed /* error: publishes nothing */
#define OBSERVE memory_order_relaxed
#endif

static atomic_int msg_a, msg_b; /* the message: relaxed, no race */
static atomic_int flag;

static void *producer(void *arg)
{
	(void)arg;
	atomic_store_explicit(&msg_a, 42, memory_order_relaxed);
	atomic_store_explicit(&msg_b, 7, memory_order_relaxed);
	atomic_store_explicit(&flag, 1, PUBLISH); /* "the message is ready" */
	return NULL;
}

static void *consumer(void *arg)
{
	int a, b;

	(void)arg;
	while (atomic_load_explicit(&flag, OBSERVE) == 0)
		; /* wait for the flag */
	a = atomic_load_explicit(&msg_a, memory_order_relaxed);
	b = atomic_load_explicit(&msg_b, memory_order_relaxed);
	printf("consumer read %d %d\n", a, b);
	assert(a == 42 && b == 7); /* the flag is up: the message is there */
	return NULL;
}

int main(void)
{
	pthread_t p, c;

	pthread_create(&c, NULL, consumer, NULL);
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	return 0;
}
