/*
 * grade.c - run a case's checks on a submission (grade.h): one function per
 * kind, each turning what a tool saw into PASS/FAIL with its evidence. The
 * runners are the project's own (tools.c, explore.c); only the binary they
 * start is a wrapper that enters the sandbox.
 */
#include "grade.h"
#include "explore.h"
#include "grade_build.h"
#include "paths.h"
#include "runners.h"
#include "tools.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define EVIDENCE_MAX  6000 /* bytes of a report shown per check */
#define EVIDENCE_TAIL 1200 /* ... of them from its end */

struct gctx {
	struct rl_gbuild *b;
	const struct rl_grade_opts *o;
	const char *case_id, *display;
	const struct rl_gtable *table;
	long tsan_races; /* data races the tsan check saw; -1 not run */
};

/* The check's wall-clock bound: --timeout, else the table's, else dflt
 * (0: the runner's own default). */
static double timeout_of(const struct gctx *x, const struct rl_gcheck *c,
			 double dflt)
{
	if (x->o->timeout > 0)
		return x->o->timeout;
	return c->timeout > 0 ? c->timeout : dflt;
}

static void set(struct rl_gresult *r, enum rl_gstatus s, char *summary,
		char *output)
{
	r->status = s;
	r->score = s == RLG_PASS ? r->check->points : 0;
	free(r->summary);
	free(r->output);
	r->summary = summary;
	r->output = output;
}

/* At most about EVIDENCE_MAX bytes of s: its beginning and its last
 * lines (where a failure's verdict and replay command are), cut at line
 * ends. */
static char *clip(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	const char *cut, *tail;

	if (n <= EVIDENCE_MAX)
		return rl_xstrdup(s ? s : "");
	cut = s + EVIDENCE_MAX - EVIDENCE_TAIL;
	while (cut > s && *cut != '\n')
		cut--;
	tail = s + n - EVIDENCE_TAIL;
	while (*tail != '\0' && tail[-1] != '\n')
		tail++;
	return rl_xasprintf("%.*s\n[... %zu bytes cut ...]\n%s", (int)(cut - s),
			    s, (size_t)(tail - cut), tail);
}

/* Why a sandboxed process ended badly, in words; NULL when it exited. */
static char *ending(const struct rl_proc *p, double timeout)
{
	/* output is capped by proc.c (its first and last part kept) */
	if (p->out_cut + p->err_cut > 0)
		return rl_xasprintf("flooded its output (%zu KiB dropped): an "
				    "output flood, %s",
				    (p->out_cut + p->err_cut) >> 10,
				    p->timed_out ? "ended at the time-out"
						 : "then ended");
	if (p->timed_out)
		return rl_xasprintf("did not finish within %.0f s (a hang: a "
				    "deadlock, a lost wakeup or an endless "
				    "loop)",
				    timeout);
	switch (p->status) {
	case 128 + 9:
		return rl_xstrdup("killed (SIGKILL): out of a sandbox limit");
	case 128 + 24:
		return rl_xstrdup("used up its CPU time limit (SIGXCPU)");
	case 128 + 25:
		return rl_xstrdup("wrote more than the output limit "
				  "(SIGXFSZ): output flood");
	case 128 + 6:
		return rl_xstrdup("aborted (SIGABRT): out of memory, or an "
				  "assertion");
	case 128 + 11:
		return rl_xstrdup("crashed (SIGSEGV)");
	}
	if (p->status > 128)
		return rl_xasprintf("killed by signal %d", p->status - 128);
	return NULL;
}

/* ------------------------------------------------------------ the kinds */

static void do_build(struct gctx *x, struct rl_gresult *r)
{
	struct rl_gbuild *b = x->b;

	if (!b->compiled)
		set(r, RLG_FAIL, rl_xstrdup("does not compile"),
		    rl_xstrdup(b->warnings ? b->warnings : ""));
	else if (b->errors != NULL)
		set(r, RLG_FAIL, rl_xstrdup("does not link"),
		    rl_xstrdup(b->errors));
	else if (b->warnings != NULL)
		set(r, RLG_FAIL, rl_xstrdup("compiler warnings"),
		    rl_xstrdup(b->warnings));
	else
		set(r, RLG_PASS, rl_xstrdup("no warnings with -Wall -Wextra"),
		    NULL);
}

