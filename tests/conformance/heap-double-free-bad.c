/*
 * Reference counting: the count is decremented and then re-read, so both
 * threads can see 0 and both free the object (a double free).
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: crash
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct obj {
	atomic_int refs;
	int data;
};

static void put(struct obj *o)
{
	atomic_fetch_sub(&o->refs, 1);
	if (atomic_load(&o->refs) == 0)
		free(o); /* error: both threads can see 0 */
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
