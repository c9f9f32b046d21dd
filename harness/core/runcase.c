/*
 * runcase.c - glue between the catalogue, the tool runners and the judge.
 */
#include "runcase.h"
#include "json.h"
#include "paths.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* v[k] = value of an option, replacing the case's own when it has one. */
static bool override(char **v, size_t *k, char *const *base, size_t *i,
		     size_t n, const char *opt, long value, bool on)
{
	if (!on || *i + 1 >= n || strcmp(base[*i], opt) != 0)
		return false;
	v[(*k)++] = rl_xasprintf("%ld", value);
	(*i)++;
	return true;
}

char **rl_case_driver_args(const struct rl_case *c, const char *tool,
			   long threads, long iters)
{
	char *const *base = rl_case_args(c, tool);
	size_t n = 0, k = 0;
	char **v;
	bool t_done = false, i_done = false;

	while (base != NULL && base[n] != NULL)
		n++;
	v = rl_xcalloc(n + 5, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		v[k++] = rl_xstrdup(base[i]);
		t_done |=
		    override(v, &k, base, &i, n, "-t", threads, threads > 0);
		i_done |= override(v, &k, base, &i, n, "-i", iters, iters >= 0);
	}
	if (!t_done && threads > 0) {
		v[k++] = rl_xstrdup("-t");
		v[k++] = rl_xasprintf("%ld", threads);
	}
	if (!i_done && iters >= 0) {
		v[k++] = rl_xstrdup("-i");
		v[k++] = rl_xasprintf("%ld", iters);
	}
	return v;
}

void rl_case_run(const struct rl_case *c, const char *variant,
		 const struct rl_tool *t, const struct rl_overrides *ov,
		 struct rl_case_run *out)
{
	struct rl_run_req req = {
	    .case_id = c->id,
	    .variant = variant,
	    .runs = rl_case_runs(c, t->name, t->runs),
	    .timeout = rl_case_timeout(c, t->name, 0),
	};

	memset(out, 0, sizeof(*out));
	out->c = c;
	out->variant = variant;
	out->tool = t;
	out->expect = rl_case_expect(c, variant, t->name);
	out->argv = rl_case_driver_args(c, t->name, ov ? ov->threads : 0,
					ov ? ov->iters : -1);
	req.argv = out->argv;
	if (ov != NULL) {
		if (ov->runs > 0)
			req.runs = ov->runs;
		if (ov->timeout > 0)
			req.timeout = ov->timeout;
		req.seed = ov->seed;
		req.strategy = ov->strategy;
		req.depth = ov->depth;
		req.spurious = ov->spurious;
		req.sc = ov->sc;
	}
	rl_tool_run(t, &req, &out->obs);
	out->result = rl_judge(out->expect, &out->obs, &out->why);
}

void rl_case_run_free(struct rl_case_run *r)
{
	rl_argv_free(r->argv);
	rl_obs_free(&r->obs);
	free(r->why);
	memset(r, 0, sizeof(*r));
}

char *rl_expect_describe(const struct rl_expect *e)
{
	struct rl_buf b = {0};

	if (e == NULL)
		return rl_xstrdup("(not declared)");
	rl_buf_printf(&b, "%s", rl_verdict_name(e->verdict));
	if (e->kind != NULL)
		rl_buf_printf(&b, strchr(e->kind, ' ') ? " \"%s\"" : " %s",
			      e->kind);
	if (e->function != NULL)
		rl_buf_printf(&b, " in %s", e->function);
	if (e->file != NULL)
		rl_buf_printf(&b, ", %s", e->file);
	if (e->lineno == 0)
		rl_buf_printf(&b, " (the tool's default)");
	return rl_buf_take(&b);
}

