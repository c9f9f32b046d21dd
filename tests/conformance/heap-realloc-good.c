/*
 * realloc() done right: the array grows only under the lock the worker
 * reads it under, and every reader re-reads the pointer after locking.
 * realloc(NULL, n), realloc(p, 0) and free(NULL) are ordinary calls.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: freed
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int *items;
static int nitems;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	items[0] = 7; /* the current block, whatever realloc did */
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int *bigger;
	void *gone;

	items = realloc(NULL, sizeof(*items)); /* same as malloc */
	nitems = 1;
	items[0] = 0;
	pthread_create(&t, NULL, worker, NULL);
	pthread_mutex_lock(&m);
	bigger = realloc(items, 1024 * sizeof(*items));
	if (bigger) {
		items = bigger;
		nitems = 1024;
	}
	pthread_mutex_unlock(&m);
	pthread_join(t, NULL);
	assert(items[0] == 0 || items[0] == 7);
	gone = realloc(items, 0); /* glibc: frees items, returns NULL */
	free(gone);		  /* free(NULL): no action */
	return 0;
}
