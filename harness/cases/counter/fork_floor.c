/*
 * fork_floor.c - the fork floor that `racelab bench sched` measures the
 * sched runtime against: what a schedule of the counter case would cost
 * if the scheduler did nothing but fork. Per iteration one child process,
 * whose 2 threads each call counter_increment (good/counter.c) twice, then
 * it exits; the parent waits for it.
 *
 * Usage: fork-floor N   (prints "N forks S.SSS s"; exit 0, or 1 when a
 * child's total is wrong or a system call fails)
 */
#include "counter.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { FLOOR_THREADS = 2, FLOOR_ITERS = 2 };

static void *floor_work(void *p)
{
	for (int i = 0; i < FLOOR_ITERS; i++)
		counter_increment(p);
	return NULL;
}

/* The child: the counter case's work, natively; exit 0 if it adds up. */
static void floor_child(void)
{
	struct counter *c = counter_create();
	pthread_t t[FLOOR_THREADS];

	if (c == NULL)
		_exit(1);
	for (int i = 0; i < FLOOR_THREADS; i++)
		if (pthread_create(&t[i], NULL, floor_work, c) != 0)
			_exit(1);
	for (int i = 0; i < FLOOR_THREADS; i++)
		pthread_join(t[i], NULL);
	exit(counter_get(c) == FLOOR_THREADS * FLOOR_ITERS ? 0 : 1);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 1000;
	struct timespec a, b;
	int st;

	if (n <= 0) {
		fprintf(stderr, "usage: fork-floor N (N > 0)\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid == 0)
			floor_child();
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%ld forks %.6f s\n", n,
	       (double)(b.tv_sec - a.tv_sec) +
		   (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}
