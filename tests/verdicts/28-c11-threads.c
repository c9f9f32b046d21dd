/*
 * Defect 28: C11 <threads.h> ran outside the model with no warning, so this
 * lost update was left to the real scheduler (which almost never shows it)
 * and the program was called clean. thrd_*, mtx_*, cnd_* and call_once are
 * modelled: the schedule that loses the update is found.
 */
// RUN: racelab scan --tool sched --runs 200 %s
// EXIT: 1
// CHECK: failing schedule: invariant
// CHECK: count == 2
#include <assert.h>
#include <threads.h>

static int count;

static int worker(void *arg)
{
	(void)arg;
	count++; /* error: unlocked read-modify-write */
	return 0;
}

int main(void)
{
	thrd_t t[2];

	for (int i = 0; i < 2; i++)
		thrd_create(&t[i], worker, NULL);
	for (int i = 0; i < 2; i++)
		thrd_join(t[i], NULL);
	assert(count == 2);
	return 0;
}
