/*
 * posix_memalign and aligned_alloc blocks: main frees them before the
 * worker has read them.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: freed
#include <pthread.h>
#include <stdlib.h>

static int *a, *b;
int sum; /* external: the reads stay */

static void *reader(void *arg)
{
	(void)arg;
	sum = *a + *b; /* error: a and b may be freed */
	return NULL;
}

int main(void)
{
	pthread_t t;
	void *p;

	posix_memalign(&p, 64, 64);
	a = p;
	b = aligned_alloc(64, 64);
	*a = 40;
	*b = 2;
	pthread_create(&t, NULL, reader, NULL);
	free(a);
	free(b);
	pthread_join(t, NULL);
	return 0;
}
