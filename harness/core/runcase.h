/*
 * runcase.h - run one case variant under one tool with the case's declared
 * settings (driver args, runs, timeout) plus overrides, and judge it.
 */
#ifndef RACELAB_RUNCASE_H
#define RACELAB_RUNCASE_H

#include "cases.h"
#include "judge.h"
#include "tools.h"

struct rl_overrides {
	long threads; /* 0 = case default */
	long iters;   /* -1 = case default */
	long runs;    /* 0 = case default */
	double timeout;
	unsigned long seed;
	const char *strategy;
	int depth;
	long spurious; /* sched: spurious wakeups per schedule (0 = none) */
	bool sc;       /* sched: --memory sc (default c11) */
};

struct rl_case_run {
	const struct rl_case *c;
	const char *variant;
	const struct rl_tool *tool;
	const struct rl_expect *expect; /* NULL when undeclared */
	char **argv;			/* the driver args used */
	struct rl_obs obs;
	enum rl_result result;
	char *why; /* NULL on PASS */
};

void rl_case_run(const struct rl_case *c, const char *variant,
		 const struct rl_tool *t, const struct rl_overrides *ov,
		 struct rl_case_run *out);
void rl_case_run_free(struct rl_case_run *r);

/*
 * The case's driver args under tool (malloc'd array of malloc'd strings,
 * free with rl_argv_free), with -t threads (when > 0) and -i iters (when
 * >= 0) put in place of the case's own, or added.
 */
char **rl_case_driver_args(const struct rl_case *c, const char *tool,
			   long threads, long iters);

/* "report \"data race\" in counter_increment, bad/counter.c" */
char *rl_expect_describe(const struct rl_expect *e);

/* A few words for the capability table: "caught: data race", "clean",
 * "false positive: Race", "reproduced: deadlock", "luck: 3/5 runs broke". */
char *rl_case_run_cell(const struct rl_case_run *r);

/* The run as one JSON object (the schema of docs/json.md). */
char *rl_case_run_json(const struct rl_case_run *r);

#endif
