/*
 * runners.h - what the runner files (run_*.c) share, and the functions each
 * defines for its row of rl_tools[] (tools.c). Only tools.c and the runner
 * files include it; the rest of the harness goes through tools.h.
 */
#ifndef RACELAB_RUNNERS_H
#define RACELAB_RUNNERS_H

#include "judge.h"
#include "proc.h"
#include "tools.h"

#include <stdio.h>

/* ------------------------------------------------------------ shared */

/* Replace obs->note with msg (malloc'd, owned by obs from now on). */
void rl_obs_note(struct rl_obs *o, char *msg);

/* racelab could not run it: no verdict, the reason (malloc'd) in the note. */
void rl_obs_cannot_run(struct rl_obs *o, char *why);

/*
 * Take one finished process into obs: a normal exit (0, the tool's findings
 * code tool_code, or a case driver's 3 = invariant broken) or a broken run,
 * said in the program's own words where it left some; the driver's result
 * line into the histogram.
 */
/* Did the driver print its result line ("<case>: ...") in out? It prints
 * it last, so a run without it did not reach its end. Anywhere in out: a
 * submission's own printf without a newline may run into it. */
bool rl_result_seen(const char *case_id, const char *out);
void rl_obs_settle(struct rl_obs *o, const struct rl_run_req *r,
		   const struct rl_proc *p, int tool_code);

/*
 * The process ran (rc == 0): settle it with tool_code, then parse its report
 * (text, len) with parse into obs->rep, keeping the text in obs->raw. An
 * unreadable report, or the findings code with no finding in it, is
 * could-not-judge, said as "<who>'s report could not be read: ...".
 */
void rl_obs_take_report(struct rl_obs *o, const struct rl_run_req *r,
			const struct rl_proc *p, int tool_code,
			int (*parse)(const char *, size_t, struct rl_report *),
			const char *who);

/* r->runs processes of once, stopping at the first that has findings or
 * breaks (that run is the verdict). 0. */
int rl_obs_repeat(const struct rl_tool *t, const struct rl_run_req *r,
		  struct rl_obs *o,
		  void (*once)(const struct rl_tool *,
			       const struct rl_run_req *, struct rl_obs *));

/* "  invariant: LINE (N of M runs held)" when there is a result line. */
void rl_print_invariant(FILE *f, const struct rl_obs *o);

/* A deadlock the watchdog caught, with its waits-for cycle. (The default
 * print is these two.) */
void rl_print_deadlock(FILE *f, const struct rl_obs *o);

/* ------------------------------------------------------------ the rows */

/* run_native.c */
int rl_native_run(const struct rl_tool *t, const struct rl_run_req *r,
		  struct rl_obs *o);
void rl_native_print(FILE *f, const struct rl_obs *o);

/* run_tsan.c (clang's and gcc's runtime) */
int rl_tsan_run(const struct rl_tool *t, const struct rl_run_req *r,
		struct rl_obs *o);

/* run_asan.c */
int rl_asan_run(const struct rl_tool *t, const struct rl_run_req *r,
		struct rl_obs *o);

/* run_valgrind.c (helgrind, drd: --tool= is the row's name) */
const char *rl_valgrind_missing(const struct rl_tool *t);
int rl_valgrind_run(const struct rl_tool *t, const struct rl_run_req *r,
		    struct rl_obs *o);

/* run_sched.c */
struct rl_explore_result;
/* an exploration's result into obs: a failure (its trace, the replay line
 * apart), none, or could not judge (broken, with why); rc is rl_explore's
 * (non-zero: it could not run the program at all, also broken) */
void rl_sched_obs(int rc, const struct rl_explore_result *x, struct rl_obs *o);
int rl_sched_run(const struct rl_tool *t, const struct rl_run_req *r,
		 struct rl_obs *o);
enum rl_result rl_sched_judge(const struct rl_expect *e, const struct rl_obs *o,
			      char **why);
void rl_sched_print(FILE *f, const struct rl_obs *o);
/* scan --tool sched FILE.c...: build the files (their own main; a failed
 * assert is an invariant failure) with cflags and the sched runtime in a
 * temporary directory, then explore them as rl_sched_run does, r->argv as
 * the program's arguments. 0, or -1 after printing one line saying why the
 * files could not be built (not C, compile error, no compiler). */
int rl_sched_scan(const struct rl_tool *t, int nfiles, char **files,
		  const char *cflags, const struct rl_run_req *r,
		  struct rl_obs *o);

/* run_bounded.c: every schedule with at most RL_BOUNDED_PREEMPTIONS
 * preemptions of the sched build, in turn (a bounded proof on a good
 * variant; the first failing schedule on a bad one). An enumeration the
 * time budget ended is could not judge, never clean. */
#define RL_BOUNDED_PREEMPTIONS 2
int rl_bounded_run(const struct rl_tool *t, const struct rl_run_req *r,
		   struct rl_obs *o);
void rl_bounded_print(FILE *f, const struct rl_obs *o);

#endif
