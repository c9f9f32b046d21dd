/*
 * grade_out.c - a grade for people (xv6 style: one line per check, its
 * evidence under a failure, "Score: a/b") and for machines: --json (SPEC
 * section 9, Gradescope's field names), Gradescope's results.json, JUnit
 * XML and a CSV row for a class.
 */
#include "grade.h"
#include "json.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_word(enum rl_gstatus s)
{
	static const char *const w[] = {"PASS", "FAIL", "ERROR", "SKIP"};

	return w[s];
}

/* Gradescope's status values. */
static const char *status_json(enum rl_gstatus s)
{
	return s == RLG_PASS ? "passed" : "failed";
}

static void indent(FILE *f, const char *text)
{
	const char *p = text;

	while (p != NULL && *p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		fprintf(f, "      %.*s\n", n, p);
		p = nl ? nl + 1 : NULL;
	}
}

void rl_grade_print(FILE *f, const struct rl_grade *g)
{
	fprintf(f, "== racelab grade %s %s ==\nsandbox: %s\n", g->case_id,
		g->file, g->sandbox ? g->sandbox : "?");
	for (size_t i = 0; i < g->nresults; i++) {
		const struct rl_gresult *r = &g->results[i];

		fprintf(f, "%-5s %3d/%-3d %-20s %s (%.1f s)\n",
			status_word(r->status), r->score, r->check->points,
			r->check->name, r->summary ? r->summary : "",
			r->seconds);
		if (r->status != RLG_PASS) {
			fprintf(f, "      promise: %s\n", r->check->promise);
			indent(f, r->output);
		}
	}
	fprintf(f, "Score: %d/%d  (%.1f s)\n", g->score, g->max_score,
		g->seconds);
}

/* The text Gradescope shows for a test: summary, promise, evidence. */
static char *test_output(const struct rl_gresult *r)
{
	return rl_xasprintf("%s: %s\npromise: %s\n%s", status_word(r->status),
			    r->summary ? r->summary : "", r->check->promise,
			    r->output ? r->output : "");
}

static void json_tests(struct rl_buf *b, const struct rl_grade *g,
		       bool gradescope)
{
	rl_buf_printf(b, "\"tests\":[");
	for (size_t i = 0; i < g->nresults; i++) {
		const struct rl_gresult *r = &g->results[i];
		char *out = test_output(r);

		rl_buf_printf(b, "%s{\"name\":", i ? "," : "");
		rl_json_str(b, r->check->name);
		rl_buf_printf(b, ",\"score\":%d,\"max_score\":%d,\"status\":",
			      r->score, r->check->points);
		rl_json_str(b, status_json(r->status));
		rl_buf_printf(b, ",\"output\":");
		rl_json_str(b, out);
		if (gradescope)
			rl_buf_printf(b, ",\"visibility\":\"visible\"");
		rl_buf_printf(b, "}");
		free(out);
	}
	rl_buf_printf(b, "]");
}

char *rl_grade_json(const struct rl_grade *g)
{
	struct rl_buf b = {0};

	rl_buf_printf(&b, "{\"case\":");
	rl_json_str(&b, g->case_id);
	rl_buf_printf(&b, ",\"file\":");
	rl_json_str(&b, g->file);
	rl_buf_printf(&b,
		      ",\"score\":%d,\"max_score\":%d,\"sandbox\":", g->score,
		      g->max_score);
	rl_json_str(&b, g->sandbox);
	rl_buf_printf(&b, ",");
	json_tests(&b, g, false);
	rl_buf_printf(&b, "}\n");
	return rl_buf_take(&b);
}

char *rl_grade_gradescope(const struct rl_grade *g)
{
	struct rl_buf b = {0};
	char *out = rl_xasprintf("racelab grade %s: sandbox %s", g->case_id,
				 g->sandbox ? g->sandbox : "?");

	rl_buf_printf(&b, "{\"score\":%d,\"output\":", g->score);
	rl_json_str(&b, out);
	rl_buf_printf(&b, ",\"visibility\":\"visible\",");
	json_tests(&b, g, true);
	rl_buf_printf(&b, "}\n");
	free(out);
	return rl_buf_take(&b);
}

