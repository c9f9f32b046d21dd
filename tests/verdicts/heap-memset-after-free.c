/*
 * Heap checks (a defect outside the numbered list): memset, memcpy and
 * memmove are accesses. clang 14 leaves them as plain calls (not
 * __tsan_memset), which were not wrapped: a memset of freed memory was
 * neither checked nor a schedule point, "nothing found".
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 1
// CHECK: CRASH: use of freed memory
// CHECK: T1 wrote 64 bytes at offset 0 of a 64-byte block at
// CHECK: block at verdicts/heap-memset-after-free.c:21 in clear
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

char *buf;

static void *clear(void *arg)
{
	(void)arg;
	memset(buf, 0, 64); /* error: main freed buf */
	return NULL;
}

int main(void)
{
	pthread_t t;

	buf = malloc(64);
	free(buf);
	pthread_create(&t, NULL, clear, NULL);
	pthread_join(t, NULL);
	return 0;
}
