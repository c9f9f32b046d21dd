/*
 * pool-inline.c - a wrong fix: no worker threads at all: pool_submit runs
 * the task at once in the caller's thread. The header promises "a pool of
 * nworkers running threads" and that a task "runs on some worker thread";
 * a caller that submits a slow task waits for it. Must lose workers.
 * GRADE: loses workers
 */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct pool {
	pthread_mutex_t lock; /* protects every field below */
	bool shutdown;
	long failed;
	int first_error;
};

struct pool *pool_create(int nworkers)
{
	struct pool *p;

	if (nworkers < 1) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	if ((errno = pthread_mutex_init(&p->lock, NULL)) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

int pool_submit(struct pool *p, pool_task_fn fn, void *arg)
{
	int rc;

	pthread_mutex_lock(&p->lock);
	if (p->shutdown) {
		pthread_mutex_unlock(&p->lock);
		return ESHUTDOWN;
	}
	pthread_mutex_unlock(&p->lock);
	rc = fn(arg); /* error: in the caller, not on a worker */
	pthread_mutex_lock(&p->lock);
	if (rc != 0 && p->failed++ == 0)
		p->first_error = rc;
	pthread_mutex_unlock(&p->lock);
	return 0;
}

int pool_shutdown(struct pool *p, long *failed)
{
	int rc;

	pthread_mutex_lock(&p->lock);
	if (p->shutdown) {
		pthread_mutex_unlock(&p->lock);
		return EINVAL;
	}
	p->shutdown = true;
	if (failed != NULL)
		*failed = p->failed;
	rc = p->first_error;
	pthread_mutex_unlock(&p->lock);
	return rc;
}

void pool_destroy(struct pool *p)
{
	if (!p->shutdown)
		pool_shutdown(p, NULL);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
