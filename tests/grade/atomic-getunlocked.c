/*
 * atomic-getunlocked.c - a wrong fix: a mutex makes compare-and-swap and
 * the increment indivisible, but aint_get reads the value without it, "to
 * be fast". That read races with every locked write: the header says
 * aint_get is safe from any thread at any time.
 * GRADE: loses tsan
 */
#include "atomic.h"

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
	pthread_mutex_init(&a->lock, NULL);
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
	return a->value; /* error: read without the lock */
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
