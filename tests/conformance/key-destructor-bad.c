/*
 * pthread_key_create with a destructor: the worker also publishes its
 * per-thread block, which the destructor frees when the worker ends, and
 * main reads it after the join.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: freed by
#include <pthread.h>
#include <stdlib.h>

static pthread_key_t key;
static int *published;

static void *worker(void *arg)
{
	int *mine = malloc(sizeof(*mine));

	(void)arg;
	*mine = 42;
	pthread_setspecific(key, mine);
	published = mine;
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_key_create(&key, free);
	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	int v = *published; /* error: freed by the key's destructor */
	pthread_key_delete(key);
	return v == 42 ? 0 : 1;
}
