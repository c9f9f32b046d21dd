/*
 * A semaphore re-initialised with sem_init after sem_destroy starts from
 * its new value, not the old one.
 */
// RUN: racelab scan --tool sched --runs 100 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>

static sem_t s;

int main(void)
{
	int v;

	sem_init(&s, 0, 3);
	sem_wait(&s);
	sem_destroy(&s);
	sem_init(&s, 0, 0);
	sem_getvalue(&s, &v);
	assert(v == 0);
	sem_post(&s);
	sem_getvalue(&s, &v);
	assert(v == 1);
	return 0;
}
