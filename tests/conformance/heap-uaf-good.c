/*
 * free() after pthread_join: the block a worker reads is freed only once
 * the worker has been joined.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static int sum;

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
	pthread_join(t, NULL);
	free(buf);
	assert(sum == 42);
	return 0;
}
