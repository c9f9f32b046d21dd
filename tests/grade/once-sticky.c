/*
 * once-sticky.c - a wrong fix: correct publication, but a failed
 * allocation is remembered: a `tried` flag set on the first call makes
 * every later call return NULL ("it failed once, it will fail again"). The
 * header says a later call tries again: must lose enomem-retry.
 * GRADE: loses enomem-retry
 */
#include "once.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

struct lazy {
	void *_Atomic obj;    /* NULL until built; then never changes */
	pthread_mutex_t lock; /* serializes the builders */
	size_t size;
	lazy_build_fn build;
	bool tried; /* error: a failure is final */
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
	atomic_init(&l->obj, NULL); /* before sharing: nothing to order */
	l->size = size;
	l->build = build;
	l->arg = arg;
	return l;
}

void lazy_destroy(struct lazy *l)
{
	/* relaxed: by contract no other thread uses l any more */
	free(atomic_load_explicit(&l->obj, memory_order_relaxed));
	pthread_mutex_destroy(&l->lock);
	free(l);
}

const void *lazy_get(struct lazy *l)
{
	/* acquire: pairs with the release below, so seeing the pointer means
	 * seeing the whole object; NULL sends us to the locked path */
	void *o = atomic_load_explicit(&l->obj, memory_order_acquire);

	if (o != NULL)
		return o;
	pthread_mutex_lock(&l->lock);
	/* relaxed: obj is only written under this mutex, which orders it */
	o = atomic_load_explicit(&l->obj, memory_order_relaxed);
	if (o == NULL && !l->tried) {
		l->tried = true;
		o = calloc(1, l->size);
		if (o != NULL) {
			l->build(o, l->arg);
			/* release: every write of build happens before any
			 * acquire load that sees this pointer */
			atomic_store_explicit(&l->obj, o, memory_order_release);
		}
	}
	pthread_mutex_unlock(&l->lock);
	if (o == NULL)
		errno = ENOMEM;
	return o;
}
