/*
 * run.c - measuring: one forked child per measurement, rounds interleaved.
 *
 * Why a child each time: a bench's threads, allocator state and any crash
 * or hang stay in that row; the next implementation starts from the same
 * clean process. The child pins itself to one CPU for the shared-CPU
 * regime, runs, and writes its result to a pipe; the parent waits with a
 * deadline and kills it past that (a FAILED row, never a hung bench).
 */
#include "runner.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct result {
	int rc;
	double value;
	char why[BENCH_WHY];
};

/* Restrict this process to the first CPU it may use. */
static int pin_one_cpu(char *why)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return bench_why(why, -1, "sched_getaffinity: %s",
				 strerror(errno));
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set)) {
			CPU_ZERO(&set);
			CPU_SET(c, &set);
			break;
		}
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		return bench_why(why, -1, "sched_setaffinity: %s",
				 strerror(errno));
	return 0;
}

static void child(const struct row *r, double seconds, int fd)
{
	struct bench_cfg cfg = {r->threads, r->cpus, seconds};
	struct result res = {0, 0, ""};

	if (r->cpus == 1 && pin_one_cpu(res.why) != 0)
		res.rc = -1;
	else
		res.rc = r->impl->run(&cfg, r->impl->arg, &res.value, res.why);
	if (write(fd, &res, sizeof(res)) != (ssize_t)sizeof(res))
		_exit(70);
	_exit(0);
}

/* Wait for pid until deadline (monotonic seconds); kill it past that. */
static int wait_child(pid_t pid, double deadline)
{
	int status;

	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			return status;
		if (w < 0 && errno != EINTR)
			return -1;
		if (bench_now() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -2;
		}
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	}
}

/* Read the child's result, or describe how it ended instead. */
static void collect(struct row *r, int fd, int status, struct result *res)
{
	ssize_t n = read(fd, res, sizeof(*res));

	if (status == -2) {
		res->rc = -1;
		snprintf(res->why, sizeof(res->why),
			 "timed out (killed after the deadline)");
	} else if (n != (ssize_t)sizeof(*res)) {
		res->rc = -1;
		if (status >= 0 && WIFSIGNALED(status))
			snprintf(res->why, sizeof(res->why), "crashed: %s",
				 strsignal(WTERMSIG(status)));
		else
			snprintf(res->why, sizeof(res->why),
				 "ended without a result (status %d)", status);
	}
	(void)r;
}

static void measure(struct row *r, double seconds)
{
	struct result res = {0, 0, ""};
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		r->state = ROW_FAILED;
		snprintf(r->why, sizeof(r->why), "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		child(r, seconds, fds[1]);
	}
	close(fds[1]);
	status = wait_child(pid, bench_now() + 20 + seconds * 20);
	collect(r, fds[0], status, &res);
	close(fds[0]);
	if (res.rc == 0) {
		r->values[r->nvalues++] = res.value;
		return;
	}
	r->state = res.rc == BENCH_SKIP	    ? ROW_SKIP
		   : res.rc == BENCH_BROKEN ? ROW_BROKEN
					    : ROW_FAILED;
	memcpy(r->why, res.why, sizeof(r->why));
}

void bench_rounds(struct plan *p, int quiet)
{
	for (int round = 0; round < p->rounds; round++) {
		double t0 = bench_now();

		for (int i = 0; i < p->nrows; i++) {
			struct row *r = &p->rows[i];

			if (r->state == ROW_OK)
				measure(r, p->seconds);
		}
		if (!quiet)
			fprintf(stderr, "racelab bench: round %d/%d (%.0f s)\n",
				round + 1, p->rounds, bench_now() - t0);
	}
}
