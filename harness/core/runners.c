/*
 * runners.c - what every runner file does alike: notes, a process's end
 * taken into an observation (settled), the driver's result line counted
 * into the outcome histogram, a tool's report parsed.
 */
#include "runners.h"
#include "../cases/common/driver.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void rl_obs_note(struct rl_obs *o, char *msg)
{
	free(o->note);
	o->note = msg;
}

void rl_obs_cannot_run(struct rl_obs *o, char *why)
{
	o->error = o->broken = true;
	rl_obs_note(o, why);
}

/* Find the driver's "<case>: ..." line in out; record it in the histogram. */
/* The driver's result line in out ("<case>: ..." at a line's start), the
 * last one, or NULL. */
static const char *result_line(const char *case_id, const char *out)
{
	size_t n = strlen(case_id);
	const char *line = NULL;

	for (const char *p = out; p != NULL && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, case_id, n) == 0 && p[n] == ':' &&
		    p[n + 1] == ' ')
			line = p;
	}
	return line;
}

bool rl_result_seen(const char *case_id, const char *out)
{
	char *tag = rl_xasprintf("%s: ", case_id);
	bool seen = out != NULL && strstr(out, tag) != NULL;

	free(tag);
	return seen;
}

static void record_result(struct rl_obs *o, const char *case_id,
			  const char *out, bool ok)
{
	size_t n = strlen(case_id);
	const char *line = result_line(case_id, out), *end;
	char *outcome;

	o->runs++;
	o->runs_ok += ok;
	if (line == NULL)
		return;
	end = strchr(line, '\n');
	free(o->result_line);
	o->result_line =
	    end ? strndup(line, (size_t)(end - line)) : rl_xstrdup(line);
	outcome = rl_xstrdup(o->result_line + n + 2);
	for (size_t i = 0; i < o->nhist; i++) {
		if (strcmp(o->hist[i].outcome, outcome) == 0 &&
		    o->hist[i].ok == ok) {
			o->hist[i].count++;
			free(outcome);
			return;
		}
	}
	o->hist = rl_xrealloc(o->hist, (o->nhist + 1) * sizeof(*o->hist));
	o->hist[o->nhist++] = (struct rl_outcome){outcome, 1, ok};
}

/* What the capture cap dropped, said once. */
static void note_cut(struct rl_obs *o, const struct rl_proc *p)
{
	size_t cut = p->out_cut + p->err_cut;

	if (cut == 0)
		return;
	o->cut += cut;
	rl_obs_note(o, rl_xasprintf("%s%sthe program's output was cut: %zu "
				    "bytes dropped from the middle (the first "
				    "and last %zu of each stream kept)",
				    o->note ? o->note : "", o->note ? "; " : "",
				    cut, RL_PROC_KEEP));
}

void rl_obs_settle(struct rl_obs *o, const struct rl_run_req *r,
		   const struct rl_proc *p, int tool_code)
{
	/* a tool that reported exits with its own code, hiding the
	 * program's: a case driver then says on stderr if it would have
	 * exited 3 (DRV_BROKEN_LINE) */
	bool hidden3 = tool_code && p->status == tool_code && !r->any_program &&
		       p->err != NULL &&
		       strstr(p->err, DRV_BROKEN_LINE) != NULL;
	bool ok =
	    p->status == 0 || (tool_code && p->status == tool_code && !hidden3);
	bool normal = !r->any_program && (p->status == 3 || hidden3);
	/* a driver prints its result line last: status 0 without it is a
	 * run cut short by exit() in the code under test, whose checks never
	 * ran (it must not count as "held"); a tool's own code may mean the
	 * tool stopped the program at its report, as ASan does */
	bool early = p->status == 0 && !p->timed_out && !r->any_program &&
		     r->case_id != NULL && !rl_result_seen(r->case_id, p->out);

	o->status = p->status;
	o->signal = p->signal;
	o->seconds += p->seconds;
	o->timed_out = o->timed_out || p->timed_out;
	if (p->timed_out || (!ok && !normal) || early) {
		o->broken = true;
		o->hung = p->timed_out && p->idle_s >= 1;
		o->idle_s = p->idle_s;
		free(o->said);
		o->said = rl_program_said(p->err);
		free(o->ending);
		o->ending =
		    early
			? rl_xasprintf("the program ended with status %d "
				       "before the driver printed its result "
				       "line: exit() called in the code under "
				       "test?",
				       p->status)
			: rl_ending_text(p, o->said, r->timeout);
		rl_obs_note(o, rl_xstrdup(o->ending));
	}
	note_cut(o, p);
	if (p->out != NULL)
		record_result(o, r->case_id, p->out,
			      ok && !p->timed_out && !early);
}

void rl_obs_take_report(struct rl_obs *o, const struct rl_run_req *r,
			const struct rl_proc *p, int tool_code,
			int (*parse)(const char *, size_t, struct rl_report *),
			const char *who)
{
	struct rl_report rep = {0};

	rl_obs_settle(o, r, p, tool_code);
	if (parse(p->err, p->err_len, &rep) != 0 ||
	    (p->status == tool_code && rep.nfindings == 0))
		rl_obs_cannot_run(o, rl_xasprintf("%s's report could not be "
						  "read: %s",
						  who,
						  rep.error ? rep.error
							    : "no report "
							      "found"));
	rl_report_free(&o->rep);
	o->rep = rep;
	free(o->raw);
	o->raw = rl_xstrdup(p->err);
}

int rl_obs_repeat(const struct rl_tool *t, const struct rl_run_req *r,
		  struct rl_obs *o,
		  void (*once)(const struct rl_tool *,
			       const struct rl_run_req *, struct rl_obs *))
{
	for (long i = 0; i < r->runs; i++) {
		once(t, r, o);
		if (o->broken || o->rep.nfindings > 0)
			break;
	}
	return 0;
}

void rl_print_invariant(FILE *f, const struct rl_obs *o)
{
	if (o->result_line != NULL)
		fprintf(f, "  invariant: %s (%ld of %ld runs held)\n",
			o->result_line, o->runs_ok, o->runs);
}

void rl_print_deadlock(FILE *f, const struct rl_obs *o)
{
	if (o->fail_kind != NULL && o->trace != NULL)
		fprintf(f, "  run %ld hit a %s\n%s", o->runs, o->fail_kind,
			o->trace);
}

void rl_tool_print(FILE *f, const struct rl_obs *o)
{
	if (o->tool->print != NULL)
		o->tool->print(f, o);
	else {
		rl_print_invariant(f, o);
		rl_print_deadlock(f, o);
	}
}