/* Did the contract check NAME print its last line? */
static bool contract_ended(const struct rl_proc *p, const char *name)
{
	char *line = rl_xasprintf("contract: %s: ok\n", name);
	bool ended = p->out != NULL && strstr(p->out, line) != NULL;

	free(line);
	return ended;
}

static void do_unit(struct gctx *x, struct rl_gresult *r)
{
	const struct rl_gcheck *c = r->check;
	double t = timeout_of(x, c, 10);
	char *cmd[] = {x->b->contract, c->contract,
		       c->spurious > 0 ? "spurious" : NULL, NULL};
	struct rl_proc p = {.argv = cmd, .timeout_s = t};
	struct rl_buf out = {0};
	char *why;

	if (rl_proc_run(&p) != 0 || p.exec_failed) {
		set(r, RLG_ERROR,
		    rl_xstrdup("could not run the contract check"), NULL);
		return;
	}
	rl_buf_printf(&out, "%s%s", p.out ? p.out : "", p.err ? p.err : "");
	why = ending(&p, t);
	/* ct_main prints "contract: NAME: ok" after the check: exit() in
	 * the code under test ends the process with 0 before it */
	if (why == NULL && p.status == 0 && !contract_ended(&p, c->contract))
		why = rl_xstrdup("the check ended with status 0 before its "
				 "end: exit() called in the code under test?");
	if (why == NULL && p.status == 0)
		set(r, RLG_PASS, rl_xstrdup("the promise held"),
		    rl_buf_take(&out));
	else if (why == NULL && p.status == 3)
		set(r, RLG_FAIL, rl_xstrdup("the promise was broken"),
		    clip(out.s));
	else
		set(r, RLG_FAIL,
		    why ? rl_xstrdup(why)
			: rl_xasprintf("exited with status %d", p.status),
		    clip(out.s));
	free(why);
	free(out.s);
	rl_proc_free(&p);
}

/* The replay command printed with a failing schedule. */
static char *replay_prefix(const struct gctx *x, const struct rl_gcheck *c)
{
	return rl_xasprintf("racelab grade %s %s --only %s", x->case_id,
			    x->display, c->name);
}

static void explore_common(struct gctx *x, struct rl_gresult *r,
			   const char *binary, char *const *argv)
{
	const struct rl_gcheck *c = r->check;
	char *prefix = replay_prefix(x, c);
	struct rl_explore_opts o = {
	    .binary = binary,
	    .argv = argv,
	    .runs = c->runs > 0 ? c->runs : 200,
	    .seed = x->o->seed,
	    .strategy = x->o->strategy ? x->o->strategy : c->strategy,
	    .depth = x->o->depth ? x->o->depth : c->depth,
	    .schedule = x->o->schedule,
	    .timeout = timeout_of(x, c, 0),
	    .spurious = x->o->spurious ? x->o->spurious : c->spurious,
	    .replay_prefix = prefix,
	};
	struct rl_explore_result e = {0};

	if (rl_explore(&o, &e) != 0 || (e.kind != NULL && e.unjudged))
		/* could not judge: no points, and the reason, never a
		 * verdict about the file */
		set(r, RLG_ERROR,
		    rl_xasprintf("could not judge: %s",
				 e.headline ? e.headline
				 : e.note   ? e.note
					    : "the program did not run"),
		    clip(e.text));
	else if (e.kind == NULL)
		set(r, RLG_PASS,
		    rl_xasprintf("%ld schedules (%s), none failing%s",
				 e.schedules,
				 o.strategy ? o.strategy : "portfolio",
				 e.budget_stopped ? " (stopped by the time "
						    "budget)"
						  : ""),
		    NULL);
	else
		set(r, RLG_FAIL,
		    rl_xasprintf("schedule %ld failed: %s", e.schedules,
				 e.kind),
		    clip(e.text));
	rl_explore_result_free(&e);
	free(prefix);
}

