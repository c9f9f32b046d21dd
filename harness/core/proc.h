/*
 * proc.h - run one child program under a bound, and always clean up.
 *
 * The child runs in its own process group with stdout and stderr captured
 * through pipes, each kept to its first and last RL_PROC_KEEP bytes (the cut
 * is marked in the text and counted). On timeout, or when racelab is
 * interrupted, the whole group is killed; after every run, processes that
 * left the group (setsid) are killed too (reap.h), so nothing is left
 * running. Captured text never drives the terminal: control characters
 * other than newline and tab are replaced by '?', since racelab prints
 * parts of it.
 *
 * Room: harness/core. If racelab is interrupted during a run, rl_proc_run
 * cleans up and does not return (reap.h, rl_interrupt_exit).
 */
#ifndef RACELAB_PROC_H
#define RACELAB_PROC_H

#include "reap.h"

#include <stdbool.h>
#include <stddef.h>

/* Bytes of each stream kept at its start and at its end. */
#define RL_PROC_KEEP ((size_t)2 << 20)

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
	size_t out_cut, err_cut; /* bytes dropped from the middle */
	double seconds;		 /* wall time */
	int signal;		 /* the signal that ended the child, or 0 */
	/* On a timeout: seconds the child had used no CPU before it was
	 * killed (a blocked program), against a busy one. */
	double idle_s;
};

/* Run p to completion. 0 on success (whatever the child's status), -1 when
 * the child could not be run at all (errno-style message on stderr). */
int rl_proc_run(struct rl_proc *p);

void rl_proc_free(struct rl_proc *p);

/* Read a whole file; NULL on error. *len gets the size. */
char *rl_read_file(const char *path, size_t *len);

/* Make n bytes of s safe to print: controls other than \n and \t (C0,
 * DEL, C1 in UTF-8) become '?', as in captured output. */
void rl_text_sanitize(char *s, size_t n);

#endif
