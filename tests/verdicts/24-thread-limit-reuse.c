/*
 * Defect 24: the runtime's thread limit counted every thread ever created,
 * so 400 create/join pairs with at most 2 alive failed with the runtime's
 * message swallowed. Only threads alive or unjoined count; a correct program
 * is judged, and its schedules run.
 */
// RUN: racelab scan --tool sched --runs 10 %s
// EXIT: 0
// CHECK: nothing found
// CHECK-NOT: note:
// TIMEOUT: 60
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int done;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	done++;
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	for (int i = 0; i < 200; i++) {
		pthread_t a, b;

		pthread_create(&a, NULL, worker, NULL);
		pthread_create(&b, NULL, worker, NULL);
		pthread_join(a, NULL);
		pthread_join(b, NULL);
	}
	assert(done == 400);
	return 0;
}
