/*
 * judge.h - compare what a tool saw with what the case's expect file says.
 */
#ifndef RACELAB_JUDGE_H
#define RACELAB_JUDGE_H

#include "cases.h"
#include "tools.h"

/*
 * PASS when obs matches e; FAIL with *why (malloc'd, one line) when not; SKIP
 * when the tool was missing. e may be NULL (undeclared): always FAIL.
 */
enum rl_result rl_judge(const struct rl_expect *e, const struct rl_obs *obs,
			char **why);

/*
 * The judge of a tool that runs the program and reports (native, the
 * sanitizers, Valgrind): no watchdog deadlock unless may-fail, the invariant
 * held for clean, and the findings against the rule (tools.h: the default
 * judge of a row).
 */
enum rl_result rl_judge_findings(const struct rl_expect *e,
				 const struct rl_obs *obs, char **why);

/* Does finding f match kind (and function/file when given)? */
bool rl_finding_matches(const struct rl_finding *f, const char *kind,
			const char *function, const char *file);

/* The first frame of access a that lies in the program's own sources. */
const struct rl_frame *rl_access_where(const struct rl_access *a);

const char *rl_result_name(enum rl_result r);

#endif
