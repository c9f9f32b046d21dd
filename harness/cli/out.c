/*
 * out.c - colour, JSON escaping and the human rendering of findings.
 */
#include "out.h"
#include "paths.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *rl_result_colored(enum rl_result r)
{
	static char buf[3][32];

	snprintf(buf[r], sizeof(buf[r]), "%s%s%s",
		 r == RL_PASS	? rl_c_green()
		 : r == RL_FAIL ? rl_c_red()
				: rl_c_yellow(),
		 rl_result_name(r), rl_c_off());
	return buf[r];
}

int rl_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("racelab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return RL_EXIT_USAGE;
}

char *rl_access_who(const struct rl_access *a)
{
	const char *what = a->what ? a->what : "";
	/* Valgrind's own words already say "by thread #2". */
	bool named = a->thread == NULL || strstr(what, "thread") != NULL;

	return rl_xasprintf("%s%s%s", what, named ? "" : " by ",
			    named ? "" : a->thread);
}

void rl_print_findings(FILE *f, const struct rl_report *rep, size_t max)
{
	for (size_t i = 0; i < rep->nfindings && i < max; i++) {
		const struct rl_finding *fd = &rep->findings[i];

		fprintf(f, "  %s%s%s\n", rl_c_bold(), fd->kind ? fd->kind : "?",
			rl_c_off());
		for (size_t k = 0; k < fd->naccesses; k++) {
			const struct rl_access *a = &fd->accesses[k];
			const struct rl_frame *w = rl_access_where(a);

			if (w == NULL)
				continue;
			char *who = rl_access_who(a);
			char *at = rl_xasprintf("%s:%d", rl_path_short(w->file),
						w->line);

			fprintf(f, "    %-40s %-24s %s()\n", who, at,
				w->function);
			free(who);
			free(at);
		}
	}
	if (rep->nfindings > max)
		fprintf(f, "  ... and %zu more\n", rep->nfindings - max);
}

int rl_exit_for_failure(const char *kind)
{
	if (kind == NULL)
		return RL_EXIT_OK;
	if (strcmp(kind, "invariant") == 0)
		return RL_EXIT_INVARIANT;
	if (strcmp(kind, "deadlock") == 0)
		return RL_EXIT_DEADLOCK;
	if (strcmp(kind, "crash") == 0)
		return RL_EXIT_CRASH;
	if (strcmp(kind, "diverged") == 0)
		return RL_EXIT_DIVERGED;
	return RL_EXIT_SCHED;
}

void rl_print_run(FILE *f, const struct rl_case_run *r)
{
	const struct rl_obs *o = &r->obs;
	char *exp = rl_expect_describe(r->expect);

	fprintf(f, "%s%s (%s) under %s%s  %s\n", rl_c_bold(), r->c->id,
		r->variant, r->tool->name, rl_c_off(),
		rl_result_colored(r->result));
	fprintf(f, "  expected: %s\n", exp);
	if (r->expect != NULL && r->expect->reason != NULL)
		fprintf(f, "            %s(%s)%s\n", rl_c_dim(),
			r->expect->reason, rl_c_off());
	free(exp);
	if (r->why != NULL)
		fprintf(f, "  %s: %s\n",
			r->result == RL_SKIP ? "skipped" : "why", r->why);
	if (o->skipped)
		return;
	fprintf(f, "  driver:  ");
	for (char **a = r->argv; a && *a; a++)
		fprintf(f, " %s", *a);
	fprintf(f, "\n");
	if (o->rep.nfindings > 0) {
		fprintf(f, "  findings: %zu\n", o->rep.nfindings);
		rl_print_findings(f, &o->rep, 4);
	} else if (r->tool->reports) {
		fprintf(f, "  findings: none\n");
	}
	if (o->rep.truncated)
		fprintf(f, "  %sreport truncated: %s%s\n", rl_c_yellow(),
			o->rep.error ? o->rep.error : "", rl_c_off());
	rl_tool_print(f, o);
	fprintf(f, "  time: %.2f s\n", o->seconds);
}
