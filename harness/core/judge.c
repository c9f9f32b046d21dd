/*
 * judge.c - the verdict rules of cases.h, applied to one observation.
 * Every FAIL says in one line what was expected and what was seen.
 */
#include "judge.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const char *rl_result_name(enum rl_result r)
{
	return r == RL_PASS ? "PASS" : r == RL_FAIL ? "FAIL" : "SKIP";
}

const struct rl_frame *rl_access_where(const struct rl_access *a)
{
	for (size_t i = 0; i < a->nframes; i++) {
		const struct rl_frame *fr = &a->frames[i];

		if (fr->file != NULL && fr->function != NULL &&
		    !rl_is_system_file(fr->file))
			return fr;
	}
	return NULL;
}

bool rl_finding_matches(const struct rl_finding *f, const char *kind,
			const char *function, const char *file)
{
	if (kind != NULL && (f->kind == NULL || strcmp(f->kind, kind) != 0))
		return false;
	if (function == NULL && file == NULL)
		return true;
	for (size_t i = 0; i < f->naccesses; i++) {
		const struct rl_frame *w = rl_access_where(&f->accesses[i]);

		if (w == NULL)
			continue;
		if (function != NULL && strcmp(w->function, function) != 0)
			continue;
		if (file != NULL && !rl_path_endswith(w->file, file))
			continue;
		return true;
	}
	return false;
}

static bool any_match(const struct rl_obs *o, const struct rl_expect *e)
{
	for (size_t i = 0; i < o->rep.nfindings; i++)
		if (rl_finding_matches(&o->rep.findings[i], e->kind,
				       e->function, e->file))
			return true;
	return false;
}

static char *wanted(const struct rl_expect *e)
{
	return rl_xasprintf("%s%s%s%s%s", e->kind ? e->kind : "a finding",
			    e->function ? " in " : "",
			    e->function ? e->function : "", e->file ? ", " : "",
			    e->file ? e->file : "");
}

static char *seen(const struct rl_obs *o)
{
	struct rl_buf b = {0};

	if (o->rep.nfindings == 0)
		return rl_xstrdup("no findings");
	rl_buf_printf(&b, "%zu finding%s:", o->rep.nfindings,
		      o->rep.nfindings == 1 ? "" : "s");
	for (size_t i = 0; i < o->rep.nfindings && i < 3; i++) {
		const struct rl_finding *f = &o->rep.findings[i];
		const struct rl_frame *w =
		    f->naccesses ? rl_access_where(&f->accesses[0]) : NULL;

		rl_buf_printf(&b, " %s", f->kind ? f->kind : "?");
		if (w != NULL)
			rl_buf_printf(&b, " in %s (%s:%d)", w->function,
				      w->file, w->line);
		rl_buf_add(&b, i + 1 < o->rep.nfindings && i < 2 ? ";" : "",
			   i + 1 < o->rep.nfindings && i < 2);
	}
	return rl_buf_take(&b);
}

static enum rl_result fail(char **why, char *msg)
{
	*why = msg;
	return RL_FAIL;
}

static enum rl_result judge_findings(const struct rl_expect *e,
				     const struct rl_obs *o, char **why)
{
	char *w, *s;
	enum rl_result r = RL_PASS;

	switch (e->verdict) {
	case RLV_CLEAN:
	case RLV_NOT_DETECTABLE:
		if (o->rep.nfindings > 0) {
			s = seen(o);
			r = fail(why, rl_xasprintf("expected no findings, "
						   "got %s",
						   s));
			free(s);
		}
		break;
	case RLV_REPORT:
	case RLV_FALSE_POSITIVE:
		if (!any_match(o, e)) {
			w = wanted(e);
			s = seen(o);
			r = fail(why,
				 rl_xasprintf("expected %s, got %s", w, s));
			free(w);
			free(s);
		}
		break;
	default:
		break;
	}
	return r;
}

enum rl_result rl_judge_findings(const struct rl_expect *e,
				 const struct rl_obs *o, char **why)
{
	if (o->fail_kind != NULL && e->verdict != RLV_MAY_FAIL)
		return fail(why,
			    rl_xasprintf("the run hit a %s", o->fail_kind));
	if (e->verdict == RLV_CLEAN && o->runs_ok < o->runs)
		return fail(why, rl_xasprintf("invariant broken in %ld of %ld "
					      "runs: %s",
					      o->runs - o->runs_ok, o->runs,
					      o->result_line ? o->result_line
							     : "(no result)"));
	return judge_findings(e, o, why);
}

enum rl_result rl_judge(const struct rl_expect *e, const struct rl_obs *o,
			char **why)
{
	*why = NULL;
	if (o->skipped) {
		*why = rl_xstrdup(o->note ? o->note : "tool missing");
		return RL_SKIP;
	}
	if (e == NULL)
		return fail(why, rl_xstrdup("no expectation declared for this "
					    "tool (add a line to the case's "
					    "expect file)"));
	if (e->verdict == RLV_DEADLOCK) {
		if (o->fail_kind != NULL &&
		    strcmp(o->fail_kind, "deadlock") == 0)
			return RL_PASS;
		return fail(why, rl_xstrdup("expected the watchdog to catch a "
					    "deadlock; the run completed"));
	}
	if (o->broken && e->verdict != RLV_FAIL)
		return fail(why,
			    rl_xstrdup(o->note ? o->note : "the run broke"));
	if (o->tool->judge != NULL)
		return o->tool->judge(e, o, why);
	return rl_judge_findings(e, o, why);
}
