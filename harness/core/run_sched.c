/*
 * run_sched.c - the sched row: a case's sched build explored schedule by
 * schedule (explore.h), the first failing one kept with its replay line;
 * and `racelab scan --tool sched FILE.c...`, which builds the files first.
 */
#include "color.h"
#include "explore.h"
#include "reap.h"
#include "runners.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rl_sched_obs(int rc, const struct rl_explore_result *x, struct rl_obs *o)
{
	if (rc != 0) { /* the exploration itself could not run */
		o->broken = true;
		o->note = x->note ? rl_xstrdup(x->note) : NULL;
		return;
	}
	o->schedules = x->schedules;
	o->runs = x->schedules;
	o->runs_ok = x->kind ? x->schedules - 1 : x->schedules;
	o->status = x->status;
	o->timed_out = x->timed_out;
	o->seconds = x->seconds;
	o->raw = x->err ? rl_xstrdup(x->err) : NULL;
	o->result_line = x->result_line ? rl_xstrdup(x->result_line) : NULL;
	o->budget_stopped = x->budget_stopped;
	if (x->note != NULL)
		o->note = rl_xstrdup(x->note);
	else if (x->budget_stopped && x->kind == NULL)
		o->note = rl_xasprintf("stopped by the time budget after %ld "
				       "schedules, none failing",
				       x->schedules);
	if (x->kind == NULL)
		return;
	o->trace = x->text ? rl_xstrdup(x->text) : NULL;
	/* the callers print o->replay themselves */
	if (o->trace != NULL && x->replay != NULL) {
		char *cut = strstr(o->trace, "replay: ");

		while (cut != NULL && cut != o->trace && cut[-1] != '\n')
			cut = strstr(cut + 1, "replay: ");
		if (cut != NULL)
			*cut = '\0';
	}
	o->replay = x->replay ? rl_xstrdup(x->replay) : NULL;
	if (x->unjudged) {
		/* neither a finding nor clean: the judge fails it, with why */
		o->broken = true;
		free(o->note);
		o->note = rl_xstrdup(x->headline ? x->headline : x->kind);
		return;
	}
	o->fail_kind = rl_xstrdup(x->kind);
}

int rl_sched_run(const struct rl_tool *t, const struct rl_run_req *r,
		 struct rl_obs *o)
{
	struct rl_explore_result x;
	char *prefix = rl_replay_prefix(r->case_id, r->variant, r->argv);
	struct rl_explore_opts opts = {
	    .binary = r->binary,
	    .argv = r->argv,
	    .runs = r->runs,
	    .seed = r->seed,
	    .strategy = r->strategy,
	    .depth = r->depth,
	    .spurious = r->spurious,
	    .sc = r->sc,
	    /* r->timeout bounds one process; here one process runs them
	     * all */
	    .timeout =
		(r->timeout > 0 ? r->timeout : 20) +
		(double)(r->runs > 0 ? r->runs : RL_EXPLORE_DEFAULT_RUNS) /
		    50.0,
	    .replay_prefix = prefix,
	};
	int rc = rl_explore(&opts, &x);

	(void)t;
	rl_sched_obs(rc, &x, o);
	rl_explore_result_free(&x);
	free(prefix);
	return rc;
}

/* "racelab scan --tool sched --runs 1 [--cflags '...'] FILES" and, after
 * the schedule's options, " -- ARGS". */
static void scan_replay(int nfiles, char **files, const char *cflags,
			char *const *args, char **prefix, char **suffix)
{
	struct rl_buf b = {0};

	rl_buf_printf(&b, "racelab scan --tool sched --runs 1");
	if (cflags != NULL) {
		rl_buf_printf(&b, " --cflags ");
		rl_buf_shell_word(&b, cflags);
	}
	for (int i = 0; i < nfiles; i++) {
		rl_buf_add(&b, " ", 1);
		rl_buf_shell_word(&b, files[i]);
	}
	*prefix = rl_buf_take(&b);
	if (args != NULL && args[0] != NULL) {
		rl_buf_printf(&b, " --");
		for (char *const *a = args; *a != NULL; a++) {
			rl_buf_add(&b, " ", 1);
			rl_buf_shell_word(&b, *a);
		}
	}
	*suffix = rl_buf_take(&b);
}

int rl_sched_scan(const struct rl_tool *t, int nfiles, char **files,
		  const char *cflags, const struct rl_run_req *r,
		  struct rl_obs *o)
{
	char *dir = rl_tmpdir_make(), *bin = NULL, *err = NULL;
	char *prefix, *suffix;
	struct rl_explore_result x;
	struct rl_explore_opts opts = {0};
	int rc;

	o->tool = t;
	if (dir == NULL) {
		fprintf(stderr, "racelab: scan: cannot make a temporary "
				"directory (check TMPDIR)\n");
		return -1;
	}
	if (rl_explore_build(nfiles, files, cflags, dir, &bin, &opts.main_void,
			     &err) != 0) {
		fprintf(stderr, "racelab: scan: %s\n", err);
		free(err);
		rl_tmpdir_remove(dir);
		return -1;
	}
	/* the binary goes with the temporary directory: replay by
	 * rebuilding and running the failing schedule (its string, or the
	 * seed of a random walk's unshrunk failure) */
	scan_replay(nfiles, files, cflags, r->argv, &prefix, &suffix);
	opts.replay_prefix = prefix;
	opts.replay_suffix = suffix;
	opts.schedule = r->schedule;
	opts.binary = bin;
	opts.argv = r->argv;
	opts.runs = r->runs;
	opts.seed = r->seed;
	opts.strategy = r->strategy;
	opts.depth = r->depth;
	opts.pct_k = r->pct_k;
	opts.spurious = r->spurious;
	opts.sc = r->sc;
	opts.timeout = r->timeout;
	rc = rl_explore(&opts, &x);
	rl_sched_obs(rc, &x, o);
	free(prefix);
	free(suffix);
	rl_explore_result_free(&x);
	free(bin);
	rl_tmpdir_remove(dir);
	return 0;
}

enum rl_result rl_sched_judge(const struct rl_expect *e, const struct rl_obs *o,
			      char **why)
{
	if (e->verdict == RLV_FAIL) {
		if (o->fail_kind == NULL) {
			*why = rl_xasprintf("expected a failing schedule (%s), "
					    "none in %ld",
					    e->kind ? e->kind : "any",
					    o->schedules);
			return RL_FAIL;
		}
		if (e->kind != NULL && strcmp(e->kind, o->fail_kind) != 0) {
			*why = rl_xasprintf("expected %s, schedule failed with "
					    "%s",
					    e->kind, o->fail_kind);
			return RL_FAIL;
		}
		return RL_PASS;
	}
	if (o->fail_kind != NULL) {
		*why = rl_xasprintf("expected no failing schedule, got %s",
				    o->fail_kind);
		return RL_FAIL;
	}
	return RL_PASS;
}

void rl_sched_print(FILE *f, const struct rl_obs *o)
{
	rl_print_invariant(f, o);
	if (o->fail_kind != NULL)
		fprintf(f, "  schedule %ld failed: %s\n%s", o->schedules,
			o->fail_kind, o->trace ? o->trace : "");
	else if (o->broken) /* neither a finding nor clean */
		fprintf(f, "  could not judge: %s\n%s",
			o->note ? o->note : "no reason given",
			o->trace ? o->trace : "");
	else
		fprintf(f, "  %ld schedules, none failing%s\n", o->schedules,
			o->budget_stopped ? " (stopped by the time budget)"
					  : "");
	if (o->replay != NULL)
		fprintf(f, "  replay: %s\n", o->replay);
}
