/*
 * sandbox.h - run untrusted code (a student's submission, its build
 * included) so that it can only hurt itself. Room: harness/core, used by the
 * grader (grade.c).
 *
 * With bubblewrap (bwrap): a fresh mount namespace holding only the system
 * directories (/usr, /etc, ... read-only), a private /tmp, an empty $HOME,
 * the work directory read-write and any extra read-only binds the caller
 * names (the case header, the sched runtime at link time); the project
 * tree - good/, the grader's checks - is simply not there. No network, its
 * own pid namespace (so killing it kills everything it started),
 * --die-with-parent, --new-session. Run as root, it first drops to a user
 * of its own (setpriv; 65000-65533, one per open sandbox) so that the
 * process limit applies at all - the kernel never counts root's processes
 * against RLIMIT_NPROC - and counts this sandbox's processes only.
 *
 * Always: rlimits (CPU seconds, address space, processes, file size - which
 * also caps captured output, open files) set with prlimit before anything
 * else runs, and the caller's wall-clock timeout on the process group
 * (proc.h). Without bwrap only the rlimits and the process group remain,
 * and rl_sandbox_mode() says "rlimits only" with the reason.
 */
#ifndef RACELAB_SANDBOX_H
#define RACELAB_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct rl_limits {
	long cpu_s;    /* RLIMIT_CPU, seconds */
	long as_mb;    /* RLIMIT_AS, MiB; 0 = unlimited (TSan maps TiBs) */
	long nproc;    /* RLIMIT_NPROC: processes + threads */
	long fsize_mb; /* RLIMIT_FSIZE, MiB: files and captured output */
	long nofile;   /* RLIMIT_NOFILE */
};

/* Limits for building and for running a submission. */
extern const struct rl_limits rl_limits_build, rl_limits_run;

struct rl_sandbox {
	char *work;	 /* read-write inside; owned by the sandbox user */
	bool bwrap;	 /* bubblewrap works here */
	bool drop_uid;	 /* we are root: run as the sandbox user uid */
	int uid;	 /* a user of this sandbox's own (sandbox.c) */
	int uid_lock;	 /* the open lock file that holds uid ... */
	bool uid_locked; /* ... when this is true (a zeroed struct: none) */
	char *why_not;	 /* why bwrap is not used, or NULL */
	char **binds;	 /* extra read-only paths (malloc'd), NULL-ended */
	size_t nbinds;
};

/*
 * Set up a sandbox around the existing directory work: probe bwrap once
 * (it may be installed yet unable to run, e.g. without user namespaces) and
 * hand work to the sandbox user. 0, or -1 with a message on stderr.
 */
int rl_sandbox_open(struct rl_sandbox *sb, const char *work);
void rl_sandbox_close(struct rl_sandbox *sb);

/* Make path (file or directory) readable inside, at the same place. */
void rl_sandbox_bind(struct rl_sandbox *sb, const char *path);
/* Forget the extra binds. */
void rl_sandbox_unbind(struct rl_sandbox *sb);

/* "bwrap" or "rlimits only (REASON)", for the grader's output. */
const char *rl_sandbox_mode(const struct rl_sandbox *sb);

/*
 * The argv that runs cmd inside the sandbox under lim: prlimit ...
 * [setpriv ...] [bwrap ...] cmd... (malloc'd strings in a malloc'd,
 * NULL-terminated array; free with rl_argv_free).
 */
char **rl_sandbox_argv(const struct rl_sandbox *sb, const struct rl_limits *lim,
		       char *const *cmd);

/*
 * Write an executable shell script at path that runs target with its own
 * arguments inside the sandbox (for runners that take a binary: native,
 * tsan, sched). With xml_fd set, an argument --xml-file=F is turned into
 * --xml-fd=3 with F opened outside, so that a tool inside can write a file
 * the sandbox user could not create (the valgrind shim). 0 or -1.
 */
int rl_sandbox_script(const struct rl_sandbox *sb, const struct rl_limits *lim,
		      const char *path, const char *target, bool xml_fd);

#endif
