/*
 * once-if.c - a wrong fix: the state machine of once-cond.c (EMPTY,
 * BUILDING, READY under one mutex), but a caller that finds it BUILDING
 * waits with `if`: after a spurious wakeup (POSIX allows them) it sees
 * BUILDING, not READY, and builds a second object. Must lose sched-random
 * (spurious wakeups injected).
 * GRADE: loses sched-random
 */
#include "once.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

enum state { EMPTY, BUILDING, READY };

struct lazy {
	pthread_mutex_t lock; /* protects state and obj */
	pthread_cond_t done;  /* state left BUILDING */
	enum state state;
	void *obj;
	size_t size;
	lazy_build_fn build;
	void *arg;
};

struct lazy *lazy_create(size_t size, lazy_build_fn build, void *arg)
{
	struct lazy *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if ((errno = pthread_mutex_init(&l->lock, NULL)) != 0)
		goto fail;
	if ((errno = pthread_cond_init(&l->done, NULL)) != 0) {
		pthread_mutex_destroy(&l->lock);
		goto fail;
	}
	l->size = size;
	l->build = build;
	l->arg = arg;
	return l;
fail:
	free(l);
	return NULL;
}

void lazy_destroy(struct lazy *l)
{
	free(l->obj);
	pthread_cond_destroy(&l->done);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

const void *lazy_get(struct lazy *l)
{
	void *o;

	pthread_mutex_lock(&l->lock);
	if (l->state == BUILDING)
		pthread_cond_wait(&l->done, &l->lock);
	if (l->state == READY) {
		o = l->obj;
		pthread_mutex_unlock(&l->lock);
		return o;
	}
	l->state = BUILDING;
	pthread_mutex_unlock(&l->lock);
	o = calloc(1, l->size);
	if (o != NULL)
		l->build(o, l->arg); /* nobody else can see o yet */
	pthread_mutex_lock(&l->lock);
	l->obj = o;
	l->state = o != NULL ? READY : EMPTY;
	pthread_cond_broadcast(&l->done);
	pthread_mutex_unlock(&l->lock);
	if (o == NULL)
		errno = ENOMEM;
	return o;
}
