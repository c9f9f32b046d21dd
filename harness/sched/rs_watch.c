/*
 * rs_watch.c - the fork server's watchdog, kept in the parent.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * A run with its own watchdog thread (rs_core.c, rs_watchdog) pays for
 * creating and ending that thread on every schedule. In the fork server the
 * parent watches instead: each child stores its schedule-point count in
 * the memory it shares with the parent (rs_shared.progress), and the
 * parent, waiting for the child on a pidfd with a 50 ms timeout, compares
 * it. When it has not moved for the watchdog period, the parent sends the
 * child RS_WATCH_SIG; the child's handler (rs_core.c, rs_on_watch) makes
 * the same report its own watchdog thread would have made: the thread that
 * reached no schedule point, with the trace, "uncontrolled blocking". A
 * child that cannot answer (it blocks the signal, or its handler cannot
 * take the runtime's lock) is killed one period later and reported by the
 * parent as blocking without a trace (RS_RUN_STUCK).
 *
 * Without pidfds (Linux before 5.3) every child keeps its own watchdog
 * thread (rs_watch_on() is false). Called only in the fork server's parent,
 * except rs_watch_on(), which a child reads to know who watches it.
 */
#include "rs.h"

#include <poll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define RS_WATCH_TICK_MS 50

static int watch_state = -1; /* -1 not known yet, 0 off, 1 on */

static double watch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int watch_pidfd(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Does the parent watch its children? Decided once, before any fork. */
bool rs_watch_on(void)
{
	int fd;

	if (watch_state < 0) {
		fd = rs_cfg.watchdog_ms > 0 ? watch_pidfd(getpid()) : -1;
		watch_state = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	return watch_state == 1;
}

/* Before a child starts: nothing seen yet. */
void rs_watch_begin(struct rs_shared *sh)
{
	sh->progress = 0;
	sh->seen = 0;
	sh->changed = watch_now();
	sh->signalled = 0;
}

/* One look at a running child: ask it to report a stall, or kill it when
 * it could not. */
static void watch_check(pid_t pid, struct rs_shared *sh, double now)
{
	unsigned long p = __atomic_load_n(&sh->progress, __ATOMIC_RELAXED);
	double period = (double)rs_cfg.watchdog_ms / 1000.0;
	int started = RS_RUN_STARTED;

	if (p != sh->seen) {
		/* the child compares with seen: store it first */
		__atomic_store_n(&sh->seen, p, __ATOMIC_RELAXED);
		sh->changed = now;
		sh->signalled = 0;
		return;
	}
	if (now - sh->changed < period)
		return;
	if (sh->signalled == 0) {
		sh->signalled = now;
		__real_kill(pid, RS_WATCH_SIG);
		return;
	}
	/* no answer: unless it has just finished, it is stuck */
	if (now - sh->signalled >= period &&
	    __atomic_compare_exchange_n(&sh->state, &started, RS_RUN_STUCK,
					false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		__real_kill(pid, SIGKILL);
}

/*
 * Wait until one of fds[0..n) is readable (ready[i]), at most one tick
 * when the parent watches (forever when it does not), and look at each
 * child (pids[i], watched through sh[i]) whose fd is not. Returns early on
 * a signal (the budget's).
 */
void rs_watch_fds(const int *fds, const pid_t *pids,
		  struct rs_shared *const *sh, int n, bool *ready)
{
	struct pollfd pfd[RS_WATCH_MAX];
	bool watch = rs_watch_on();
	double now;
	int rc;

	if (n > RS_WATCH_MAX)
		n = RS_WATCH_MAX;
	for (int i = 0; i < n; i++) {
		pfd[i].fd = fds[i];
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	rc = poll(pfd, (nfds_t)n, watch ? RS_WATCH_TICK_MS : -1);
	now = watch_now();
	for (int i = 0; i < n; i++) {
		ready[i] = rc > 0 && fds[i] >= 0 && pfd[i].revents != 0;
		if (!ready[i] && watch)
			watch_check(pids[i], sh[i], now);
	}
}

/*
 * Wait up to one tick for any of the n children (pids[i], watched through
 * sh[i]) to end, and look at each one: the caller then reaps the ones that
 * ended (waitpid WNOHANG). Returns early on a signal (the budget's).
 */
void rs_watch_wait(const pid_t *pids, struct rs_shared *const *sh, int n)
{
	int fds[RS_WATCH_MAX] = {0};
	bool ready[RS_WATCH_MAX];

	if (n > RS_WATCH_MAX)
		n = RS_WATCH_MAX;
	for (int i = 0; i < n; i++)
		fds[i] = watch_pidfd(pids[i]);
	rs_watch_fds(fds, pids, sh, n, ready);
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}
