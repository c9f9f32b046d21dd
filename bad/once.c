/*
 * bad/once.c - double-checked locking on a plain pointer: the fast path
 * reads the pointer without the mutex, and the slow path stores it before
 * the object behind it is built.
 *
 * Interleaving that hands out a half-built object (T1 builds, T2 arrives):
 *   1. T1 reads obj: NULL; locks; reads obj again: NULL
 *   2. T1 allocates the (zeroed) object and stores obj
 *   3. T2 reads obj: not NULL, so it returns it without the mutex
 *   4. T2 reads the object's fields: still zero, build has not run
 *   5. T1 runs build, unlocks
 * The textbook version, which builds first and stores the pointer last, is
 * just as broken: the plain store and the plain load order nothing, so the
 * compiler or the CPU may let T2 see the pointer before the fields. On
 * x86-64 with gcc the hardware and this call happen to keep that order, so
 * the bug would hide in every test; this file makes the store come first
 * by hand so that you can watch what the reordering would do.
 *
 * Caught by: TSan (data race on obj in lazy_get), Helgrind (Race), DRD
 * (ConflictingAccess), racelab sched (a half-built object, from a seed);
 * natively the driver counts half-built objects it was handed.
 * The fix: good/once.c makes obj an atomic, stores it last with release and
 * reads it with acquire.
 */
#include "once.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct lazy {
	void *obj;	      /* NULL until built; then never changes */
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
	l->obj = NULL;
	l->size = size;
	l->build = build;
	l->arg = arg;
	return l;
}

void lazy_destroy(struct lazy *l)
{
	free(l->obj);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

const void *lazy_get(struct lazy *l)
{
	void *o = l->obj; /* error: plain read, races with the write below */

	if (o != NULL)
		return o;
	pthread_mutex_lock(&l->lock);
	o = l->obj;
	if (o == NULL) {
		o = l->obj =
		    calloc(1, l->size); /* error: published, not built */
		if (o != NULL)
			l->build(o, l->arg);
	}
	pthread_mutex_unlock(&l->lock);
	return o;
}
