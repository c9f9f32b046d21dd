/*
 * sched_channel.h - how a sched program reports to racelab: its own fd,
 * never its exit status or its stderr (which the program itself writes).
 *
 * Room: harness/sched, shared with harness/core/schedrep.c (the reader).
 * Only the runtime's owners change the protocol; docs/sched.md describes it.
 *
 * racelab opens a file and names its fd in RACELAB_SCHED_FD. The runtime
 * takes the fd at start-up (before main), marks it close-on-exec and removes
 * the variable, so the program's own children never see it. It then writes
 * records, each one line "WORD ARGS\n", except blobs: "WORD LEN\n", LEN
 * bytes, "\n". One run ends in exactly one result:
 *
 *   result kind=K run=I seed=0xS strategy=random|pct|replay steps=N
 *          decisions=N status=C [depth=D k=K bound=B] [maxsteps=M]
 *   schedule STR         the thread chosen at each decision ("-" if none)
 *   headline LEN         one line: what happened (not for kind=pass)
 *   text LEN             the report: trace, waits-for cycle, ...
 *   end
 *
 * and a fork server (runs=N) adds, last of all:
 *
 *   done runs=N stopped=all|fail|budget|exhausted
 *
 * A record racelab does not know, or a result without its "end", makes the
 * whole report unreadable: racelab then says it could not judge the
 * program. No report at all means the program ended outside the runtime
 * (it called _exit, closed the fd, or is not a sched build).
 */
#ifndef RACELAB_SCHED_CHANNEL_H
#define RACELAB_SCHED_CHANNEL_H

#include <signal.h>
#include <stdbool.h>

#define RS_CHANNEL_ENV "RACELAB_SCHED_FD"

/*
 * The result kinds. Failing schedules (racelab: a finding): invariant (an
 * assert failed or the program exited with status 3), exit (any other
 * non-zero status), deadlock, crash, diverged (a replay that did not fit).
 * Could not judge: unsupported (a call the runtime does not model), error
 * (the runtime itself failed), no-report (the fork server saw a schedule
 * end without the runtime's report), step-bound (a livelock or a long
 * run), blocking (a thread outside the model: blocked, or computing).
 * pass: the schedule ran to the end with status 0.
 */

/* Signals that mean the program crashed (a finding), not that it was
 * stopped from outside (SIGKILL, SIGTERM: could not judge). */
static inline bool rs_signal_is_crash(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT ||
	       sig == SIGFPE || sig == SIGILL || sig == SIGTRAP ||
	       sig == SIGSYS;
}

#endif