static void do_explore(struct gctx *x, struct rl_gresult *r)
{
	char *argv[] = {r->check->contract, NULL};

	explore_common(x, r, x->b->contract_sched, argv);
}

static void do_sched(struct gctx *x, struct rl_gresult *r)
{
	explore_common(x, r, x->b->drv[RLF_SCHED], r->check->args);
}

/* Run the driver under tool t (via its wrapper). 0, or -1 + r set. */
static int run_tool(struct gctx *x, struct rl_gresult *r, const char *tool,
		    const char *binary, struct rl_obs *obs)
{
	const struct rl_gcheck *c = r->check;
	struct rl_run_req q = {
	    .case_id = x->case_id,
	    .variant = "submission",
	    .binary = binary,
	    .argv = c->args,
	    .runs = c->runs > 0 ? c->runs : 1,
	    .timeout = timeout_of(x, c, 0),
	};

	memset(obs, 0, sizeof(*obs));
	if (rl_tool_run(rl_tool_find(tool), &q, obs) != 0 || obs->skipped) {
		set(r, obs->skipped ? RLG_SKIP : RLG_ERROR,
		    rl_xasprintf("%s: %s", tool,
				 obs->note ? obs->note : "could not run"),
		    NULL);
		rl_obs_free(obs);
		return -1;
	}
	return 0;
}

static char *histogram(const struct rl_obs *o)
{
	struct rl_buf b = {0};

	for (size_t i = 0; i < o->nhist; i++)
		rl_buf_printf(&b, "%6ld x  %s%s\n", o->hist[i].count,
			      o->hist[i].outcome,
			      o->hist[i].ok ? "" : "   <- invariant broken");
	if (o->note != NULL)
		rl_buf_printf(&b, "%s\n", o->note);
	if (o->trace != NULL)
		rl_buf_printf(&b, "%s\n", o->trace);
	return rl_buf_take(&b);
}

static void do_stress(struct gctx *x, struct rl_gresult *r)
{
	struct rl_obs o;

	if (run_tool(x, r, "native", x->b->drv[RLF_NATIVE], &o) != 0)
		return;
	if (o.broken || o.fail_kind || o.runs_ok < o.runs)
		set(r, RLG_FAIL,
		    o.timed_out ? rl_xasprintf("did not finish within %.0f s "
					       "(a deadlock or a livelock)",
					       timeout_of(x, r->check, 60))
		    : o.fail_kind && strcmp(o.fail_kind, "deadlock") == 0
			? rl_xstrdup("deadlock: the watchdog caught every "
				     "thread blocked (the cycle below)")
		    : o.runs_ok < o.runs && !o.broken
			? rl_xasprintf("invariant broken in %ld of %ld runs",
				       o.runs - o.runs_ok, o.runs)
			: rl_xstrdup(o.note ? o.note : "the run failed"),
		    histogram(&o));
	else
		set(r, RLG_PASS,
		    rl_xasprintf("%ld run%s, invariant held", o.runs,
				 o.runs == 1 ? "" : "s"),
		    histogram(&o));
	rl_obs_free(&o);
}

/* Findings that count under the check's policy. */
static size_t counted(const struct rl_gcheck *c, const struct rl_report *rep,
		      bool helgrind, long tsan_races)
{
	size_t n = 0;

	for (size_t i = 0; i < rep->nfindings; i++) {
		const char *k = rep->findings[i].kind;

		if (c->lockorder_advisory &&
		    (strcmp(k, "lock-order-inversion") == 0 ||
		     strcmp(k, "LockOrder") == 0))
			continue;
		/* Helgrind: a race TSan does not confirm is its known false
		 * positive on C11 atomics and signal-after-unlock; Misc is
		 * API advice (e.g. a signal with the lock not held). */
		if (helgrind && (strcmp(k, "Misc") == 0 ||
				 (strcmp(k, "Race") == 0 && tsan_races == 0)))
			continue;
		n++;
	}
	return n;
}

