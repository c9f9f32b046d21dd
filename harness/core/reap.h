/*
 * reap.h - what racelab leaves behind: nothing. Temporary directories,
 * processes a program started (even in a new session), and runs cut short by
 * Ctrl-C or SIGTERM.
 *
 * Room: harness/core, under proc.c. The model:
 *   - racelab is a child subreaper (prctl PR_SET_CHILD_SUBREAPER): a
 *     grandchild whose parent dies is re-parented to racelab, not to init,
 *     even when it called setsid() and left the run's process group. After
 *     a run, rl_reap_orphans() kills and reaps every child left.
 *   - SIGINT, SIGTERM and SIGHUP set a flag and kill the running child's
 *     process group from the handler (kill is async-signal-safe); the code
 *     that was waiting then cleans up (rl_reap_orphans, every temporary
 *     directory still registered) and rl_interrupt_exit() dies of the same
 *     signal, so the caller's shell sees what happened.
 *
 * Contract: a process that calls rl_proc_run has no children of its own
 * besides those runs (`racelab check` forks workers and runs nothing itself);
 * every other child is a leftover of a run and is killed.
 */
#ifndef RACELAB_REAP_H
#define RACELAB_REAP_H

#include <stdbool.h>
#include <sys/types.h>

/* Become a subreaper and install the interrupt handlers (idempotent). */
void rl_reap_init(void);

/* The process group the handlers kill on an interrupt (0: none). Safe to
 * call around fork/wait; the handler reads it. */
void rl_reap_set_running(pid_t pgid);

/* Kill (SIGKILL, with its process group) and reap every child of this
 * process, again for their children re-parented to us, until none is left.
 * Returns how many were killed. */
int rl_reap_orphans(void);

/* The signal that interrupted racelab, or 0. */
int rl_interrupted(void);

/* After an interrupt: remove every registered temporary directory, then
 * die of the signal that interrupted us. Never returns. */
void rl_interrupt_exit(void) __attribute__((noreturn));

/* If interrupted, rl_interrupt_exit(); else return. */
void rl_interrupt_check(void);

/* A fresh private directory under $TMPDIR, registered for removal on an
 * interrupt; rl_tmpdir_remove deletes it and its contents. NULL (with one
 * line on stderr saying why) when it cannot be made. */
char *rl_tmpdir_make(void);
void rl_tmpdir_remove(char *dir);

/* Can temporary directories be made? NULL, or a one-line reason naming
 * TMPDIR and the fix (malloc'd). Commands call it first: a run that cannot
 * run is an error, never a pass. */
char *rl_tmpdir_problem(void);

#endif
