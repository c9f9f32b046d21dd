/*
 * once-aligned.c - a correct once (good/once.c's design) that allocates
 * with aligned_alloc instead of malloc/calloc. The grader failed it on
 * enomem-retry (95): only malloc and calloc were made to run out, so its
 * lazy_create "succeeded" with no memory. Every allocation call now runs
 * out alike (grade_contract.h).
 * GRADE: full
 */
#include "once.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct lazy {
	void *_Atomic obj;    /* NULL until built; then never changes */
	pthread_mutex_t lock; /* serializes the builders */
	size_t size;
	lazy_build_fn build;
	void *arg;
};

struct lazy *lazy_create(size_t size, lazy_build_fn build, void *arg)
{
	struct lazy *l = aligned_alloc(64, (sizeof(*l) + 63) / 64 * 64);
	if (l != NULL)
		memset(l, 0, sizeof(*l));

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
		o = aligned_alloc(16, (l->size + 15) / 16 * 16);
		if (o != NULL)
			memset(o, 0, l->size);
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
