/*
 * once-cond.c - correct but unusual: no atomics at all. A state machine
 * (EMPTY, BUILDING, READY) under one mutex; the first caller marks it
 * BUILDING and builds with the mutex released, the others sleep on a
 * condition variable in a `while` loop until it is READY (or EMPTY again
 * after a failed allocation, and then one of them tries). Must score full
 * marks.
 * GRADE: full
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
	while (l->state == BUILDING)
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