static void xml_str(struct rl_buf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		switch (*s) {
		case '<':
			rl_buf_printf(b, "&lt;");
			break;
		case '>':
			rl_buf_printf(b, "&gt;");
			break;
		case '&':
			rl_buf_printf(b, "&amp;");
			break;
		case '"':
			rl_buf_printf(b, "&quot;");
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n' ||
			    *s == '\t')
				rl_buf_add(b, s, 1);
		}
	}
}

char *rl_grade_junit(const struct rl_grade *g)
{
	struct rl_buf b = {0};
	size_t failed = 0;

	for (size_t i = 0; i < g->nresults; i++)
		failed += g->results[i].status != RLG_PASS;
	rl_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			  "<testsuite name=\"racelab grade ");
	xml_str(&b, g->case_id);
	rl_buf_printf(&b, "\" tests=\"%zu\" failures=\"%zu\" time=\"%.2f\">\n",
		      g->nresults, failed, g->seconds);
	for (size_t i = 0; i < g->nresults; i++) {
		const struct rl_gresult *r = &g->results[i];
		char *out = test_output(r);

		rl_buf_printf(&b, "  <testcase classname=\"grade.");
		xml_str(&b, g->case_id);
		rl_buf_printf(&b, "\" name=\"");
		xml_str(&b, r->check->name);
		rl_buf_printf(&b, "\" time=\"%.2f\">", r->seconds);
		if (r->status != RLG_PASS) {
			rl_buf_printf(&b, "<failure message=\"");
			xml_str(&b, r->summary);
			rl_buf_printf(&b, "\">");
			xml_str(&b, out);
			rl_buf_printf(&b, "</failure>");
		}
		rl_buf_printf(&b, "</testcase>\n");
		free(out);
	}
	rl_buf_printf(&b, "</testsuite>\n");
	return rl_buf_take(&b);
}

/* A CSV field, quoted when it must be. */
static void csv_str(struct rl_buf *b, const char *s)
{
	if (strpbrk(s, ",\"\n") == NULL) {
		rl_buf_printf(b, "%s", s);
		return;
	}
	rl_buf_add(b, "\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			rl_buf_add(b, "\"", 1); /* RFC 4180: "" is one quote */
		rl_buf_add(b, s, 1);
	}
	rl_buf_add(b, "\"", 1);
}

char *rl_grade_csv_error(const char *file, int max_score)
{
	struct rl_buf b = {0};

	csv_str(&b, file);
	rl_buf_printf(&b, ",0,%d,error\n", max_score);
	return rl_buf_take(&b);
}

char *rl_grade_csv_header(const struct rl_gtable *t)
{
	struct rl_buf b = {0};

	rl_buf_printf(&b, "file,score,max_score,status");
	for (size_t i = 0; i < t->nchecks; i++) {
		rl_buf_printf(&b, ",");
		csv_str(&b, t->checks[i].name);
	}
	rl_buf_printf(&b, "\n");
	return rl_buf_take(&b);
}

char *rl_grade_csv_row(const struct rl_grade *g)
{
	struct rl_buf b = {0};

	csv_str(&b, g->file);
	rl_buf_printf(&b, ",%d,%d,%s", g->score, g->max_score,
		      g->error			 ? "error"
		      : g->score == g->max_score ? "full"
						 : "partial");
	for (size_t i = 0; i < g->table.nchecks; i++) {
		int score = -1;

		for (size_t k = 0; k < g->nresults; k++)
			if (g->results[k].check == &g->table.checks[i])
				score = g->results[k].score;
		if (score < 0)
			rl_buf_printf(&b, ",");
		else
			rl_buf_printf(&b, ",%d", score);
	}
	rl_buf_printf(&b, "\n");
	return rl_buf_take(&b);
}
