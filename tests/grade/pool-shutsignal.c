/*
 * pool-shutsignal.c - a wrong fix: pool_shutdown wakes one idle worker
 * (pthread_cond_signal) instead of all: with two or more idle workers the
 * others sleep on and the join hangs. One worker cannot show it; sched-pct
 * runs two. Otherwise good/pool.c.
 * GRADE: loses sched-pct
 */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct task {
	pool_task_fn fn;
	void *arg;
	struct task *next;
};

struct pool {
	pthread_mutex_t lock;	 /* protects every field below */
	pthread_cond_t nonempty; /* a task was queued, or shutdown began */
	struct task *head, *tail;
	bool shutdown; /* no more tasks accepted */
	bool joined;   /* pool_shutdown has run */
	long failed;   /* tasks that returned non-zero */
	int first_error;
	int nworkers;
	pthread_t *workers;
};

static struct task *pool_take(struct pool *p)
{
	struct task *t = p->head;

	p->head = t->next;
	if (p->head == NULL)
		p->tail = NULL;
	return t;
}

static void *pool_worker(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->head == NULL && !p->shutdown)
			pthread_cond_wait(&p->nonempty, &p->lock);
		if (p->head == NULL) /* shut down and drained */
			break;
		struct task *t = pool_take(p);
		pthread_mutex_unlock(&p->lock);
		int rc = t->fn(t->arg);
		free(t);
		pthread_mutex_lock(&p->lock);
		if (rc != 0 && p->failed++ == 0)
			p->first_error = rc;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static int pool_start(struct pool *p)
{
	int rc;

	for (int i = 0; i < p->nworkers; i++) {
		rc = pthread_create(&p->workers[i], NULL, pool_worker, p);
		if (rc != 0) {
			p->nworkers = i; /* shut down the ones that started */
			pool_shutdown(p, NULL);
			return rc;
		}
	}
	return 0;
}

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
	p->nworkers = nworkers;
	p->workers = calloc((size_t)nworkers, sizeof(pthread_t));
	if (p->workers == NULL)
		goto fail;
	if ((errno = pthread_mutex_init(&p->lock, NULL)) != 0)
		goto fail;
	if ((errno = pthread_cond_init(&p->nonempty, NULL)) != 0)
		goto fail_mutex;
	if ((errno = pool_start(p)) != 0)
		goto fail_cond;
	return p;
fail_cond:
	pthread_cond_destroy(&p->nonempty);
fail_mutex:
	pthread_mutex_destroy(&p->lock);
fail:
	free(p->workers);
	free(p);
	return NULL;
}

int pool_submit(struct pool *p, pool_task_fn fn, void *arg)
{
	struct task *t = malloc(sizeof(*t));

	if (t == NULL)
		return ENOMEM;
	*t = (struct task){fn, arg, NULL};
	pthread_mutex_lock(&p->lock);
	if (p->shutdown) {
		pthread_mutex_unlock(&p->lock);
		free(t);
		return ESHUTDOWN;
	}
	if (p->tail != NULL)
		p->tail->next = t;
	else
		p->head = t;
	p->tail = t;
	pthread_cond_signal(&p->nonempty);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

int pool_shutdown(struct pool *p, long *failed)
{
	pthread_mutex_lock(&p->lock);
	if (p->joined) {
		pthread_mutex_unlock(&p->lock);
		return EINVAL;
	}
	p->joined = true;
	p->shutdown = true;
	pthread_cond_signal(&p->nonempty); /* error: one worker only */
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nworkers; i++)
		pthread_join(p->workers[i], NULL);
	if (failed != NULL)
		*failed = p->failed; /* the joins ordered every write before */
	return p->first_error;
}

void pool_destroy(struct pool *p)
{
	if (!p->joined)
		pool_shutdown(p, NULL);
	while (p->head != NULL) /* tasks never run (bad/ can leave some) */
		free(pool_take(p));
	pthread_cond_destroy(&p->nonempty);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p);
}
