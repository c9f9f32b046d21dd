/*
 * explore.h - drive the sched build: run schedules until one fails, replay
 * one exactly. (The runtime itself is in harness/sched/; its environment
 * and output are the only interface, described in rs_strategy.c, and its
 * exit codes are harness/sched/sched_exit.h.)
 *
 * Room: harness/core, owned with the sched runtime. rl_explore_run and
 * rl_explore_scan are the tool-runner contract (tools.c, cmd_scan.c);
 * rl_explore is the full API used by `racelab explore` / `replay` and the
 * tests.
 */
#ifndef RACELAB_EXPLORE_H
#define RACELAB_EXPLORE_H

#include "tools.h"

#include <stdbool.h>

/*
 * The `sched` tool for rl_tool_run: explore up to r->runs schedules of
 * r->binary with driver args r->argv, from seed r->seed, strategy
 * r->strategy (NULL = random) and depth r->depth. Fills o->schedules, and on
 * the first failing schedule o->fail_kind ("invariant", "deadlock", "crash",
 * ...), o->trace and o->replay; o->broken when the binary misbehaves
 * outside any schedule. 0, or -1 when it could not run at all.
 */
int rl_explore_run(const struct rl_run_req *r, struct rl_obs *o);

/*
 * `racelab scan --tool sched FILE.c...`: build the files (their own main; a
 * failed assert is an invariant failure) with the sched runtime in a
 * temporary directory, then explore them as rl_explore_run does (r->binary
 * and r->argv are ignored). 0, or -1 after printing one line saying why the
 * files could not be built (not C, compile error, no compiler).
 */
int rl_explore_scan(int nfiles, char **files, const struct rl_run_req *r,
		    struct rl_obs *o);

/* ------------------------------------------------------------ full API */

struct rl_explore_opts {
	const char *binary;	 /* a program built with the sched runtime */
	char *const *argv;	 /* its arguments (after argv[0]), or NULL */
	long runs;		 /* schedules to try (0 = 1000) */
	unsigned long long seed; /* the first; then seed+1, seed+2, ... */
	const char *strategy;	 /* "random" (NULL) or "pct" */
	int depth;		 /* PCT depth (0 = 3) */
	const char *schedule;	 /* replay this schedule string instead */
	double timeout;		 /* whole exploration, s (0 = 20 + runs/50) */
	bool exec_per_run;	 /* no fork server: one exec per schedule */
	/* the start of the replay command printed for a failure, e.g.
	 * "racelab replay counter --variant bad --threads 2 --iters 2";
	 * NULL: print the environment form (RACELAB_SCHED=... BINARY ARGS) */
	const char *replay_prefix;
	bool replay_seed_form; /* replay as "--seed S --strategy X --depth
				  D" even for PCT (racelab scan) */
};

struct rl_explore_result {
	const char *kind;	 /* NULL: none failing; else "invariant",
				    "deadlock", "crash", "step-bound",
				    "blocking", "diverged" or "error" */
	long schedules;		 /* schedules run, the failing one included */
	unsigned long long seed; /* the failing schedule's seed */
	char *schedule;		 /* its schedule string */
	char *trace;		 /* the runtime's report: trace, cycle, ... */
	char *result_line;	 /* the program's last stdout line, or NULL */
	char *replay;		 /* the exact command that repeats it */
	char *text;		 /* trace + "FAIL: ..." + "replay: ...", or
				    "N schedules, none failing" */
	char *out, *err;	 /* raw output of the (last) process */
	int status;		 /* its exit status */
	bool timed_out;
	double seconds;
	char *note; /* what went wrong running it, or NULL */
};

/*
 * Explore (or replay, when o->schedule is set) and fill *r, which the caller
 * zeroes and frees with rl_explore_result_free. 0, or -1 when the binary
 * could not be run at all (r->note says why).
 */
int rl_explore(const struct rl_explore_opts *o, struct rl_explore_result *r);
void rl_explore_result_free(struct rl_explore_result *r);

/*
 * Compile and link files (each with its own main in one of them) with the
 * sched runtime found under rl_libdir()/sched into dir/prog. 0 and
 * *binary (malloc'd), or -1 and *err (malloc'd, one line + the compiler's
 * output).
 */
int rl_explore_build(int nfiles, char **files, const char *dir, char **binary,
		     char **err);

#endif