char *rl_case_run_cell(const struct rl_case_run *r)
{
	const struct rl_expect *e = r->expect;
	const char *kind = e && e->kind ? e->kind : "";

	if (r->result == RL_SKIP)
		return rl_xstrdup("skipped (tool missing)");
	if (r->result == RL_FAIL)
		return rl_xasprintf("**FAIL**: %s", r->why ? r->why : "");
	switch (e->verdict) {
	case RLV_CLEAN:
		return rl_xstrdup("clean");
	case RLV_REPORT:
		return rl_xasprintf("caught: %s", kind);
	case RLV_FALSE_POSITIVE:
		return rl_xasprintf("false positive: %s", kind);
	case RLV_NOT_DETECTABLE:
		return rl_xstrdup("silent (cannot see it)");
	case RLV_MAY_FAIL:
		return rl_xasprintf("luck: %ld/%ld runs broke",
				    r->obs.runs - r->obs.runs_ok, r->obs.runs);
	case RLV_FAIL:
		return rl_xasprintf("reproduced: %s", r->obs.fail_kind);
	case RLV_DEADLOCK:
		return rl_xstrdup("real hang caught");
	}
	return rl_xstrdup("?");
}

static void json_expect(struct rl_buf *b, const struct rl_expect *e)
{
	if (e == NULL) {
		rl_buf_add(b, "null", 4);
		return;
	}
	rl_buf_add(b, "{\"verdict\":", 11);
	rl_json_str(b, rl_verdict_name(e->verdict));
	rl_buf_add(b, ",\"kind\":", 8);
	rl_json_str(b, e->kind);
	rl_buf_add(b, ",\"function\":", 12);
	rl_json_str(b, e->function);
	rl_buf_add(b, ",\"file\":", 8);
	rl_json_str(b, e->file);
	rl_buf_add(b, ",\"reason\":", 10);
	rl_json_str(b, e->reason);
	rl_buf_add(b, "}", 1);
}

static void json_histogram(struct rl_buf *b, const struct rl_obs *o)
{
	rl_buf_add(b, "[", 1);
	for (size_t i = 0; i < o->nhist; i++) {
		rl_buf_add(b,
			   i ? ",{\"outcome\":" : "{\"outcome\":", i ? 12 : 11);
		rl_json_str(b, o->hist[i].outcome);
		rl_buf_printf(b, ",\"count\":%ld,\"ok\":%s}", o->hist[i].count,
			      o->hist[i].ok ? "true" : "false");
	}
	rl_buf_add(b, "]", 1);
}

char *rl_case_run_json(const struct rl_case_run *r)
{
	const struct rl_obs *o = &r->obs;
	struct rl_buf b = {0};

	rl_buf_add(&b, "{\"case\":", 8);
	rl_json_str(&b, r->c->id);
	rl_buf_add(&b, ",\"variant\":", 11);
	rl_json_str(&b, r->variant);
	rl_buf_add(&b, ",\"tool\":", 8);
	rl_json_str(&b, r->tool->name);
	rl_buf_add(&b, ",\"args\":[", 9);
	for (char **a = r->argv; a && *a; a++) {
		if (a != r->argv)
			rl_buf_add(&b, ",", 1);
		rl_json_str(&b, *a);
	}
	rl_buf_add(&b, "],\"expected\":", 13);
	json_expect(&b, r->expect);
	rl_buf_add(&b, ",\"verdict\":", 11);
	rl_json_str(&b, rl_result_name(r->result));
	rl_buf_add(&b, ",\"why\":", 7);
	rl_json_str(&b, r->why);
	rl_buf_add(&b, ",\"note\":", 8);
	rl_json_str(&b, o->note);
	rl_buf_add(&b, ",\"findings\":", 12);
	rl_json_findings(&b, &o->rep);
	rl_buf_printf(&b, ",\"report_truncated\":%s",
		      o->rep.truncated ? "true" : "false");
	rl_buf_printf(&b,
		      ",\"invariant\":{\"ok\":%s,\"runs\":%ld,"
		      "\"runs_ok\":%ld,\"detail\":",
		      o->runs > 0 && o->runs_ok == o->runs ? "true" : "false",
		      o->runs, o->runs_ok);
	rl_json_str(&b, o->result_line);
	rl_buf_add(&b, "},\"histogram\":", 14);
	json_histogram(&b, o);
	rl_buf_printf(&b, ",\"schedules\":%ld,\"failure\":", o->schedules);
	rl_json_str(&b, o->fail_kind);
	rl_buf_add(&b, ",\"replay\":", 10);
	rl_json_str(&b, o->replay);
	rl_buf_printf(&b, ",\"status\":%d,\"seconds\":%.3f}", o->status,
		      o->seconds);
	return rl_buf_take(&b);
}
