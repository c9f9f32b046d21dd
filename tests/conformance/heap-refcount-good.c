/*
 * Reference counting with atomic_fetch_sub: the thread that drops the last
 * reference (the one that saw 1) frees the object, exactly once.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct obj {
	atomic_int refs;
	int data;
};

static void put(struct obj *o)
{
	if (atomic_fetch_sub(&o->refs, 1) == 1)
		free(o);
}

static void *user(void *arg)
{
	struct obj *o = arg;

	(void)o->data;
	put(o);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;
	struct obj *o = malloc(sizeof(*o));

	atomic_init(&o->refs, 2);
	o->data = 42;
	pthread_create(&t1, NULL, user, o);
	pthread_create(&t2, NULL, user, o);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
