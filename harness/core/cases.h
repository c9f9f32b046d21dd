/*
 * cases.h - the catalogue: every case folder under harness/cases/ with its
 * declared expectations (the `expect` file beside the case).
 *
 * expect file grammar, one directive per line, '#' starts a comment:
 *
 *   title TEXT...                 one line for `racelab list`
 *   args TOOL|* DRIVER-ARGS...    driver arguments under that tool
 *   runs TOOL|* N                 native: processes per run (histogram)
 *   timeout TOOL|* SECONDS        wall-clock bound for one process
 *   VARIANT TOOL VERDICT [KIND [FUNCTION [FILE]]] [: REASON...]
 *
 * VERDICT is one of
 *   clean           no finding, invariant held
 *   report          the tool reports KIND in FUNCTION, FILE (the bug)
 *   false-positive  the tool reports KIND on correct code; REASON required
 *   not-detectable  the tool is silent on the bug; REASON required
 *   may-fail        native run of a bug: outcomes are counted, not asserted
 *   fail            sched: a schedule fails with KIND invariant|deadlock|crash
 *   deadlock        watchdog: a real hang is caught with its waits-for cycle
 * KIND may be written in double quotes when it has spaces ("data race").
 * Every variant must declare every tool, except where the tool's row in the
 * tool table has default rules (tools.h: "bad not-detectable : REASON",
 * "good clean"): a variant the file says nothing for under that tool gets
 * the default, read as if the file said "VARIANT TOOL RULE" (its lineno is
 * 0). A new tool with defaults needs no edit of every expect file, only
 * where it differs.
 *
 * Refused, with FILE:LINE and the problem (racelab exits 70): a VARIANT
 * other than bad, good, gate; a TOOL racelab does not run ("*" only in
 * args/runs/timeout); a second rule for one VARIANT and TOOL; a second
 * title, or a second args/runs/timeout line for one TOOL; more than 16 words
 * before the ':' reason, or more than KIND FUNCTION FILE after VERDICT; an
 * unclosed '"'.
 */
#ifndef RACELAB_CASES_H
#define RACELAB_CASES_H

#include <stdbool.h>
#include <stddef.h>

enum rl_verdict {
	RLV_CLEAN,
	RLV_REPORT,
	RLV_FALSE_POSITIVE,
	RLV_NOT_DETECTABLE,
	RLV_MAY_FAIL,
	RLV_FAIL,
	RLV_DEADLOCK,
};

struct rl_expect {
	char *variant, *tool;
	enum rl_verdict verdict;
	char *kind, *function, *file; /* NULL when not given */
	char *reason;
	int lineno; /* 0: the tool's default rule, not from the file */
};

struct rl_tool_setting {
	char *tool;	/* a tool name or "*" */
	char **argv;	/* NULL-terminated driver args (args), or NULL */
	long runs;	/* runs, 0 = unset */
	double timeout; /* timeout, 0 = unset */
};

struct rl_case {
	char *id;
	char *title;
	char *expect_path;
	char *variants[4]; /* folders holding ID.c, in catalogue order */
	int nvariants;
	struct rl_expect *rules;
	size_t nrules;
	struct rl_tool_setting *settings;
	size_t nsettings;
};

struct rl_catalogue {
	struct rl_case *cases;
	size_t ncases;
};

/* The variant folders racelab knows, in the order they are shown. */
extern const char *const rl_variant_dirs[];

/* Load every case from rl_srcdir(). On a malformed expect file: -1 and a
 * one-line *err naming file:line and the problem. */
int rl_catalogue_load(struct rl_catalogue *cat, char **err);
void rl_catalogue_free(struct rl_catalogue *cat);

const struct rl_case *rl_case_find(const struct rl_catalogue *cat,
				   const char *id);
bool rl_case_has_variant(const struct rl_case *c, const char *variant);
const struct rl_expect *rl_case_expect(const struct rl_case *c,
				       const char *variant, const char *tool);

/* Settings for tool, the exact tool line winning over "*". */
char *const *rl_case_args(const struct rl_case *c, const char *tool);
long rl_case_runs(const struct rl_case *c, const char *tool, long dflt);
double rl_case_timeout(const struct rl_case *c, const char *tool, double dflt);

const char *rl_verdict_name(enum rl_verdict v);

/* Parse one expect file (exposed for tests). */
int rl_case_parse(struct rl_case *c, const char *text, char **err);
void rl_case_free(struct rl_case *c);

#endif
