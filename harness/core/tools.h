/*
 * tools.h - run one case binary under one detector and record what it saw.
 *
 * The tools: native (plain -O2, repeated runs, outcome histogram), tsan
 * (clang), tsan-gcc (gcc's runtime), helgrind and drd (Valgrind, --xml=yes),
 * sched (racelab's deterministic scheduler). Each runner sets the tool's
 * options itself (TSAN_OPTIONS, --error-exitcode, ...), parses the real
 * output into findings, and reads the driver's result line for the
 * invariant. A tool that is not available is a skip with a reason, never a
 * pass.
 */
#ifndef RACELAB_TOOLS_H
#define RACELAB_TOOLS_H

#include "report.h"

#include <stdbool.h>
#include <stddef.h>

struct rl_tool {
	const char *name;  /* "native", "tsan", ... */
	const char *build; /* the build folder under rl_libdir() */
	const char *about; /* one line for --help and `racelab show` */
	double timeout;	   /* default seconds per process */
};

extern const struct rl_tool rl_tools[];
extern const size_t rl_ntools;
const struct rl_tool *rl_tool_find(const char *name);

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
	/* sched: the C11 weak-memory model (--memory c11) */
	bool c11;
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

/* Is this tool runnable on this machine at all? NULL, or why not. */
const char *rl_tool_missing(const struct rl_tool *t);

#endif
