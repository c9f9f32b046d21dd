/*
 * Defect 21: a thread that leaves by pthread_exit unlocks its mutex in a
 * cleanup handler, and stores its result in thread-specific data whose
 * destructor takes a lock. Both are program code that must run inside the
 * model before the thread counts as finished: the program is correct and
 * no schedule may call it deadlocked.
 */
// RUN: racelab scan --tool sched --runs 200 %s
// EXIT: 0
// CHECK: nothing found
// CHECK-NOT: deadlock
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t key;
static int count, released;

static void unlock_it(void *p)
{
	pthread_mutex_unlock(p);
}

static void release(void *v)
{
	pthread_mutex_lock(&m);
	released++;
	pthread_mutex_unlock(&m);
	free(v);
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_setspecific(key, malloc(8));
	pthread_mutex_lock(&m);
	pthread_cleanup_push(unlock_it, &m);
	count++;
	pthread_exit(NULL);
	pthread_cleanup_pop(0);
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	pthread_key_create(&key, release);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_mutex_lock(&m);
	assert(count == 2 && released == 2);
	pthread_mutex_unlock(&m);
	return 0;
}
