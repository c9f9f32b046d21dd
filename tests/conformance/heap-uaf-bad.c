/*
 * free() while another thread still reads: main frees the block before it
 * joins the worker, so the worker can read freed memory.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: freed
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
	free(buf); /* error: the reader may not have read it yet */
	pthread_join(t, NULL);
	return sum == 42 ? 0 : 1;
}