static char *findings_text(const struct rl_obs *o)
{
	char *buf = NULL, *out;
	size_t len = 0;
	bool text;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return rl_xstrdup("");
	for (size_t i = 0; i < o->rep.nfindings && i < 4; i++) {
		const struct rl_finding *fd = &o->rep.findings[i];
		const struct rl_frame *w = rl_finding_where(fd);

		fprintf(f, "%s: %s\n", fd->kind, fd->summary);
		if (w != NULL)
			fprintf(f, "  at %s (%s:%d)\n",
				w->function ? w->function : "?",
				w->file ? rl_path_short(w->file) : "?",
				w->line);
	}
	fclose(f);
	/* a sanitizer's report is text worth showing whole (Valgrind's is
	 * XML, its findings above say it) */
	text = o->raw && o->tool && o->tool->runtime != NULL;
	out = rl_xasprintf("%s%s%s", buf ? buf : "", text ? "\n" : "",
			   text ? o->raw : "");
	free(buf);
	return out;
}

static void judge_detector(struct gctx *x, struct rl_gresult *r,
			   struct rl_obs *o, bool helgrind)
{
	size_t n = counted(r->check, &o->rep, helgrind, x->tsan_races);
	char *ev = findings_text(o);

	if (!helgrind)
		x->tsan_races = (long)o->rep.nfindings;
	if (n > 0)
		set(r, RLG_FAIL,
		    rl_xasprintf("%zu report%s: %s", n, n == 1 ? "" : "s",
				 o->rep.findings[0].kind),
		    clip(ev));
	else if (o->broken || o->runs_ok < o->runs)
		set(r, RLG_FAIL,
		    rl_xstrdup(o->note ? o->note : "the invariant broke"),
		    clip(ev));
	else if (o->rep.nfindings > 0)
		set(r, RLG_PASS,
		    rl_xasprintf("clean under the policy: %zu advisory "
				 "report%s not held against the file",
				 o->rep.nfindings,
				 o->rep.nfindings == 1 ? "" : "s"),
		    clip(ev));
	else
		set(r, RLG_PASS, rl_xstrdup("no report"), NULL);
	free(ev);
}

static void do_tsan(struct gctx *x, struct rl_gresult *r)
{
	struct rl_obs o;

	if (run_tool(x, r, "tsan", x->b->drv[RLF_TSAN], &o) != 0)
		return;
	judge_detector(x, r, &o, false);
	rl_obs_free(&o);
}

/* The table's tsan check, or NULL. */
static const struct rl_gcheck *tsan_check(const struct rl_gtable *t)
{
	for (size_t i = 0; i < t->nchecks; i++)
		if (t->checks[i].kind == RLG_TSAN)
			return &t->checks[i];
	return NULL;
}

/* Helgrind's policy needs TSan's word (a race TSan does not confirm is not
 * held against the file): when the tsan check has not run (--only
 * helgrind), it runs first, unscored, so that helgrind judges the same
 * as in a whole grading. */
static void tsan_for_policy(struct gctx *x)
{
	struct rl_gresult scratch = {.check = tsan_check(x->table)};

	if (x->tsan_races >= 0 || scratch.check == NULL)
		return;
	do_tsan(x, &scratch);
	free(scratch.summary);
	free(scratch.output);
}

static void do_helgrind(struct gctx *x, struct rl_gresult *r)
{
	const char *old = getenv("PATH");
	char *saved = rl_xstrdup(old ? old : "/usr/bin:/bin");
	char *path = rl_xasprintf("%s:%s", x->b->shim_dir, saved);
	struct rl_obs o;
	int rc;

	tsan_for_policy(x);
	/* tools.c starts "valgrind" from PATH: the shim puts it (and the
	 * program it runs) in the sandbox */
	setenv("PATH", path, 1);
	rc = run_tool(x, r, "helgrind", x->b->vg_binary, &o);
	setenv("PATH", saved, 1);
	free(saved);
	free(path);
	if (rc != 0)
		return;
	judge_detector(x, r, &o, true);
	rl_obs_free(&o);
}

