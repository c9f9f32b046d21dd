/*
 * out.h - how racelab talks: colour on a terminal (NO_COLOR respected),
 * aligned human output, JSON for machines, and the exit codes.
 */
#ifndef RACELAB_OUT_H
#define RACELAB_OUT_H

#include "color.h"
#include "json.h"
#include "judge.h"
#include "runcase.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes of racelab (docs/exit-codes.md). */
enum {
	RL_EXIT_OK = 0,	   /* expectations hold / nothing found */
	RL_EXIT_FAIL = 1,  /* an expectation failed / scan found something */
	RL_EXIT_USAGE = 2, /* bad command line or input */
	RL_EXIT_INVARIANT = 3, /* a run or schedule broke the invariant */
	RL_EXIT_DEADLOCK = 4,  /* a run or schedule deadlocked */
	RL_EXIT_CRASH = 5,     /* a run or schedule crashed */
	RL_EXIT_SCHED = 6,     /* step bound / uncontrolled blocking / hang */
	RL_EXIT_DIVERGED = 7,  /* a replay did not follow its schedule */
	RL_EXIT_UNJUDGED = 8,  /* sched could not judge the program (an
				  unsupported call, no report): the reason
				  is printed; neither finding nor clean */
	RL_EXIT_INTERNAL = 70, /* racelab itself failed */
	RL_EXIT_SKIP = 77,     /* the tool is missing: nothing was checked */
};

/* ANSI colour codes, or "" when colour is off: color.h. */

/* "PASS"/"FAIL"/"SKIP" coloured for the terminal. */
const char *rl_result_colored(enum rl_result r);

/* One-line error "racelab: <msg>" to stderr; returns RL_EXIT_USAGE. */
int rl_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "Write of size 8 by T2": what an access was and which thread did it. */
char *rl_access_who(const struct rl_access *a);

/* Print the findings of rep, one block each, for people. */
void rl_print_findings(FILE *f, const struct rl_report *rep, size_t max);

/* Print one judged run for people (racelab run). */
void rl_print_run(FILE *f, const struct rl_case_run *r);

/* Map a sched failure kind to its exit code. */
int rl_exit_for_failure(const char *fail_kind);

#endif
