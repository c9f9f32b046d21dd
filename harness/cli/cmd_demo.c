/*
 * cmd_demo.c - `racelab demo race|deadlock` (make race-demo, make
 * deadlock-demo): the story of one bug in a few screens. Each step is one
 * case run under one tool, with its verdict read from the tool's real output
 * and reduced to what a student needs: what happened, where, which threads.
 * A demo is a table of steps, so the story is data too.
 */
#include "commands.h"
#include "opts.h"
#include "out.h"
#include "paths.h"
#include "runcase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct step {
	const char *case_id, *variant, *tool;
	const char *title; /* what this step shows */
	const char *moral; /* one line after it */
};

static const struct step race_steps[] = {
    {"counter", "bad", "sched",
     "The bug, reproduced: racelab's scheduler picks the interleaving",
     "Any seed that fails replays exactly: the lost update on demand."},
    {"counter", "bad", "tsan",
     "What ThreadSanitizer (clang -fsanitize=thread) says",
     "TSan needs no lost update to happen: two unordered accesses, one a "
     "write, are enough."},
    {"counter", "bad", "helgrind",
     "What Helgrind (valgrind --tool=helgrind) says",
     "Same line, same threads: a different tool, the same verdict."},
    {"counter", "bad", "native",
     "Natively, with no tool: lost updates are luck",
     "Small runs often print the right total. That is why step 1 exists."},
    {"counter", "good", "sched", "The fix (good/counter.c): a mutex", NULL},
    {"counter", "good", "tsan", NULL, NULL},
    {"counter", "good", "helgrind", NULL, NULL},
    {"counter", "good", "native", NULL,
     "diff -u bad/counter.c good/counter.c shows the fix."},
};

static const struct step deadlock_steps[] = {
    {"transfer", "bad", "native", "A real deadlock, caught by the watchdog",
     "The watchdog saw every thread blocked, printed the cycle and "
     "killed the process group."},
    {"transfer", "bad", "tsan",
     "What ThreadSanitizer predicts (no hang needed)",
     "TSan reports the lock-order inversion from one run that did not "
     "deadlock."},
    {"transfer", "bad", "helgrind", "What Helgrind predicts",
     "Helgrind's LockOrder: the same cycle, the same two lines."},
    {"transfer", "bad", "sched",
     "The deadlock, reproduced from a seed by racelab's scheduler",
     "Replaying the seed gives the same cycle every time."},
    {"transfer", "good", "native",
     "The fix (good/transfer.c): take both locks in account-id order", NULL},
    {"transfer", "good", "tsan", NULL, NULL},
    {"transfer", "good", "sched", NULL,
     "diff -u bad/transfer.c good/transfer.c shows the fix."},
};

static void render_findings(const struct rl_obs *o)
{
	/* One finding is the lesson; the rest are repeats of it. */
	const struct rl_finding *f = &o->rep.findings[0];

	printf("  %s%s%s", rl_c_red(), f->kind, rl_c_off());
	if (o->rep.nfindings > 1)
		printf("  (%zu reports in all; the first:)", o->rep.nfindings);
	printf("\n");
	for (size_t k = 0, shown = 0; k < f->naccesses && shown < 3; k++) {
		const struct rl_access *a = &f->accesses[k];
		const struct rl_frame *w = rl_access_where(a);
		char *who;

		/* The racing accesses (or lock acquisitions) are the lesson;
		 * where the threads were created is not. */
		if (w == NULL || a->what == NULL ||
		    strstr(a->what, "created") != NULL)
			continue;
		who = rl_access_who(a);
		printf("    %s\n      at %s%s:%d%s in %s()\n", who, rl_c_bold(),
		       rl_path_short(w->file), w->line, rl_c_off(),
		       w->function);
		free(who);
		shown++;
	}
}

static void render(const struct rl_case_run *r)
{
	const struct rl_obs *o = &r->obs;

	if (o->skipped) {
		printf("  %sSKIP%s: %s\n", rl_c_yellow(), rl_c_off(), o->note);
		return;
	}
	if (r->tool->schedules) {
		if (o->fail_kind != NULL)
			printf("%s", o->trace ? o->trace : "");
		else if (o->broken) /* neither a finding nor clean */
			printf("  %scould not judge%s: %s\n", rl_c_yellow(),
			       rl_c_off(), o->note ? o->note : "no reason");
		else
			printf("  %ld schedules explored, none failing\n",
			       o->schedules);
		if (o->replay != NULL)
			printf("  replay: %s\n", o->replay);
	} else if (o->trace != NULL) {
		printf("%s", o->trace);
	} else if (o->rep.nfindings > 0) {
		render_findings(o);
	} else if (r->tool->reports) {
		printf("  no reports\n");
	}
	if (r->tool->histogram) {
		for (size_t i = 0; i < o->nhist; i++)
			printf("  %3ld x  %s: %s  %s%s%s\n", o->hist[i].count,
			       r->c->id, o->hist[i].outcome,
			       o->hist[i].ok ? rl_c_green() : rl_c_red(),
			       o->hist[i].ok ? "ok" : "INVARIANT BROKEN",
			       rl_c_off());
	} else if (o->result_line != NULL && o->fail_kind == NULL) {
		printf("  %s\n", o->result_line);
	}
}

static int run_demo(const struct step *steps, size_t n)
{
	struct rl_catalogue cat;
	int rc = rl_cli_catalogue(&cat), failed = 0;

	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const struct step *s = &steps[i];
		const struct rl_case *c = rl_cli_case(&cat, s->case_id);
		struct rl_case_run r;

		if (c == NULL) {
			rl_catalogue_free(&cat);
			return RL_EXIT_INTERNAL;
		}
		if (s->title != NULL)
			printf("\n%s== %s%s\n", rl_c_bold(), s->title,
			       rl_c_off());
		rl_case_run(c, s->variant, rl_tool_find(s->tool), NULL, &r);
		printf("%s-- %s/%s.c under %s%s  [%s]\n", rl_c_dim(),
		       s->variant, s->case_id, s->tool, rl_c_off(),
		       rl_result_colored(r.result));
		render(&r);
		if (r.why != NULL && r.result == RL_FAIL)
			printf("  %sexpectation failed: %s%s\n", rl_c_red(),
			       r.why, rl_c_off());
		if (s->moral != NULL)
			printf("  %s%s%s\n", rl_c_dim(), s->moral, rl_c_off());
		failed += r.result == RL_FAIL;
		rl_case_run_free(&r);
		fflush(stdout);
	}
	rl_catalogue_free(&cat);
	printf("\n%s\n", failed ? "Some steps did not go as expected (above)."
				: "Every step went as expected.");
	return failed ? RL_EXIT_FAIL : RL_EXIT_OK;
}

int cmd_demo(int argc, char **argv)
{
	struct rl_cli o;
	int rc = rl_cli_parse("demo", argc, argv, "", &o);

	if (rc != 0)
		return rc;
	if (o.help || o.nargs != 1) {
		printf("usage: racelab demo race|deadlock\n"
		       "The lost update (race) or the ABBA deadlock "
		       "(deadlock), told step by step.\n");
		return o.help ? RL_EXIT_OK : RL_EXIT_USAGE;
	}
	if (strcmp(o.args[0], "race") == 0)
		return run_demo(race_steps,
				sizeof(race_steps) / sizeof(*race_steps));
	if (strcmp(o.args[0], "deadlock") == 0)
		return run_demo(deadlock_steps, sizeof(deadlock_steps) /
						    sizeof(*deadlock_steps));
	return rl_usage_error("demo: unknown demo '%s' (race or deadlock)",
			      o.args[0]);
}
