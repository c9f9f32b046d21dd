/*
 * sched_yield: two threads take turns through an atomic turn variable,
 * yielding while it is not their turn; every step happens in order.
 */
// RUN: racelab scan --tool sched --runs 300 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

static atomic_int turn;
static int log_[4], n;

static void *player(void *arg)
{
	int me = *(int *)arg;

	for (int round = 0; round < 2; round++) {
		while (atomic_load(&turn) != me)
			sched_yield();
		log_[n++] = me;
		atomic_store(&turn, 1 - me);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	int ids[2] = {0, 1};

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, player, &ids[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert(n == 4 && log_[0] == 0 && log_[1] == 1 && log_[3] == 1);
	return 0;
}
