/*
 * proc.c - run a child in its own process group, capture its output, bound
 * its wall time, and kill the whole group afterwards so that no grandchild
 * (a deadlocked thread's process, a valgrind helper) outlives the run.
 *
 * If racelab itself is interrupted (SIGINT, SIGTERM, SIGHUP) while a child
 * runs, the handler kills the child's group before racelab dies.
 */
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t running_pgid;

static void on_fatal_signal(int sig)
{
	if (running_pgid > 0)
		kill(-running_pgid, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	static bool done;
	int sigs[] = {SIGINT, SIGTERM, SIGHUP};

	if (done)
		return;
	done = true;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_fatal_signal);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *rl_tmpdir_make(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl =
	    rl_xasprintf("%s/racelab.XXXXXX", base && *base ? base : "/tmp");

	if (mkdtemp(tmpl) == NULL) {
		fprintf(stderr,
			"racelab: cannot create a temporary directory "
			"in %s: %s (set TMPDIR)\n",
			base && *base ? base : "/tmp", strerror(errno));
		free(tmpl);
		return NULL;
	}
	return tmpl;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path); /* best effort: keep going */
	return 0;
}

void rl_tmpdir_remove(char *dir)
{
	if (dir == NULL)
		return;
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

char *rl_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct rl_buf b = {0};
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rl_buf_add(&b, chunk, n);
	fclose(f);
	if (len != NULL)
		*len = b.len;
	return rl_buf_take(&b);
}

static void child(const struct rl_proc *p, int out, int err, int ready)
{
	setpgid(0, 0);
	if (!p->passthrough) {
		dup2(out, STDOUT_FILENO);
		dup2(err, STDERR_FILENO);
	}
	for (char *const *e = p->env_add; e != NULL && *e != NULL; e++)
		putenv(*e);
	if (p->keep_fd > 2)
		fcntl(p->keep_fd, F_SETFD, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	execvp(p->argv[0], p->argv);
	/* Tell the parent exec failed, with errno, through the CLOEXEC pipe. */
	int e = errno;
	if (write(ready, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* Call p->poll when its interval has passed: true when it says stop. */
static bool poll_says_stop(struct rl_proc *p, double *next)
{
	if (p->poll == NULL || now() < *next)
		return false;
	*next = now() + p->poll_ms / 1000.0;
	if (p->poll(p, p->poll_arg) == 0)
		return false;
	p->stopped = true;
	return true;
}

/*
 * Wait for pid up to p->timeout_s (0 = forever), calling p->poll on the way.
 * true when it exited (*wstatus set); false on timeout or when poll said
 * stop.
 */
static bool wait_bounded(struct rl_proc *p, pid_t pid, int *wstatus)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	double deadline = now() + p->timeout_s;
	double next_poll = now() + p->poll_ms / 1000.0;
	bool exited = false;

	for (;;) {
		/* Wake for the deadline, the next poll, or (no pidfd) 2 ms. */
		double left = p->timeout_s > 0 ? deadline - now() : 3600;
		double step = left;
		struct pollfd pf = {.fd = pfd, .events = POLLIN};

		if (left <= 0)
			break;
		if (p->poll != NULL && next_poll - now() < step)
			step = next_poll - now() > 0 ? next_poll - now() : 0;
		if (pfd < 0) {
			if (waitpid(pid, wstatus, WNOHANG) == pid) {
				exited = true;
				break;
			}
			if (step > 0.002)
				step = 0.002;
			usleep((useconds_t)(step * 1e6));
		} else if (poll(&pf, 1, (int)(step * 1000) + 1) > 0) {
			break;
		}
		if (poll_says_stop(p, &next_poll))
			break;
	}
	if (pfd >= 0)
		close(pfd);
	if (p->stopped)
		return false; /* the caller kills the group and reaps it */
	return exited || waitpid(pid, wstatus, WNOHANG) == pid;
}

static int open_capture(const char *dir, const char *name, char **path)
{
	*path = rl_xasprintf("%s/%s", dir, name);
	return open(*path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

/* Start the child and wait for it (bounded); p's out-fields are filled in.
 * -1 when it could not be forked. */
static int spawn_and_wait(struct rl_proc *p, int out, int err, int pipefd[2])
{
	int wstatus = 0, e = 0;
	double t0 = now();
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "racelab: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0)
		child(p, out, err, pipefd[1]);
	setpgid(pid, pid); /* also in the child: whichever runs first wins */
	running_pgid = pid;
	p->pid = pid;
	close(pipefd[1]);
	pipefd[1] = -1;
	if (read(pipefd[0], &e, sizeof(e)) == (ssize_t)sizeof(e))
		p->exec_failed = true;

	if (!wait_bounded(p, pid, &wstatus)) {
		p->timed_out = !p->stopped;
		kill(-pid, SIGKILL);
		waitpid(pid, &wstatus, 0);
	}
	kill(-pid, SIGKILL); /* anything the child left behind in its group */
	running_pgid = 0;
	p->seconds = now() - t0;
	if (WIFEXITED(wstatus))
		p->status = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		p->status = 128 + WTERMSIG(wstatus);
	if (p->exec_failed)
		errno = e;
	return 0;
}

int rl_proc_run(struct rl_proc *p)
{
	char *dir = NULL, *outp = NULL, *errp = NULL;
	int out = -1, err = -1, pipefd[2] = {-1, -1}, rc = -1;

	install_handlers();
	p->timed_out = p->exec_failed = p->stopped = false;
	p->pid = 0;
	p->out = p->err = NULL;
	p->out_len = p->err_len = 0;
	if (!p->passthrough) {
		dir = rl_tmpdir_make();
		if (dir == NULL)
			return -1;
		out = open_capture(dir, "stdout", &outp);
		err = open_capture(dir, "stderr", &errp);
	}
	if ((!p->passthrough && (out < 0 || err < 0)) ||
	    pipe2(pipefd, O_CLOEXEC) != 0)
		fprintf(stderr, "racelab: cannot set up a child: %s\n",
			strerror(errno));
	else if (spawn_and_wait(p, out, err, pipefd) == 0)
		rc = p->exec_failed ? -1 : 0;
	if (rc == 0 && !p->passthrough) {
		p->out = rl_read_file(outp, &p->out_len);
		p->err = rl_read_file(errp, &p->err_len);
	}
	for (int i = 0; i < 2; i++)
		if (pipefd[i] >= 0)
			close(pipefd[i]);
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	free(outp);
	free(errp);
	rl_tmpdir_remove(dir);
	return rc;
}

void rl_proc_free(struct rl_proc *p)
{
	free(p->out);
	free(p->err);
	p->out = p->err = NULL;
}
