/*
 * watchdog.h - catch a native program that really deadlocked, say why, and
 * end it. Room: harness/core (used by the `native` runner in tools.c).
 *
 * While the program runs, every thread of it is sampled from /proc
 * (task/TID/stat, syscall, schedstat). The process is "all blocked" when
 * every thread sits in a futex wait with no timeout and nothing changes -
 * not the waits, not the CPU time of any thread - over `samples` samples
 * `interval_ms` apart. Then, while the process is still there, the watchdog
 * reads from its memory (/proc/PID/mem) each futex word, the owner TID glibc
 * keeps in a locked mutex (__data.__owner) and a slice of each blocked
 * thread's stack, and builds the waits-for graph (thread -> mutex -> owning
 * thread; thread -> joined thread). The rule for calling a deadlock:
 *   - a cycle in that graph is proof: called at once;
 *   - all blocked with no cycle is called only when nothing outside the
 *     threads could end a wait - no signal handler the threads do not all
 *     block, no pending signal, no POSIX timer, no futex in process-shared
 *     memory another process could post - and the state lasts `quiet_s`;
 *   - otherwise it is never called: the run's timeout decides, and the
 *     note says why the watchdog held back.
 * On a call rl_proc kills the process group; afterwards the watchdog finds
 * the cycles and symbolizes each blocked thread's call site (the return
 * addresses on its stack that follow a real call instruction, checked
 * caller by caller against the ELF symbols) with addr2line.
 *
 * Naming the locks: a lock in a global or static variable is named by its
 * symbol (lock_a, account_gate). A program may name the others by printing
 * legend lines on stderr, read from the captured output after the run:
 *     racelab-legend: ADDRESS SIZE NAME...
 * e.g. "racelab-legend: 0x5581e0a2c2b0 40 account 0's lock". The child runs
 * with RACELAB_WATCHDOG=1 in its environment so that it can print a legend
 * only when someone reads it.
 *
 * What it cannot see: a livelock or a spin-wait (threads burn CPU), a
 * deadlock in which some thread waits with a timeout or outside a futex
 * (pipe read, sleep, a signal wait, a timerfd), a process whose threads are
 * waiting on another process. Those end at the run's timeout, as any hang
 * does.
 */
#ifndef RACELAB_WATCHDOG_H
#define RACELAB_WATCHDOG_H

#include "proc.h"

#include <stdbool.h>

struct wd_state; /* the samples and what was captured (watchdog.c) */

struct rl_watchdog {
	/* settings: rl_watchdog_init sets the defaults */
	int interval_ms; /* between samples */
	int samples;	 /* identical all-blocked samples before deciding */
	double quiet_s;	 /* all blocked, no cycle, nothing outside that
			    could end it: called after this long */
	/* result */
	bool caught;	    /* a deadlock was called and the group killed */
	char *report;	    /* the waits-for cycle, for people (malloc'd) */
	char *note;	    /* why the watchdog could not see or did not
			       call a hang that ran into the timeout */
	int nthreads;	    /* threads blocked when it was called */
	int ncycle;	    /* threads on waits-for cycles */
	double stuck_s;	    /* first all-blocked sample -> the call */
	double caught_at_s; /* start of the run -> the call */
	/* private */
	struct wd_state *st;
};

/* Defaults: a sample every 25 ms; a cycle is called after 4 identical
 * all-blocked ones (75 ms of no progress at all), a state with no cycle and
 * nothing outside that could end it after a quiet period of 1 s. */
void rl_watchdog_init(struct rl_watchdog *w);

/*
 * Run p (set up as for rl_proc_run; p->poll and p->env_add are taken over
 * and restored) under the watchdog. Same return as rl_proc_run. When a hang
 * is caught, w->caught, w->report, p->stopped, and p->status is 128+SIGKILL.
 */
int rl_watchdog_run(struct rl_watchdog *w, struct rl_proc *p);

void rl_watchdog_free(struct rl_watchdog *w);

#endif
