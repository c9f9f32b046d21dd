/*
 * tools.h - run one case binary under one detector and record what it saw.
 *
 * The tools are the rows of rl_tools[] (tools.c), one runner file each
 * (run_*.c). Each runner sets the tool's options itself (an exit code on
 * findings, XML, ...), parses the real output into findings, and reads the
 * driver's result line for the invariant. A tool that is not available is
 * a skip with a reason, never a pass.
 */
#ifndef RACELAB_TOOLS_H
#define RACELAB_TOOLS_H

#include "report.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct rl_obs;
struct rl_run_req;
struct rl_expect;

/* A judged run: PASS, FAIL with one line saying why, SKIP (tool missing). */
enum rl_result { RL_PASS, RL_FAIL, RL_SKIP };

/*
 * A detector: one row of rl_tools[] (tools.c). Its runner file
 * (harness/core/run_*.c) defines the functions; nothing else in the harness
 * names a tool, it reads these fields. How to add one: docs/tools.md.
 */
struct rl_tool {
	const char *name;  /* what --tool and expect files say */
	const char *build; /* the build folder under rl_libdir() */
	const char *about; /* one line for --help and `racelab show` */
	double timeout;	   /* default seconds per process */
	long runs;	   /* default runs (processes, or schedules) per case */
	/* it writes reports: "findings: none" is worth saying */
	bool reports;
	/* native: its verdict is the outcome histogram of repeated runs */
	bool histogram;
	/* runs count schedules; fail_kind is a failing schedule, and scan
	 * builds C files itself (scan_sources) instead of running PROG */
	bool schedules;
	/* scan: the symbol a binary built for the tool carries, and how to
	 * build one ("-fsanitize=thread"); NULL: a plain build */
	const char *runtime;
	const char *build_flag;
	/* scan: cannot run a binary that carries another tool's runtime */
	bool plain_only;
	/* NULL, or why the tool cannot run on this machine (what to install) */
	const char *(*missing)(const struct rl_tool *t);
	/* run req into *obs (zeroed, obs->tool set, req->binary and the
	 * defaults filled in); 0, or -1 when the request is unusable */
	int (*run)(const struct rl_tool *t, const struct rl_run_req *req,
		   struct rl_obs *obs);
	/* judge obs against e after the common rules of rl_judge (skip,
	 * undeclared, deadlock, broken); NULL: rl_judge_findings */
	enum rl_result (*judge)(const struct rl_expect *e,
				const struct rl_obs *obs, char **why);
	/* `racelab run`: what this tool says besides its findings (the
	 * histogram, the invariant, the schedule); NULL: the invariant */
	void (*print)(FILE *f, const struct rl_obs *obs);
	/* scan --tool NAME FILE.c...: build and run the files (schedules) */
	int (*scan_sources)(const struct rl_tool *t, int nfiles, char **files,
			    const char *cflags, const struct rl_run_req *r,
			    struct rl_obs *o);
	/* expect lines without the tool ("bad not-detectable : REASON",
	 * "good clean"), NULL-terminated: the rule for a variant whose expect
	 * file has none under this tool (cases.h). NULL: undeclared fails */
	const char *const *default_rules;
	/* `racelab check` runs it only where the expect file has a line for
	 * it (a bounded proof needs a workload chosen to end) */
	bool declared_only;
};

extern const struct rl_tool rl_tools[];
extern const size_t rl_ntools;
const struct rl_tool *rl_tool_find(const char *name);
/* The row whose runs are schedules (`racelab explore` / `replay`). */
const struct rl_tool *rl_tool_scheduler(void);

/* One row of the native outcome histogram. */
struct rl_outcome {
	char *outcome; /* the result line without its "case: " prefix */
	long count;
	bool ok; /* the driver said the invariant held */
};

struct rl_obs {
	const struct rl_tool *tool;
	bool skipped; /* the tool or its build is missing */
	char *note;   /* why skipped, or what went wrong running it */
	bool broken;  /* ran, but crashed / timed out / output unreadable */
	/* could not judge: racelab could not run it or could not read the
	 * tool's report (note says why). Also broken. Never a pass. */
	bool error;
	struct rl_report rep;
	int status; /* last process's exit status */
	int signal; /* the signal that ended it (status 128+signal), or 0 */
	bool timed_out;
	bool hung;     /* timed out having used no CPU for idle_s */
	double idle_s; /* see rl_proc.idle_s */
	char *said;    /* the program's own last words on stderr, or NULL */
	char *ending;  /* rl_ending_text of the run that broke, or NULL */
	size_t cut;    /* output bytes dropped by the capture cap */
	double seconds;
	/* invariant, from the driver's result lines */
	long runs, runs_ok;
	struct rl_outcome *hist;
	size_t nhist;
	char *result_line; /* the last result line, or NULL */
	/* sched and watchdog */
	char *fail_kind; /* "invariant", "deadlock", "crash", ... or NULL */
	char *trace;	 /* the failing interleaving / waits-for cycle */
	char *replay;	 /* exact command reproducing it */
	long schedules;	 /* schedules explored */
	char *raw;	 /* the tool's raw report text (stderr) */
	/* sched: the time budget ended the search, none failing so far */
	bool budget_stopped;
};

struct rl_run_req {
	const char *case_id; /* for messages and the result-line prefix */
	const char *variant;
	const char *binary; /* NULL: the case binary of the tool's build */
	char *const *argv;  /* driver args (after argv[0]) */
	long runs;	    /* native, tsan, helgrind, drd: processes (tsan and
			       valgrind stop at the first with findings); sched:
			       schedules */
	double timeout;	    /* per process */
	unsigned long seed; /* sched: first seed */
	const char *strategy; /* sched: random|pct (NULL = default) */
	int depth;	      /* sched: PCT depth */
	/* scan: any program, not a case driver (no result line; exit 3 is
	 * a failure like any other non-zero status) */
	bool any_program;
	/* sched: PCT k (0 = learn it from earlier schedules) */
	long pct_k;
	/* sched: up to this many spurious cond wakeups per schedule */
	long spurious;
	/* sched: --memory sc, sequential consistency instead of the C11
	 * weak-memory model (the default) */
	bool sc;
	/* sched (scan): replay this schedule string, or NULL */
	const char *schedule;
};

/*
 * The program's own last words in a run's stderr, the tool's reports left
 * out: a failed assert() as "Assertion `x == 1' failed at f.c:5 (main)",
 * else its last lines joined by " / " (at most ~300 characters). NULL when
 * it said nothing. malloc'd. (ending.c)
 */
char *rl_program_said(const char *err);

/*
 * How a run ended when that was not a normal exit, in one line: "the
 * program aborted: Assertion ...", "the program crashed (SIGSEGV)", "the
 * program hung (no progress for 5 s)", "the program exited with status 3:
 * ...". said may be NULL; timeout is the bound that was set. malloc'd.
 */
struct rl_proc;
char *rl_ending_text(const struct rl_proc *p, const char *said, double timeout);

/* Run req under t into *obs (which the caller zeroes). 0, or -1 when the
 * request itself is unusable (obs->note says why). */
int rl_tool_run(const struct rl_tool *t, const struct rl_run_req *req,
		struct rl_obs *obs);
void rl_obs_free(struct rl_obs *obs);

/* What the tool says besides its findings, for `racelab run`: its row's
 * print, or the invariant line and a deadlock the watchdog caught. */
void rl_tool_print(FILE *f, const struct rl_obs *obs);

/* Is this tool runnable on this machine at all? NULL, or why not. */
const char *rl_tool_missing(const struct rl_tool *t);

#endif
