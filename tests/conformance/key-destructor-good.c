/*
 * pthread_key_create with a destructor: each thread's value is freed by the
 * destructor when the thread ends; nothing else touches it.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <pthread.h>
#include <stdlib.h>

static pthread_key_t key;

static void *worker(void *arg)
{
	int *mine = malloc(sizeof(*mine));

	(void)arg;
	*mine = 42;
	pthread_setspecific(key, mine);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_key_create(&key, free);
	pthread_create(&t1, NULL, worker, NULL);
	pthread_create(&t2, NULL, worker, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_key_delete(key);
	return 0;
}