/* ------------------------------------------------------------ perf */

/* The reference's time a budget is measured against is never below this:
 * a run that short is mostly the sandbox starting, and its noise. */
#define PERF_FLOOR_S 0.1

struct perf {
	double best[2]; /* fastest finished run: [0] the reference, [1] the
			 * file; HUGE_VAL while none has finished */
	struct rl_buf ev;
	char *why;	     /* the file failed: why; NULL otherwise */
	bool ref_bad;	     /* the reference failed: could not judge */
	const char *case_id; /* its driver's result-line prefix */
};

static double perf_budget(const struct perf *pf, double ratio)
{
	return ratio *
	       (pf->best[0] > PERF_FLOOR_S ? pf->best[0] : PERF_FLOOR_S);
}

/* A run that failed: the reference's makes the check could-not-judge. */
static void perf_failed(struct perf *pf, bool ref, char *why,
			const struct rl_proc *p)
{
	if (ref)
		pf->ref_bad = true;
	free(pf->why);
	pf->why = why;
	rl_buf_printf(&pf->ev, "%s\n%s%s", why, p->out ? p->out : "",
		      p->err ? p->err : "");
}

/* One timed run of wrapper (the reference's, or the file's) within limit
 * seconds. A file's run stopped at the limit has no time: it is over the
 * budget, or over the check's time-out, and either way not within them. A
 * reference's run stopped there leaves nothing to measure against. */
static void perf_run(struct perf *pf, bool ref, const char *wrapper,
		     char *const *args, double limit)
{
	char *argv[32] = {(char *)wrapper};
	struct rl_proc p = {.argv = argv, .timeout_s = limit};
	int n = 1;

	for (; args != NULL && args[n - 1] != NULL && n < 31; n++)
		argv[n] = args[n - 1];
	if (rl_proc_run(&p) != 0 || p.exec_failed ||
	    (!p.timed_out && p.status != 0))
		perf_failed(pf, ref,
			    rl_xasprintf("%s run failed (%s)",
					 ref ? "the reference's" : "a",
					 p.exec_failed ? "could not start"
						       : "exit status"),
			    &p);
	else if (!p.timed_out && !rl_result_seen(pf->case_id, p.out))
		perf_failed(pf, ref,
			    rl_xasprintf("%s run ended before the driver "
					 "printed its result line (exit() "
					 "called in the code under test?)",
					 ref ? "the reference's" : "a"),
			    &p);
	else if (p.timed_out && ref)
		perf_failed(pf, ref,
			    rl_xasprintf("the reference's run did not finish "
					 "within %.1f s",
					 limit),
			    &p);
	else if (p.timed_out)
		rl_buf_printf(&pf->ev, "  %-10s stopped at %.3f s\n",
			      "submission", limit);
	else {
		if (p.seconds < pf->best[ref ? 0 : 1])
			pf->best[ref ? 0 : 1] = p.seconds;
		rl_buf_printf(&pf->ev, "  %-10s %7.3f s\n",
			      ref ? "reference" : "submission", p.seconds);
	}
	rl_proc_free(&p);
}

