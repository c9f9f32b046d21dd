/*
 * A mutex inside a heap block: main destroys and frees the block while the
 * worker may still lock the mutex in it.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: freed by
#include <pthread.h>
#include <stdlib.h>

struct box {
	pthread_mutex_t m;
	int n;
};

static void *worker(void *arg)
{
	struct box *b = arg;

	pthread_mutex_lock(&b->m); /* error: b may be freed */
	pthread_mutex_unlock(&b->m);
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct box *b = malloc(sizeof(*b));

	pthread_mutex_init(&b->m, NULL);
	b->n = 0;
	pthread_create(&t, NULL, worker, b);
	pthread_mutex_destroy(&b->m);
	free(b);
	pthread_join(t, NULL);
	return 0;
}
