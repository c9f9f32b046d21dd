/*
 * Heap checks (a defect outside the numbered list): an atomic load, store
 * or read-modify-write of freed memory is a use of freed memory, like a
 * plain access. The __tsan_atomic* hooks did not check the quarantine, so a
 * reference count read after the last put was "nothing found".
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 1
// CHECK: CRASH: use of freed memory
// CHECK: T1 read 4 bytes at offset 0 of a 8-byte block at
// CHECK: block at verdicts/heap-atomic-after-free.c:26 in peek
// CHECK: freed by main at verdicts/heap-atomic-after-free.c:37
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct obj {
	atomic_int refs;
	int data;
};

static void *peek(void *arg)
{
	struct obj *o = arg;

	return (void *)(long)atomic_load(&o->refs); /* error: o is freed */
}

int main(void)
{
	pthread_t t;
	struct obj *o = malloc(sizeof(*o));

	atomic_init(&o->refs, 1);
	o->data = 0;
	if (atomic_fetch_sub(&o->refs, 1) == 1)
		free(o); /* the last reference: freed before peek starts */
	pthread_create(&t, NULL, peek, o);
	pthread_join(t, NULL);
	return 0;
}
