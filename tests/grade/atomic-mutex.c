/*
 * atomic-mutex.c - a correct but unusual fix: no C11 atomics at all, one
 * mutex around every access. Slower than a hardware compare-and-swap, but
 * the lab sets no performance budget, and every promise holds.
 * GRADE: full
 */
#include "atomic.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct aint {
	pthread_mutex_t lock; /* guards value */
	long value;
};

struct aint *aint_create(long initial)
{
	struct aint *a = malloc(sizeof(*a));

	if (a == NULL)
		return NULL;
	errno = pthread_mutex_init(&a->lock, NULL);
	if (errno != 0) {
		free(a);
		return NULL;
	}
	a->value = initial;
	return a;
}

void aint_destroy(struct aint *a)
{
	pthread_mutex_destroy(&a->lock);
	free(a);
}

long aint_get(struct aint *a)
{
	pthread_mutex_lock(&a->lock);
	long v = a->value;
	pthread_mutex_unlock(&a->lock);
	return v;
}

bool aint_compare_and_swap(struct aint *a, long expected, long desired)
{
	bool ok;

	pthread_mutex_lock(&a->lock);
	ok = a->value == expected;
	if (ok)
		a->value = desired;
	pthread_mutex_unlock(&a->lock);
	return ok;
}

long aint_increment_and_get(struct aint *a)
{
	pthread_mutex_lock(&a->lock);
	long v = ++a->value;
	pthread_mutex_unlock(&a->lock);
	return v;
}
