/*
 * cmd_run.c - `racelab run CASE`: one variant under one tool (or every
 * tool), judged against the case's expectations.
 */
#include "commands.h"
#include "opts.h"
#include "out.h"
#include "proc.h"
#include "runcase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	printf(
	    "usage: racelab run CASE [--variant bad|good] [--tool TOOL]\n"
	    "                   [--threads N] [--iters N] [--runs N] "
	    "[--timeout S]\n"
	    "                   [--seed S] [--strategy portfolio|random|pos|pct] "
	    "[--depth D] [--spurious N]\n"
	    "                   [--memory sc|c11] [--json]\n\n"
	    "Runs the case's driver linked with the variant (default bad) "
	    "under TOOL\n(native, tsan, tsan-gcc, helgrind, drd, sched, "
	    "bounded, "
	    "asan; default: all of them)\nand checks what it reports against "
	    "the "
	    "case's expect file.\n"
	    "--runs is native, tsan, helgrind or drd processes (the "
	    "Valgrind and TSan\nruns stop at the first with findings) or "
	    "sched schedules. --spurious N lets sched wake a condition "
	    "wait spuriously,\nup to N times per schedule (POSIX allows "
	    "it; docs/sched.md).\nsched's atomic loads may read older "
	    "stores as the C11 memory model allows\n(docs/memorder.md); "
	    "--memory sc makes them sequentially consistent (sched and "
	    "bounded, which runs\nevery schedule with at most 2 "
	    "preemptions).\n\n"
	    "Exit: 0 as expected, 1 not as expected, 2 usage, 70 a run "
	    "could not run (the\nreason is printed; never a pass), 77 the "
	    "tool is missing.\n");
}

int cmd_run(int argc, char **argv)
{
	struct rl_catalogue cat;
	const struct rl_case *c;
	const struct rl_tool *only = NULL;
	struct rl_overrides ov;
	struct rl_cli o;
	int rc = rl_cli_parse("run", argc, argv,
			      "variant tool threads iters runs timeout seed "
			      "strategy depth spurious memory json",
			      &o);
	int failed = 0, skipped = 0, ran = 0, errors = 0;
	char *why;

	if (rc != 0)
		return rc;
	if (o.help) {
		usage();
		return RL_EXIT_OK;
	}
	if (o.nargs != 1)
		return rl_usage_error("run: name one case (racelab list shows "
				      "them)");
	if (o.tool != NULL && (only = rl_cli_tool(o.tool)) == NULL)
		return RL_EXIT_USAGE;
	if (only != NULL && o.spurious > 0 && !only->schedules)
		return rl_usage_error("run: --spurious applies to --tool sched "
				      "only");
	if (only != NULL && o.memory_set &&
	    strcmp(only->build, rl_tool_scheduler()->build) != 0)
		return rl_usage_error("run: --memory applies to --tool sched "
				      "only");
	if ((why = rl_tmpdir_problem()) != NULL) {
		fprintf(stderr, "racelab: run: %s\n", why);
		free(why);
		return RL_EXIT_INTERNAL;
	}
	if ((rc = rl_cli_catalogue(&cat)) != 0)
		return rc;
	c = rl_cli_case(&cat, o.args[0]);
	if (c == NULL || !rl_cli_variant_ok(c, o.variant ? o.variant : "bad")) {
		rl_catalogue_free(&cat);
		return RL_EXIT_USAGE;
	}
	rl_cli_overrides(&o, &ov);
	for (size_t t = 0; t < rl_ntools; t++) {
		struct rl_case_run r;

		if (only != NULL && only != &rl_tools[t])
			continue;
		rl_case_run(c, o.variant ? o.variant : "bad", &rl_tools[t], &ov,
			    &r);
		ran++;
		failed += r.result == RL_FAIL;
		errors += r.obs.error;
		skipped += r.result == RL_SKIP;
		if (o.json) {
			char *js = rl_case_run_json(&r);

			puts(js);
			free(js);
		} else {
			rl_print_run(stdout, &r);
		}
		rl_case_run_free(&r);
	}
	rl_catalogue_free(&cat);
	if (errors > 0)
		return RL_EXIT_INTERNAL;
	if (failed > 0)
		return RL_EXIT_FAIL;
	return skipped == ran ? RL_EXIT_SKIP : RL_EXIT_OK;
}
