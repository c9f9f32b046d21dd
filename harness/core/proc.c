/*
 * proc.c - run a child in its own process group, capture its output through
 * pipes (head and tail kept, the middle cut and counted), bound its wall
 * time, and kill the whole group afterwards, with anything that left it
 * (reap.h), so that no grandchild outlives the run.
 *
 * If racelab is interrupted (SIGINT, SIGTERM, SIGHUP) while a child runs,
 * the handler kills the child's group at once; the wait below notices,
 * cleans up and dies of the same signal (rl_interrupt_exit).
 */
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Nested runs (the watchdog runs addr2line while explaining) leave the
 * orphan sweep to the outermost one. */
static int depth;

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

/* ------------------------------------------------------------ capture */

/* One output stream: the first RL_PROC_KEEP bytes, then a ring of the
 * last RL_PROC_KEEP; whatever fell between is only counted. */
struct capture {
	int fd; /* read end, -1 once at EOF */
	struct rl_buf head;
	char *ring;
	size_t ring_len, ring_pos; /* bytes held, next write position */
	size_t total;
};

static void capture_add(struct capture *c, const char *s, size_t n)
{
	size_t room = RL_PROC_KEEP - c->head.len;

	c->total += n;
	if (room > 0) {
		size_t k = n < room ? n : room;

		rl_buf_add(&c->head, s, k);
		s += k;
		n -= k;
	}
	if (n > 0 && c->ring == NULL)
		c->ring = rl_xmalloc(RL_PROC_KEEP);
	while (n > 0) {
		size_t k = RL_PROC_KEEP - c->ring_pos;

		k = n < k ? n : k;
		memcpy(c->ring + c->ring_pos, s, k);
		c->ring_pos = (c->ring_pos + k) % RL_PROC_KEEP;
		c->ring_len = c->ring_len + k < RL_PROC_KEEP ? c->ring_len + k
							     : RL_PROC_KEEP;
		s += k;
		n -= k;
	}
}

/* Read what is there now; false at EOF or error (fd closed). */
static bool capture_read(struct capture *c)
{
	char chunk[65536];
	ssize_t n;

	while ((n = read(c->fd, chunk, sizeof(chunk))) > 0)
		capture_add(c, chunk, (size_t)n);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return true;
	close(c->fd);
	c->fd = -1;
	return false;
}

/* A terminal must not take orders from the program through racelab: C0
 * controls other than \n and \t, DEL, and C1 controls in UTF-8 become '?'. */
static void sanitize(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
			s[i] = '?';
		else if (ch == 0xc2 && i + 1 < n &&
			 (unsigned char)s[i + 1] >= 0x80 &&
			 (unsigned char)s[i + 1] < 0xa0)
			s[i] = s[i + 1] = '?';
	}
}

/* The text kept, with the cut marked; *cut gets the bytes dropped. */
static char *capture_take(struct capture *c, const char *name, size_t *len,
			  size_t *cut)
{
	struct rl_buf b = c->head;
	size_t start = c->ring_len < RL_PROC_KEEP ? 0 : c->ring_pos;

	*cut = c->total - c->head.len - c->ring_len;
	if (*cut > 0)
		rl_buf_printf(&b,
			      "\n[racelab: %zu bytes of %s cut here; the "
			      "first and last %zu kept]\n",
			      *cut, name, RL_PROC_KEEP);
	if (c->ring_len > 0) {
		rl_buf_add(&b, c->ring + start, c->ring_len - start);
		rl_buf_add(&b, c->ring, start);
	}
	free(c->ring);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	*len = b.len;
	sanitize(b.s ? b.s : (char *)"", b.len);
	return rl_buf_take(&b);
}

/* ------------------------------------------------------------ the child */

