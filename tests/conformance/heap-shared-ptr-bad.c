/*
 * A shared heap pointer replaced under a mutex, but the reader drops the
 * mutex before it dereferences its copy, which may be freed by then.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: freed
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int *config;

static void *reader(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	int *p = config;
	pthread_mutex_unlock(&m);
	int v = *p; /* error: the block may be freed after the unlock */
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