/* The verdict once every run is in. */
static void perf_judge(struct rl_gresult *r, struct perf *pf, double ratio,
		       double cap)
{
	double budget = perf_budget(pf, ratio);

	if (pf->ref_bad)
		set(r, RLG_ERROR, rl_xasprintf("could not judge: %s", pf->why),
		    clip(pf->ev.s));
	else if (pf->why != NULL)
		set(r, RLG_FAIL, rl_xstrdup(pf->why), clip(pf->ev.s));
	else if (pf->best[1] == HUGE_VAL)
		set(r, RLG_FAIL,
		    rl_xasprintf("no run finished within %.2f s (%s)",
				 budget < cap ? budget : cap,
				 budget < cap ? "over the budget"
					      : "the check's time-out"),
		    clip(pf->ev.s));
	else if (pf->best[1] >= budget)
		set(r, RLG_FAIL,
		    rl_xasprintf("over the budget: %.2f s, %.0f x the "
				 "reference (%g x allowed)",
				 pf->best[1], pf->best[1] / pf->best[0], ratio),
		    clip(pf->ev.s));
	else
		set(r, RLG_PASS,
		    rl_xasprintf("%.3f s against the reference's %.3f s "
				 "(budget %g x)",
				 pf->best[1], pf->best[0], ratio),
		    clip(pf->ev.s));
}

static void do_perf(struct gctx *x, struct rl_gresult *r)
{
	const struct rl_gcheck *c = r->check;
	long runs = c->runs > 0 ? c->runs : 3;
	double cap = timeout_of(x, c, 30);
	struct perf pf = {.best = {HUGE_VAL, HUGE_VAL}, .case_id = x->case_id};

	if (rl_gbuild_reference(x->b) != 0) {
		set(r, RLG_ERROR,
		    rl_xstrdup("could not judge: the reference did not build"),
		    rl_xstrdup(x->b->ref_why));
		return;
	}
	/* interleaved A B B A ...: a change in the machine's load during
	 * the check weighs on both alike */
	for (long i = 0; i < 2 * runs && pf.why == NULL; i++) {
		bool ref = (i % 4 == 0 || i % 4 == 3);
		/* the file's runs stop at the budget (the reference's best
		 * only gets lower, so a run stopped there is over it) */
		double budget = perf_budget(&pf, c->ratio);
		double lim = ref || budget > cap ? cap : budget;

		perf_run(&pf, ref, ref ? x->b->ref_drv : x->b->drv[RLF_NATIVE],
			 c->args, lim);
	}
	if (!pf.ref_bad)
		rl_buf_printf(&pf.ev,
			      "  budget: %g x max(reference %.3f s, %.1f s) "
			      "= %.2f s\n",
			      c->ratio, pf.best[0], PERF_FLOOR_S,
			      perf_budget(&pf, c->ratio));
	perf_judge(r, &pf, c->ratio, cap);
	free(pf.why);
	free(pf.ev.s);
}

/* ------------------------------------------------------------ the run */

/* The flavour a check needs, or -1 (the build check). */
static int flavor_of(const struct rl_gcheck *c)
{
	switch (c->kind) {
	case RLG_UNIT:
	case RLG_STRESS:
	case RLG_PERF:
		return RLF_NATIVE;
	case RLG_TSAN:
		return RLF_TSAN;
	case RLG_HELGRIND:
		return RLF_VG;
	case RLG_EXPLORE:
	case RLG_SCHED:
		return RLF_SCHED;
	default:
		return -1;
	}
}

static void run_check(struct gctx *x, struct rl_gresult *r)
{
	static void (*const fn[])(struct gctx *, struct rl_gresult *) = {
	    [RLG_BUILD] = do_build,	[RLG_UNIT] = do_unit,
	    [RLG_EXPLORE] = do_explore, [RLG_STRESS] = do_stress,
	    [RLG_TSAN] = do_tsan,	[RLG_HELGRIND] = do_helgrind,
	    [RLG_SCHED] = do_sched,	[RLG_PERF] = do_perf,
	};
	int f = flavor_of(r->check);
	double t0 = rl_now();

	if (r->check->kind != RLG_BUILD &&
	    (!x->b->compiled || x->b->errors != NULL))
		set(r, RLG_FAIL,
		    rl_xstrdup("not run: the file does not build (see "
			       "the build check)"),
		    NULL);
	else if (f >= 0 && x->b->why[f] != NULL)
		set(r, strstr(x->b->why[f], "not built") ? RLG_SKIP : RLG_FAIL,
		    rl_xasprintf("not run: %.*s",
				 (int)strcspn(x->b->why[f], "\n"),
				 x->b->why[f]),
		    rl_xstrdup(x->b->why[f]));
	else
		fn[r->check->kind](x, r);
	rl_gbuild_settle(x->b);
	r->seconds = rl_now() - t0;
	if (x->o->verbose)
		fprintf(stderr, "racelab grade: %-16s %s (%.1f s)\n",
			r->check->name, r->status == RLG_PASS ? "PASS" : "FAIL",
			r->seconds);
}

