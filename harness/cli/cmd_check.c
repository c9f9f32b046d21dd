/*
 * cmd_check.c - `racelab check`: the whole matrix, every case x variant x
 * tool against its declared expectation, as an aligned table (or JSON lines,
 * or JUnit XML for CI). Keeps going after a failure; exit 1 at the end if
 * any expectation failed. Skips are shown and counted, never passed.
 */
#include "commands.h"
#include "opts.h"
#include "out.h"
#include "runcase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct row {
	char *name; /* case/variant/tool */
	enum rl_result result;
	char *why;
	double seconds;
};

static void usage(void)
{
	printf("usage: racelab check [CASE...] [--tool TOOL] [--variant V] "
	       "[--json] [--junit FILE]\n\n"
	       "Runs every case x variant x tool (or the ones named) and "
	       "checks each against\nthe case's expect file. Exit: 0 all "
	       "hold, 1 any failed, 2 usage.\n");
}

static void xml_escaped(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static int write_junit(const char *path, const struct row *rows, size_t n)
{
	FILE *f = fopen(path, "w");
	size_t failures = 0, skipped = 0;
	double total = 0;

	if (f == NULL)
		return rl_usage_error("check: cannot write --junit '%s'", path);
	for (size_t i = 0; i < n; i++) {
		failures += rows[i].result == RL_FAIL;
		skipped += rows[i].result == RL_SKIP;
		total += rows[i].seconds;
	}
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuite name=\"racelab-matrix\" tests=\"%zu\" "
		"failures=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
		n, failures, skipped, total);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "  <testcase classname=\"racelab\" name=\"");
		xml_escaped(f, rows[i].name);
		fprintf(f, "\" time=\"%.3f\"", rows[i].seconds);
		if (rows[i].result == RL_PASS) {
			fprintf(f, "/>\n");
			continue;
		}
		fprintf(f, rows[i].result == RL_FAIL ? ">\n    <failure message=\""
						     : ">\n    <skipped message=\"");
		xml_escaped(f, rows[i].why);
		fprintf(f, "\"/>\n  </testcase>\n");
	}
	fprintf(f, "</testsuite>\n");
	return fclose(f) == 0 ? 0 : rl_usage_error("check: writing '%s' failed",
						   path);
}

static bool selected(const struct rl_cli *o, const char *id)
{
	if (o->nargs == 0)
		return true;
	for (int i = 0; i < o->nargs; i++)
		if (strcmp(o->args[i], id) == 0)
			return true;
	return false;
}

static void print_row(const struct rl_case_run *r)
{
	char *exp = rl_expect_describe(r->expect);

	printf("%-9s %-5s %-9s %-58.58s %s %6.1fs\n", r->c->id, r->variant,
	       r->tool->name, exp, rl_result_colored(r->result),
	       r->obs.seconds);
	if (r->why != NULL)
		printf("%25s %s%s%s\n", "", r->result == RL_FAIL ? rl_c_red()
								  : rl_c_yellow(),
		       r->why, rl_c_off());
	free(exp);
}

int cmd_check(int argc, char **argv)
{
	struct rl_catalogue cat;
	struct rl_cli o;
	struct rl_overrides ov;
	const struct rl_tool *only = NULL;
	struct row *rows = NULL;
	size_t n = 0, counts[3] = {0};
	int rc = rl_cli_parse("check", argc, argv,
			      "tool variant json junit timeout", &o);
	bool tty = isatty(STDOUT_FILENO);

	if (rc != 0)
		return rc;
	if (o.help) {
		usage();
		return RL_EXIT_OK;
	}
	if (o.tool != NULL && (only = rl_cli_tool(o.tool)) == NULL)
		return RL_EXIT_USAGE;
	if ((rc = rl_cli_catalogue(&cat)) != 0)
		return rc;
	for (int i = 0; i < o.nargs; i++) {
		if (rl_cli_case(&cat, o.args[i]) == NULL) {
			rl_catalogue_free(&cat);
			return RL_EXIT_USAGE;
		}
	}
	rl_cli_overrides(&o, &ov);
	if (!o.json)
		printf("%s%-9s %-5s %-9s %-58s %s %7s%s\n", rl_c_bold(), "case",
		       "var", "tool", "expected", "result", "time",
		       rl_c_off());
	for (size_t ci = 0; ci < cat.ncases; ci++) {
		const struct rl_case *c = &cat.cases[ci];

		if (!selected(&o, c->id))
			continue;
		for (int v = 0; v < c->nvariants; v++) {
			if (o.variant && strcmp(o.variant, c->variants[v]) != 0)
				continue;
			for (size_t t = 0; t < rl_ntools; t++) {
				struct rl_case_run r;

				if (only != NULL && only != &rl_tools[t])
					continue;
				if (tty && !o.json) {
					printf("  running %s/%s under %s ...\r",
					       c->id, c->variants[v],
					       rl_tools[t].name);
					fflush(stdout);
				}
				rl_case_run(c, c->variants[v], &rl_tools[t],
					    &ov, &r);
				if (tty && !o.json)
					printf("%-70s\r", "");
				if (o.json) {
					char *js = rl_case_run_json(&r);

					puts(js);
					free(js);
				} else {
					print_row(&r);
				}
				fflush(stdout);
				rows = rl_xrealloc(rows, (n + 1) * sizeof(*rows));
				rows[n++] = (struct row){
					rl_xasprintf("%s/%s/%s", c->id,
						     c->variants[v],
						     rl_tools[t].name),
					r.result,
					r.why ? rl_xstrdup(r.why) : NULL,
					r.obs.seconds};
				counts[r.result]++;
				rl_case_run_free(&r);
			}
		}
	}
	if (!o.json)
		printf("\n%zu checked: %s%zu passed%s, %s%zu failed%s, "
		       "%s%zu skipped%s (a skip is not a pass)\n",
		       n, rl_c_green(), counts[RL_PASS], rl_c_off(),
		       counts[RL_FAIL] ? rl_c_red() : "", counts[RL_FAIL],
		       rl_c_off(), counts[RL_SKIP] ? rl_c_yellow() : "",
		       counts[RL_SKIP], rl_c_off());
	rc = o.junit ? write_junit(o.junit, rows, n) : 0;
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].why);
	}
	free(rows);
	rl_catalogue_free(&cat);
	if (rc != 0)
		return rc;
	return counts[RL_FAIL] ? RL_EXIT_FAIL : RL_EXIT_OK;
}
