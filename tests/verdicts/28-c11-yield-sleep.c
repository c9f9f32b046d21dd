/*
 * Defect 28 (thrd_yield, thrd_sleep, thrd_exit, thrd_detach): a C11 thread
 * that yields while spinning on a flag another thread sets after a sleep,
 * and a detached thread that leaves by thrd_exit. Correct: nothing found.
 */
// RUN: racelab scan --tool sched --runs 100 %s
// EXIT: 0
// CHECK: nothing found
#include <stdatomic.h>
#include <threads.h>

static atomic_int flag, detached_ran;

static int setter(void *arg)
{
	struct timespec ts = {0, 1000};

	(void)arg;
	thrd_sleep(&ts, NULL);
	atomic_store(&flag, 1);
	return 0;
}

static int leaver(void *arg)
{
	(void)arg;
	atomic_store(&detached_ran, 1);
	thrd_exit(0);
}

int main(void)
{
	thrd_t t, d;

	thrd_create(&d, leaver, NULL);
	thrd_detach(d);
	thrd_create(&t, setter, NULL);
	while (!atomic_load(&flag))
		thrd_yield();
	thrd_join(t, NULL);
	return 0;
}
