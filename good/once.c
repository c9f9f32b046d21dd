/*
 * good/once.c - double-checked locking done right: the pointer is a C11
 * atomic, published with a release store after the object is built and
 * read with an acquire load, and built only under the mutex.
 *
 * Why no thread can see a half-built object (T1 builds, T2 arrives):
 *   1. T1 loads obj (acquire): NULL; locks; loads obj again: still NULL
 *   2. T1 allocates and builds the object in a local pointer
 *   3. T2 loads obj (acquire): NULL, so it takes the slow path and blocks
 *      on the mutex (it cannot see the object yet: nothing published it)
 *   4. T1 stores obj (release) and unlocks
 *   5. T2 locks, loads obj: the object, whose fields the release store
 *      ordered before the pointer; T2 returns it without building
 * A thread on the fast path that sees the pointer (acquire) also sees every
 * write of build (release): C11 5.1.2.4, "synchronizes with".
 *
 * Expected: TSan silent; Helgrind and DRD report races that are not there
 * (they do not model C11 atomics: known false positives, in the expect
 * file); sched finds no failing schedule.
 * The twin: bad/once.c uses a plain pointer and publishes it before it
 * builds the object.
 */
#include "once.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct lazy {
	void *_Atomic obj;    /* NULL until built; then never changes */
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
	if (o == NULL) {
		o = calloc(1, l->size);
		if (o != NULL) {
			l->build(o, l->arg);
			/* release: every write of build happens before any
			 * acquire load that sees this pointer */
			atomic_store_explicit(&l->obj, o, memory_order_release);
		}
	}
	pthread_mutex_unlock(&l->lock);
	return o;
}
