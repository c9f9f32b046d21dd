/*
 * Defect 2: when the time budget ends before even one schedule finished,
 * nothing was explored: racelab could not judge the program (exit 8, the
 * reason printed), which is neither "nothing found" nor a failing
 * "blocking" schedule. (The program computes for minutes before it starts
 * its threads; the budget is 1 s.)
 */
// RUN: racelab scan --tool sched --runs 10 --timeout 1 %s
// EXIT: 8
// CHECK: could not judge
// CHECK: no schedule finished within the time budget
// CHECK-NOT: blocking
// CHECK-NOT: nothing found
// TIMEOUT: 40
#include <pthread.h>

static int done;

static void *worker(void *arg)
{
	(void)arg;
	done = 1;
	return NULL;
}

int main(void)
{
	unsigned long x = 0;
	pthread_t t;

	/* local work: no shared access, so no schedule point */
	for (unsigned long i = 0; i < 400000000000UL; i++) {
		x += i;
		__asm__ volatile("" : "+r"(x));
	}
	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return done && x != 1 ? 0 : 3;
}
