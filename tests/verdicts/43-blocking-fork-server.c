/*
 * A thread blocked outside the model (a real read() of a pipe nobody
 * writes) in a run of the fork server (--runs > 1), whose parent does the
 * watching: no schedule point for the watchdog period (3 s), and the run
 * reports where it is stuck, thread and line, as its own watchdog thread
 * would: could not judge, exit 8. With every signal blocked the run cannot
 * answer; the parent ends it one period later and says so.
 */
// clang-format off
// RUN: racelab scan --tool sched --runs 5 %s
// EXIT: 8
// CHECK: could not judge
// CHECK: UNCONTROLLED BLOCKING: T1 reached no schedule point for 3.0 s
// CHECK: 43-blocking-fork-server.c:
// CHECK-NOT: failing schedule
// TIMEOUT: 40
// RUN: racelab scan --tool sched --runs 5 %s -- mask
// EXIT: 8
// CHECK: could not judge
// CHECK: reached no schedule point for 3.0 s and could not report where
// CHECK-NOT: failing schedule
// TIMEOUT: 40
// clang-format on
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int fds[2];
static int started;

static void *reader(void *arg)
{
	char c;

	(void)arg;
	started = 1;
	if (read(fds[0], &c, 1) < 0) /* blocks: nobody writes */
		return NULL;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc > 1 && strcmp(argv[1], "mask") == 0) {
		sigset_t all;

		sigfillset(&all);
		pthread_sigmask(SIG_BLOCK, &all, NULL);
	}
	if (pipe(fds) != 0)
		return 1;
	pthread_create(&t, NULL, reader, NULL);
	pthread_join(t, NULL);
	return started ? 0 : 1;
}
