/*
 * memcpy from a heap block that is freed only after the copying thread
 * was joined.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: freed
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

char copy[32];

static void *worker(void *arg)
{
	memcpy(copy, arg, sizeof(copy));
	return NULL;
}

int main(void)
{
	pthread_t t;
	char *msg = calloc(1, 32);

	strcpy(msg, "hello");
	pthread_create(&t, NULL, worker, msg);
	pthread_join(t, NULL);
	free(msg); /* after the join: the copy is done */
	memmove(copy + 1, copy, 8);
	memset(copy + 9, 0, 4);
	assert(strcmp(copy, "hhello") == 0);
	return 0;
}
