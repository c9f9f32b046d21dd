/*
 * A shared heap pointer replaced under a mutex: the old block is freed only
 * after the swap, and readers copy the value while holding the same mutex.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int *config;

static void *reader(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	int v = *config;
	pthread_mutex_unlock(&m);
	assert(v == 1 || v == 2);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int *fresh = malloc(sizeof(*fresh));

	config = malloc(sizeof(*config));
	*config = 1;
	*fresh = 2;
	pthread_create(&t, NULL, reader, NULL);
	pthread_mutex_lock(&m);
	int *old = config;
	config = fresh;
	pthread_mutex_unlock(&m);
	free(old);
	pthread_join(t, NULL);
	free(config);
	return 0;
}
