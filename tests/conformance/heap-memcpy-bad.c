/*
 * memcpy from a freed block: main frees the message before the worker has
 * copied it out. (copy is not static: a copy into a static array nobody
 * reads is deleted by the optimiser, and with it the bug.)
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: freed
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

char copy[32];

static void *worker(void *arg)
{
	memcpy(copy, arg, sizeof(copy)); /* error: arg may be freed */
	return NULL;
}

int main(void)
{
	pthread_t t;
	char *msg = calloc(1, 32);

	strcpy(msg, "hello");
	pthread_create(&t, NULL, worker, msg);
	free(msg);
	pthread_join(t, NULL);
	return 0;
}
