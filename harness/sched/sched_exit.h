/*
 * sched_exit.h - the exit codes of a program built with racelab's
 * deterministic scheduler (the `sched` build, build/sched/CASE-VARIANT).
 *
 * Room: harness/sched (the scheduler runtime). harness/core and the tests may
 * include this header; only the runtime's owners change the numbers.
 *
 * racelab does not judge by these: the runtime reports to racelab on its
 * own fd (sched_channel.h), because a program can exit with any status it
 * likes. The codes are for a person running a sched binary by hand.
 *
 * The program's own codes pass through unchanged: 0 its invariant held,
 * 2 usage error, 3 its invariant did not hold (a failed assert() in a
 * program built with the runtime also exits 3: it is an invariant failure).
 * The runtime adds its own codes, chosen away from TSan's 66, Valgrind's 67
 * and sysexits' 64..78 so that no tool's code is mistaken for another's.
 */
#ifndef RACELAB_SCHED_EXIT_H
#define RACELAB_SCHED_EXIT_H

enum {
	RS_EXIT_OK = 0,
	RS_EXIT_INVARIANT = 3,	 /* program said so (driver exit 3, assert) */
	RS_EXIT_DEADLOCK = 80,	 /* live threads, none enabled (incl. lost
				    wakeups: a waiter no live thread can wake) */
	RS_EXIT_CRASH = 81,	 /* SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, or
				    a use of freed memory */
	RS_EXIT_STEP_BOUND = 82, /* more than maxsteps schedule points */
	RS_EXIT_BLOCKING = 83,	 /* a thread blocked outside the model (a real
				    read(), an unwrapped lock): watchdog */
	RS_EXIT_DIVERGED = 84,	 /* a replayed schedule did not fit the run */
	RS_EXIT_CONFIG = 85,	 /* RACELAB_SCHED / RACELAB_SCHED_REPLAY is
				    malformed, or the runtime itself failed */
	RS_EXIT_UNSUPPORTED = 86, /* the program used what the runtime does
				     not model (pthread_cancel, fork, ...):
				     "unsupported: CALL at FILE:LINE". Not a
				     finding: the program was not judged */
};

#endif
