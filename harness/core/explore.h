/*
 * explore.h - drive the sched build: run schedules until one fails, replay
 * one exactly. (The runtime itself is in harness/sched/: racelab sets its
 * environment (rs_strategy.c) and reads its report from its own fd
 * (sched_channel.h, read by schedrep.c); neither the program's exit
 * status nor its output decides a verdict.)
 *
 * Room: harness/core, owned with the sched runtime. The sched row of the
 * tool table (run_sched.c) and `racelab explore` / `replay` and the tests
 * use it; it knows nothing of the tool table.
 */
#ifndef RACELAB_EXPLORE_H
#define RACELAB_EXPLORE_H

#include <stdbool.h>

/* Schedules explored when the caller does not say. */
#define RL_EXPLORE_DEFAULT_RUNS 1000

/* ------------------------------------------------------------ full API */

struct rl_explore_opts {
	const char *binary;	 /* a program built with the sched runtime */
	char *const *argv;	 /* its arguments (after argv[0]), or NULL */
	long runs;		 /* schedules to try (0 = 1000) */
	unsigned long long seed; /* the first; then seed+1, ... (mod 2^64) */
	const char *strategy;	 /* "portfolio" (NULL), "random", "pos" or
				    "pct" */
	int depth;		 /* PCT depth (0 = 3) */
	long pct_k;		 /* PCT k (0 = learn it from earlier runs) */
	const char *schedule;	 /* replay this schedule string instead */
	double timeout;		 /* the time budget, s (0 = 20 + runs/50) */
	bool exec_per_run;	 /* no fork server: one exec per schedule */
	bool main_void;		 /* main is declared void: no exit status */
	long spurious; /* spurious cond wakeups per schedule, at most (0 =
			  none): part of what a seed or schedule means */
	bool sc;       /* --memory sc: sequential consistency instead of the
			  C11 weak-memory model (the default); part of what
			  a seed or schedule means */
	long jobs;     /* schedules run at once (0 = one per CPU); never
			  changes which schedule fails first */
	bool fork_per_run; /* a new child for every schedule (the runtime's
			      default runs many in one child, the program
			      reset between them); never changes a result */
	bool no_shrink;	   /* report a failure as found, not shrunk to the
			      fewest preemptions: which schedule fails
			      first is the same, its report is longer */
	/* the replay command printed for a failure is replay_prefix, the
	 * options that pick the schedule, then replay_suffix, e.g.
	 * "racelab replay counter --variant bad --threads 2 --iters 2";
	 * NULL: print the environment form (RACELAB_SCHED=... BINARY ARGS) */
	const char *replay_prefix;
	const char *replay_suffix;
	/* every schedule with at most `preemptions` preemptions, in turn,
	 * instead of a strategy (runs: a cap; 0 = no cap but the time
	 * budget) */
	bool exhaustive;
	long preemptions;
};

struct rl_explore_result {
	/* NULL: no failing schedule. Else, when !unjudged, the failure:
	 * "invariant", "exit", "deadlock", "crash" or "diverged"; when
	 * unjudged, why racelab could not judge the program: "unsupported",
	 * "error", "no-report", "timeout", "unreadable", "budget" (no
	 * schedule finished), "step-bound" (a livelock or a run too long for
	 * sched) or "blocking" (a thread outside the model for the watchdog
	 * period: blocked in a real call, or computing). */
	const char *kind;
	bool unjudged;
	bool budget_stopped; /* the time budget ended the exploration */
	bool shrunk; /* the failure was shrunk (fewest preemptions): replay
			it by its schedule string */
	long shrunk_from, preemptions; /* ... from and to (when shrunk) */
	bool exhausted; /* exhaustive: every schedule within the bound ran */
	long schedules; /* schedules run, the failing one included */
	unsigned long long seed; /* the failing schedule's seed */
	bool pos;		 /* ... found by POS */
	int depth;		 /* ... its PCT depth and k (0: not PCT) */
	long k;
	char *schedule;	   /* its schedule string */
	char *headline;	   /* one line: what happened */
	char *trace;	   /* the runtime's report: trace, cycle, ... */
	char *result_line; /* the program's last stdout line, or NULL */
	char *replay;	   /* the exact command that repeats it */
	char *text;	   /* trace + "FAIL: ..." + "replay: ...", or
			      "N schedules, none failing" */
	char *out, *err;   /* raw output of the (last) process */
	int status;	   /* its exit status */
	bool timed_out;
	double seconds;
	char *note; /* what went wrong running it, or NULL */
};

/* "racelab replay CASE --variant V [--threads N] [--iters N]" for a case
 * run with driver args argv (-t N, -tN, -i N, -iN; the last one wins, as
 * in the driver's getopt). */
char *rl_replay_prefix(const char *case_id, const char *variant,
		       char *const *argv);

/* Is s a schedule string a failure printed ("1x3.2.0x2": TID[xCOUNT]
 * joined by '.'; rK[xCOUNT] for a read under the C11 model)? */
bool rl_schedule_valid(const char *s);

/*
 * Explore (or replay, when o->schedule is set) and fill *r, which the caller
 * zeroes and frees with rl_explore_result_free. 0, or -1 when the binary
 * could not be run at all (r->note says why).
 */
int rl_explore(const struct rl_explore_opts *o, struct rl_explore_result *r);
void rl_explore_result_free(struct rl_explore_result *r);

/*
 * Compile and link files (their main in one of them) with cflags (words
 * split at blanks, or NULL) and the sched runtime found under
 * rl_libdir()/sched into dir/prog. 0, *binary (malloc'd) and *main_void
 * (the compiler said main is declared void), or -1 and *err (malloc'd,
 * one line + the compiler's output).
 */
int rl_explore_build(int nfiles, char **files, const char *cflags,
		     const char *dir, char **binary, bool *main_void,
		     char **err);

#endif
