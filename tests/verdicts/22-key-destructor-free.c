/*
 * Defect 22: pthread_key_create(&k, free) - the destructor is the wrapped
 * free(), which takes the runtime's lock; the joiner used to wait for the
 * real thread while holding that lock, and the run hung until racelab's
 * time-out called it "blocking". A correct program: nothing found, quickly.
 */
// RUN: racelab scan --tool sched --runs 50 --timeout 20 %s
// EXIT: 0
// CHECK: nothing found
// CHECK-NOT: blocking
// TIMEOUT: 30
#include <pthread.h>
#include <stdlib.h>

static pthread_key_t key;

static void *worker(void *arg)
{
	(void)arg;
	pthread_setspecific(key, malloc(16));
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	pthread_key_create(&key, free);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}
