/*
 * TSan, the heap: main frees the block while the worker may still read
 * it; the free and the read are unordered (a race on freed memory or a
 * heap-use-after-free, depending on which ran first).
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan -- %b
// EXIT: 1
// CHECK: tsan-heap-bad.c
#include <pthread.h>
#include <stdlib.h>

int sum; /* read by nobody: external, so the reads stay */

static void *reader(void *arg)
{
	int *buf = arg;

	sum = buf[0] + buf[1];
	return NULL;
}

int main(void)
{
	pthread_t t;
	int *buf = malloc(2 * sizeof(*buf));

	buf[0] = 40;
	buf[1] = 2;
	pthread_create(&t, NULL, reader, buf);
	free(buf); /* error: the reader may not have read it yet */
	pthread_join(t, NULL);
	return 0;
}
