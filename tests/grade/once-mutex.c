/*
 * once-mutex.c - correct but unusual: no fast path, no atomics: every
 * lazy_get takes the mutex, reads the pointer, builds if need be. Coarse
 * (every call serializes on the mutex), but the once lab sets no
 * performance budget. Must score full marks.
 * GRADE: full
 */
#include "once.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct lazy {
	void *obj;	      /* NULL until built; guarded by lock */
	pthread_mutex_t lock; /* serializes the builders */
	size_t size;
	lazy_build_fn build;
	void *arg;
};

struct lazy *lazy_create(size_t size, lazy_build_fn build, void *arg)
{
	struct lazy *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if ((errno = pthread_mutex_init(&l->lock, NULL)) != 0) {
		free(l);
		return NULL;
	}
	l->size = size;
	l->build = build;
	l->arg = arg;
	return l;
}

void lazy_destroy(struct lazy *l)
{
	/* relaxed: by contract no other thread uses l any more */
	free(l->obj);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

const void *lazy_get(struct lazy *l)
{
	void *o;

	pthread_mutex_lock(&l->lock);
	o = l->obj;
	if (o == NULL) {
		o = calloc(1, l->size);
		if (o != NULL) {
			l->build(o, l->arg);
			l->obj = o;
		}
	}
	pthread_mutex_unlock(&l->lock);
	return o;
}
