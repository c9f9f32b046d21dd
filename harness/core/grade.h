/*
 * grade.h - the autograder behind `racelab grade CASE FILE.c`. Room:
 * harness/core; the checks themselves are data beside each case:
 *
 *   harness/cases/CASE/grade       the check table (grammar below)
 *   harness/cases/CASE/contract.c  the contract's unit checks, one C
 *                                  function per promise of CASE.h, each
 *                                  selectable by name (grade_contract.h)
 *
 * grade file grammar, one check per line, '#' starts a comment:
 *
 *   NAME POINTS KIND [key=value...] [-- DRIVER-ARGS...] : PROMISE...
 *
 * KIND is one of
 *   build     the file compiles with -Wall -Wextra and no warning
 *   unit      the contract check NAME (or check=X) runs natively, with
 *             injected spurious condvar wakeups when spurious=N (N >= 1)
 *   explore   the contract check under the sched build: runs=N schedules,
 *             strategy=random|pct, depth=D, spurious=N (up to N spurious
 *             condvar wakeups per schedule, chosen by the explorer)
 *   stress    the case's driver natively: runs=N processes
 *   tsan      the driver under ThreadSanitizer: no report (lock-order
 *             reports are advisory when lockorder=advisory: a real
 *             deadlock is the sched and stress checks' to find)
 *   helgrind  the driver under Helgrind, with the declared policy for the
 *             known false positives of correct techniques (docs/grading.md)
 *   sched     the driver under the sched build, runs=, strategy=, depth=,
 *             spurious=
 *   perf      the performance budget: the driver natively, runs=N times
 *             interleaved with the reference good/CASE.c built and run
 *             the same way in the same grading; fails when the
 *             submission's fastest run is more than ratio=R times the
 *             reference's fastest (docs/grading.md, "Performance budget")
 * and every kind takes timeout=S (wall clock per process). PROMISE is the
 * header sentence the check enforces, shown in the handout's table.
 *
 * Everything the submission does - its build too - runs in the sandbox
 * (sandbox.h), in a private work directory; the project tree is never
 * written.
 */
#ifndef RACELAB_GRADE_H
#define RACELAB_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum rl_gkind {
	RLG_BUILD,
	RLG_UNIT,
	RLG_EXPLORE,
	RLG_STRESS,
	RLG_TSAN,
	RLG_HELGRIND,
	RLG_SCHED,
	RLG_PERF,
};

struct rl_gcheck {
	char *name;
	int points;
	enum rl_gkind kind;
	char *contract; /* unit/explore: the contract check's name */
	long runs;
	double timeout;
	char *strategy; /* sched/explore: random|pct */
	int depth;
	long spurious;		 /* unit: inject spurious condvar wakeups (> 0);
				    explore/sched: at most this many per schedule */
	bool lockorder_advisory; /* tsan/helgrind */
	double ratio;		 /* perf: the budget, x the reference */
	char **args;		 /* driver args, NULL-terminated */
	char *promise;
	int lineno;
};

struct rl_gtable {
	char *case_id;
	struct rl_gcheck *checks;
	size_t nchecks;
	int max_score;
};

/* Parse a grade file's text. 0, or -1 with *err = "LINE: problem". */
int rl_gtable_parse(struct rl_gtable *t, const char *case_id, const char *text,
		    char **err);
/* Load harness/cases/CASE/grade. 0, -1 (*err set; ENOENT: no grader). */
int rl_gtable_load(struct rl_gtable *t, const char *case_id, char **err);
void rl_gtable_free(struct rl_gtable *t);
const char *rl_gkind_name(enum rl_gkind k);

/* passed, failed, could not judge (an internal error: the reason is shown), a
 * tool that is not installed. Only PASS scores. */
enum rl_gstatus { RLG_PASS, RLG_FAIL, RLG_ERROR, RLG_SKIP };

struct rl_gresult {
	const struct rl_gcheck *check;
	enum rl_gstatus status;
	int score;
	char *summary; /* one line: what was seen */
	char *output;  /* the evidence: report, trace + replay, errors */
	double seconds;
};

struct rl_grade_opts {
	const char *only;	 /* run only these checks ("a,b"), or NULL */
	const char *schedule;	 /* replay this schedule (with only) */
	unsigned long long seed; /* sched/explore: first seed (replay) */
	const char *strategy;	 /* sched/explore: override, or NULL */
	int depth;		 /* PCT depth override, or 0 */
	long spurious;		 /* sched/explore: override (replay), or 0 */
	double timeout;		 /* every check's time-out, or 0 */
	const char *display;	 /* the file as the user named it */
	bool verbose;		 /* progress on stderr */
};

struct rl_grade {
	char *case_id, *file;
	struct rl_gtable table;
	struct rl_gresult *results;
	size_t nresults;
	int score, max_score;
	char *sandbox; /* rl_sandbox_mode() */
	char *error;   /* could not grade at all (internal): why */
	double seconds;
};

/*
 * Grade file against case_id's table. 0 with *g filled (whatever the
 * score), or -1 when grading itself failed (g->error says why). A file that
 * does not compile is a grade (0 points, the compiler's errors shown), not
 * an error.
 */
int rl_grade_run(const char *case_id, const char *file,
		 const struct rl_grade_opts *o, struct rl_grade *g);
void rl_grade_free(struct rl_grade *g);

/* The first name of the comma-separated list that t has no check of
 * (malloc'd; an empty name too), or NULL when t has them all. */
char *rl_grade_unknown_check(const struct rl_gtable *t, const char *list);

/* Output (grade_out.c). */
void rl_grade_print(FILE *f, const struct rl_grade *g);
char *rl_grade_json(const struct rl_grade *g);	     /* SPEC 9 schema */
char *rl_grade_gradescope(const struct rl_grade *g); /* results.json */
char *rl_grade_junit(const struct rl_grade *g);
/* "file,score,max_score,status,CHECK..." and one row. */
char *rl_grade_csv_header(const struct rl_gtable *t);
char *rl_grade_csv_row(const struct rl_grade *g);
/* The row of a file that could not be graded (the reason went to stderr):
 * FILE,0,MAX,error with FILE quoted as rl_grade_csv_row quotes it. */
char *rl_grade_csv_error(const char *file, int max_score);

#endif
