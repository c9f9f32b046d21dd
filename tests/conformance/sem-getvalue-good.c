/*
 * sem_getvalue: two consumers race for one posted item with sem_trywait,
 * which checks and takes atomically (EAGAIN for the loser); the count is 0.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

static sem_t items;
static int taken;

static void *consumer(void *arg)
{
	(void)arg;
	if (sem_trywait(&items) == 0)
		__atomic_fetch_add(&taken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(void)
{
	pthread_t c1, c2;
	int v;

	sem_init(&items, 0, 0);
	sem_post(&items);
	pthread_create(&c1, NULL, consumer, NULL);
	pthread_create(&c2, NULL, consumer, NULL);
	pthread_join(c1, NULL);
	pthread_join(c2, NULL);
	sem_getvalue(&items, &v);
	assert(taken == 1 && v == 0);
	return 0;
}
