/*
 * pthread_cond_wait under an if: a consumer woken after another one took
 * the item does not re-check the predicate and takes an item that is gone.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: items > 0
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int items;

static void *consumer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	if (items == 0) /* error: if, not while */
		pthread_cond_wait(&cv, &m);
	assert(items > 0);
	items--;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t c1, c2;

	pthread_create(&c1, NULL, consumer, NULL);
	pthread_create(&c2, NULL, consumer, NULL);
	for (int i = 0; i < 2; i++) {
		pthread_mutex_lock(&m);
		items++;
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&m);
	}
	pthread_join(c1, NULL);
	pthread_join(c2, NULL);
	return 0;
}
