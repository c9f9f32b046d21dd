/*
 * reap.c - leave nothing behind: temporary directories, leftover processes
 * (setsid() grandchildren included), and runs interrupted by a signal.
 * The model and the contract are in reap.h.
 */
#include "reap.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t running_pgid;

/* Async-signal-safe: a flag and a kill. The waiting code does the rest. */
static void on_interrupt(int sig)
{
	if (got_signal == 0)
		got_signal = sig;
	if (running_pgid > 0)
		kill(-running_pgid, SIGKILL);
}

void rl_reap_init(void)
{
	static pid_t done_in; /* a forked child must set it up again */
	const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;

	if (done_in == getpid())
		return;
	done_in = getpid();
	/* Orphans come to us, not to init: rl_reap_orphans can find them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a wait in poll() or waitpid() returns EINTR and the
	 * waiting code notices the flag at once */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

void rl_reap_set_running(pid_t pgid)
{
	running_pgid = pgid;
	if (pgid > 0 && got_signal != 0)
		kill(-pgid, SIGKILL); /* the signal came just before */
}

int rl_interrupted(void)
{
	return got_signal;
}

/* The parent of process pid from /proc/PID/stat, or -1. */
static pid_t parent_of(const char *pid)
{
	char path[64], buf[512], *close_paren;
	FILE *f;
	size_t n;
	int ppid = -1;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) state ppid ...": comm may hold spaces and parens */
	close_paren = strrchr(buf, ')');
	if (close_paren == NULL ||
	    sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
		return -1;
	return (pid_t)ppid;
}

/* Kill every current child (and its group); true if there was one. */
static int kill_children(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t self = getpid();
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		long pid;

		if (!rl_parse_long(e->d_name, 1, 0x7fffffff, &pid) ||
		    parent_of(e->d_name) != self)
			continue;
		/* a setsid() child leads its own group: take it along */
		kill(-(pid_t)pid, SIGKILL);
		kill((pid_t)pid, SIGKILL);
		while (waitpid((pid_t)pid, NULL, 0) < 0 && errno == EINTR)
			;
		n++;
	}
	closedir(d);
	return n;
}

int rl_reap_orphans(void)
{
	int total = 0, n;

	/* Each round kills one generation; the next is re-parented to us
	 * before waitpid returns for its parent (exit_notify). Bounded. */
	for (int round = 0; round < 1000 && (n = kill_children()) > 0; round++)
		total += n;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		; /* zombies that were already dead */
	return total;
}

/* ------------------------------------------------------ temporary dirs */

#define MAX_DIRS 32
static char *dirs[MAX_DIRS];

static void dir_register(char *dir, bool on)
{
	for (int i = 0; i < MAX_DIRS; i++) {
		if (on && dirs[i] == NULL) {
			dirs[i] = dir;
			return;
		}
		if (!on && dirs[i] == dir) {
			dirs[i] = NULL;
			return;
		}
	}
}

static const char *tmp_base(void)
{
	const char *base = getenv("TMPDIR");

	return base && *base ? base : "/tmp";
}

/* mkdtemp under TMPDIR; NULL with errno set. */
static char *make_dir(void)
{
	char *tmpl = rl_xasprintf("%s/racelab.XXXXXX", tmp_base());

	if (mkdtemp(tmpl) == NULL) {
		int e = errno;

		free(tmpl);
		errno = e;
		return NULL;
	}
	return tmpl;
}

char *rl_tmpdir_problem(void)
{
	char *dir = make_dir();

	if (dir != NULL) {
		rmdir(dir);
		free(dir);
		return NULL;
	}
	return rl_xasprintf("cannot create a temporary directory in %s%s: %s "
			    "(set TMPDIR to a writable directory, or unset "
			    "it)",
			    getenv("TMPDIR") && *getenv("TMPDIR") ? "TMPDIR="
								  : "",
			    tmp_base(), strerror(errno));
}

char *rl_tmpdir_make(void)
{
	char *dir = make_dir();

	if (dir == NULL) {
		char *why = rl_tmpdir_problem();

		fprintf(stderr, "racelab: %s\n", why ? why : "no temp dir");
		free(why);
		return NULL;
	}
	dir_register(dir, true);
	return dir;
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
	dir_register(dir, false);
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

void rl_interrupt_exit(void)
{
	int sig = got_signal ? got_signal : SIGTERM;

	rl_reap_orphans();
	for (int i = 0; i < MAX_DIRS; i++)
		if (dirs[i] != NULL)
			rl_tmpdir_remove(dirs[i]);
	fflush(NULL);
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

void rl_interrupt_check(void)
{
	if (got_signal != 0)
		rl_interrupt_exit();
}
