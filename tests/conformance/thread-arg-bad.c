/*
 * pthread_create's argument: both threads get a pointer to main's loop
 * variable, which moves on before a thread reads it, so an id is lost.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: mask == 3
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int mask;

static void *worker(void *arg)
{
	int id = *(int *)arg; /* error: main's i, which may have moved on */

	pthread_mutex_lock(&m);
	mask |= 1 << id;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	int i;

	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, &i);
	for (int j = 0; j < 2; j++)
		pthread_join(t[j], NULL);
	assert(mask == 3);
	return 0;
}
