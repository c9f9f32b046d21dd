/*
 * proc.h - run one child program under a bound, and always clean up.
 *
 * The child runs in its own process group with stdout and stderr captured to
 * files in a private temporary directory; on timeout (or when the caller is
 * interrupted) the whole group is killed, so nothing is left running.
 */
#ifndef RACELAB_PROC_H
#define RACELAB_PROC_H

#include <stdbool.h>
#include <stddef.h>

struct rl_proc {
	/* in */
	char *const *argv;    /* argv[0] is looked up in PATH if no '/' */
	char *const *env_add; /* "NAME=value" entries added to environ */
	double timeout_s;     /* 0 = none */
	bool passthrough;     /* child writes to our stdout/stderr instead */
	int keep_fd; /* > 2: an fd (opened close-on-exec) the child keeps */
	/*
	 * Optional watcher (the deadlock watchdog): called about every
	 * poll_ms while the child runs, after p->pid is set. A non-zero
	 * return kills the child's process group at once and ends the run
	 * with p->stopped set (not timed_out).
	 */
	int (*poll)(struct rl_proc *p, void *arg);
	void *poll_arg;
	int poll_ms;
	/* out */
	int pid;      /* the child, also its process group id */
	bool stopped; /* poll ended the run */
	int status;   /* exit status, or 128+signal */
	bool timed_out;
	bool exec_failed; /* argv[0] could not be started */
	char *out;	  /* captured stdout (NUL-terminated), or NULL */
	size_t out_len;
	char *err; /* captured stderr */
	size_t err_len;
	double seconds; /* wall time */
};

/* Run p to completion. 0 on success (whatever the child's status), -1 when
 * the child could not be run at all (errno-style message on stderr). */
int rl_proc_run(struct rl_proc *p);

void rl_proc_free(struct rl_proc *p);

/* A fresh private directory under $TMPDIR (removed by rl_tmpdir_remove). */
char *rl_tmpdir_make(void);
void rl_tmpdir_remove(char *dir);

/* Read a whole file; NULL on error. *len gets the size. */
char *rl_read_file(const char *path, size_t *len);

#endif