/* Is name one of the comma-separated names in list? */
static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

static bool wanted(const struct rl_grade_opts *o, const struct rl_gcheck *c)
{
	return o->only == NULL || in_list(o->only, c->name);
}

char *rl_grade_unknown_check(const struct rl_gtable *t, const char *list)
{
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		char *name = rl_xasprintf("%.*s", (int)len, p);
		bool found = false;

		for (size_t i = 0; i < t->nchecks && !found; i++)
			found = strcmp(t->checks[i].name, name) == 0;
		if (!found)
			return name;
		free(name);
		p += len + (p[len] == ',');
	}
	return NULL;
}

/* The build flavours the wanted checks use. */
static unsigned needed(const struct rl_gtable *t, const struct rl_grade_opts *o)
{
	unsigned need = 0;

	for (size_t i = 0; i < t->nchecks; i++) {
		int f = flavor_of(&t->checks[i]);

		if (wanted(o, &t->checks[i]) && f >= 0)
			need |= 1u << f;
		/* helgrind's policy reads TSan's verdict (tsan_for_policy) */
		if (wanted(o, &t->checks[i]) &&
		    t->checks[i].kind == RLG_HELGRIND && tsan_check(t) != NULL)
			need |= 1u << RLF_TSAN;
	}
	return need;
}

int rl_grade_run(const char *case_id, const char *file,
		 const struct rl_grade_opts *o, struct rl_grade *g)
{
	struct rl_gbuild b;
	struct gctx x = {.b = &b,
			 .o = o,
			 .case_id = case_id,
			 .table = &g->table,
			 .tsan_races = -1};
	char *err = NULL;
	double t0 = rl_now();
	int rc = -1;

	memset(g, 0, sizeof(*g));
	g->case_id = rl_xstrdup(case_id);
	g->file = rl_xstrdup(o->display ? o->display : file);
	x.display = g->file;
	if (rl_gtable_load(&g->table, case_id, &err) != 0 ||
	    rl_gbuild_open(&b, case_id, &err) != 0) {
		g->error = err;
		if (b.case_id != NULL)
			rl_gbuild_close(&b);
		return -1;
	}
	g->sandbox = rl_xstrdup(rl_sandbox_mode(&b.sb));
	if (rl_gbuild_make(&b, file, needed(&g->table, o), &err) != 0) {
		g->error = err;
		goto out;
	}
	g->results = rl_xcalloc(g->table.nchecks, sizeof(*g->results));
	for (size_t i = 0; i < g->table.nchecks; i++) {
		struct rl_gresult *r = &g->results[g->nresults];

		if (!wanted(o, &g->table.checks[i]))
			continue;
		r->check = &g->table.checks[i];
		g->nresults++;
		run_check(&x, r);
		g->score += r->score;
		g->max_score += r->check->points;
	}
	rc = 0;
out:
	rl_gbuild_close(&b);
	g->seconds = rl_now() - t0;
	return rc;
}

void rl_grade_free(struct rl_grade *g)
{
	for (size_t i = 0; i < g->nresults; i++) {
		free(g->results[i].summary);
		free(g->results[i].output);
	}
	free(g->results);
	rl_gtable_free(&g->table);
	free(g->case_id);
	free(g->file);
	free(g->sandbox);
	free(g->error);
	memset(g, 0, sizeof(*g));
}