static void child(const struct rl_proc *p, int out, int err, int ready)
{
	setpgid(0, 0);
	/* racelab killed outright (SIGKILL) takes its child along */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
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

/* ------------------------------------------------------------ waiting */

struct waiter {
	struct rl_proc *p;
	pid_t pid;
	int pidfd;
	struct capture cap[2];
	double deadline, next_poll, next_cpu, last_progress;
	long long cpu; /* clock ticks used so far, -1 unknown */
	bool reaped;   /* waitpid has returned the child's status */
};

/* CPU ticks used by pid (all its threads and reaped children), or -1. */
static long long cpu_ticks(pid_t pid)
{
	char path[64];
	char *st, *p;
	unsigned long long ut, stt;
	long long cut, cst;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((st = rl_read_file(path, NULL)) == NULL)
		return -1;
	p = strrchr(st, ')');
	if (p == NULL || sscanf(p + 1,
				" %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
				"%*u %llu %llu %lld %lld",
				&ut, &stt, &cut, &cst) != 4) {
		free(st);
		return -1;
	}
	free(st);
	return (long long)(ut + stt) + cut + cst;
}

/* Every half second: has the child used CPU since the last look? */
static void watch_progress(struct waiter *w)
{
	long long t;

	if (rl_now() < w->next_cpu)
		return;
	w->next_cpu = rl_now() + 0.5;
	t = cpu_ticks(w->pid);
	if (t != w->cpu)
		w->last_progress = rl_now();
	w->cpu = t;
}

/* Call p->poll when its interval has passed: true when it says stop. */
static bool poll_says_stop(struct waiter *w)
{
	struct rl_proc *p = w->p;

	if (p->poll == NULL || rl_now() < w->next_poll)
		return false;
	w->next_poll = rl_now() + p->poll_ms / 1000.0;
	if (p->poll(p, p->poll_arg) == 0)
		return false;
	p->stopped = true;
	return true;
}

/* How long poll() may sleep: until the deadline, the next poll or the next
 * CPU look, whichever comes first (ms). */
static int sleep_ms(const struct waiter *w)
{
	double t = w->p->timeout_s > 0 ? w->deadline : rl_now() + 3600;

	if (w->p->timeout_s > 0 && w->next_cpu < t)
		t = w->next_cpu;
	if (w->p->poll != NULL && w->next_poll < t)
		t = w->next_poll;
	if (w->pidfd < 0 && t > rl_now() + 0.002)
		t = rl_now() + 0.002; /* no pidfd: look with waitpid */
	return t <= rl_now() ? 0 : (int)((t - rl_now()) * 1000) + 1;
}

/* One wait step; true when the child has exited or must be stopped. */
static bool wait_step(struct waiter *w, int *wstatus)
{
	struct pollfd pf[3];
	int n = 0;

	if (w->pidfd >= 0)
		pf[n++] = (struct pollfd){.fd = w->pidfd, .events = POLLIN};
	for (int i = 0; i < 2; i++)
		if (w->cap[i].fd >= 0)
			pf[n++] = (struct pollfd){.fd = w->cap[i].fd,
						  .events = POLLIN};
	poll(pf, (nfds_t)n, sleep_ms(w));
	for (int i = 0; i < 2; i++)
		if (w->cap[i].fd >= 0)
			capture_read(&w->cap[i]);
	if (waitpid(w->pid, wstatus, WNOHANG) == w->pid)
		return w->reaped = true;
	if (rl_interrupted())
		return true;
	if (w->p->timeout_s > 0) {
		watch_progress(w);
		if (rl_now() >= w->deadline) {
			w->p->timed_out = true;
			w->p->idle_s = rl_now() - w->last_progress;
			return true;
		}
	}
	return poll_says_stop(w);
}

/* The child ended or must end: kill its group (and, outermost, every
 * leftover), reap it, and drain the pipes. */
static void finish(struct waiter *w, int *wstatus)
{
	kill(-w->pid, SIGKILL);
	while (!w->reaped && waitpid(w->pid, wstatus, 0) < 0 && errno == EINTR)
		;
	if (depth == 1)
		rl_reap_orphans();
	rl_reap_set_running(0);
	for (int i = 0; i < 2; i++)
		if (w->cap[i].fd >= 0)
			capture_read(&w->cap[i]);
}

/* Wait (bounded) for the started child; p's out-fields are filled in. */
static void wait_child(struct waiter *w)
{
	struct rl_proc *p = w->p;
	int wstatus = 0;
	double t0 = rl_now();

	w->pidfd = (int)syscall(SYS_pidfd_open, w->pid, 0);
	w->deadline = t0 + p->timeout_s;
	w->next_poll = t0 + p->poll_ms / 1000.0;
	w->next_cpu = t0;
	w->last_progress = t0;
	w->cpu = -1;
	while (!wait_step(w, &wstatus))
		;
	finish(w, &wstatus);
	if (w->pidfd >= 0)
		close(w->pidfd);
	p->seconds = rl_now() - t0;
	if (WIFEXITED(wstatus))
		p->status = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		p->status = 128 + (p->signal = WTERMSIG(wstatus));
}

/* ------------------------------------------------------------ run */

/* Pipes for the child's stdout and stderr (read ends non-blocking, bigger
 * than the default so a chatty child rarely waits for us). */
static int open_pipes(struct waiter *w, int wr[2])
{
	for (int i = 0; i < 2; i++) {
		int fds[2];

		if (pipe2(fds, O_CLOEXEC) != 0)
			return -1;
		fcntl(fds[0], F_SETFL, O_NONBLOCK);
		fcntl(fds[0], F_SETPIPE_SZ, 1 << 20);
		w->cap[i].fd = fds[0];
		wr[i] = fds[1];
	}
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Fork and exec; 0 with w->pid set, or -1 (message on stderr). */
static int spawn(struct waiter *w, int wr[2])
{
	struct rl_proc *p = w->p;
	int ready[2], e = 0;

	if (pipe2(ready, O_CLOEXEC) != 0) {
		fprintf(stderr, "racelab: cannot set up a child: %s\n",
			strerror(errno));
		return -1;
	}
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		fprintf(stderr, "racelab: fork: %s\n", strerror(errno));
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	if (w->pid == 0)
		child(p, wr[0], wr[1], ready[1]);
	setpgid(w->pid, w->pid); /* also in the child: whichever runs first */
	rl_reap_set_running(w->pid);
	p->pid = w->pid;
	close(ready[1]);
	while (read(ready[0], &e, sizeof(e)) < 0 && errno == EINTR)
		;
	close(ready[0]);
	if (e != 0) {
		p->exec_failed = true;
		errno = e;
	}
	return 0;
}

static void reset_out(struct rl_proc *p)
{
	p->timed_out = p->exec_failed = p->stopped = false;
	p->pid = p->signal = 0;
	p->status = 0;
	p->idle_s = 0;
	p->out = p->err = NULL;
	p->out_len = p->err_len = p->out_cut = p->err_cut = 0;
}

int rl_proc_run(struct rl_proc *p)
{
	struct waiter w = {.p = p, .cap = {{.fd = -1}, {.fd = -1}}};
	int wr[2] = {-1, -1}, rc = -1, e;

	rl_reap_init();
	rl_interrupt_check();
	reset_out(p);
	depth++;
	if (!p->passthrough && open_pipes(&w, wr) != 0)
		fprintf(stderr, "racelab: cannot set up a child: %s\n",
			strerror(errno));
	else if (spawn(&w, wr) == 0)
		rc = p->exec_failed ? -1 : 0;
	e = errno;
	close_fd(&wr[0]);
	close_fd(&wr[1]);
	if (w.pid > 0)
		wait_child(&w);
	depth--;
	if (!p->passthrough) {
		p->out =
		    capture_take(&w.cap[0], "stdout", &p->out_len, &p->out_cut);
		p->err =
		    capture_take(&w.cap[1], "stderr", &p->err_len, &p->err_cut);
	}
	for (int i = 0; i < 2; i++)
		close_fd(&w.cap[i].fd);
	if (depth == 0)
		rl_interrupt_check(); /* cleaned up: now die of it */
	errno = e;
	return rc;
}

void rl_proc_free(struct rl_proc *p)
{
	free(p->out);
	free(p->err);
	p->out = p->err = NULL;
}

void rl_text_sanitize(char *s, size_t n)
{
	sanitize(s, n);
}
