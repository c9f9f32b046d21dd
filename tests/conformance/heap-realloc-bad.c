/*
 * realloc() while another thread holds the old pointer: the block can move,
 * and the worker then writes to freed memory.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 1
// CHECK: freed
#include <pthread.h>
#include <stdlib.h>

static int *items;

static void *worker(void *arg)
{
	int *mine = items;

	(void)arg;
	mine[0] = 7; /* error: items may have been reallocated */
	return NULL;
}

int main(void)
{
	pthread_t t;
	int *bigger;

	items = calloc(1, sizeof(*items));
	pthread_create(&t, NULL, worker, NULL);
	bigger = realloc(items, 1024 * sizeof(*items));
	if (bigger)
		items = bigger;
	pthread_join(t, NULL);
	free(items);
	return 0;
}
