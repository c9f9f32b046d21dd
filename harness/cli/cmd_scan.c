/*
 * cmd_scan.c - `racelab scan`: the same runners and parsers on any program.
 *
 *   racelab scan --tool tsan|helgrind|drd -- PROG [ARGS]
 *   racelab scan --tool native -- PROG [ARGS]     (the deadlock watchdog)
 *   racelab scan --tool sched [--cflags "..."] FILE.c [FILE.c ...]
 *                [-- ARGS]
 *
 * Exit: 0 nothing found, 1 findings (or a failing schedule), 2 usage,
 * 4 native: the watchdog caught a real deadlock, 8 sched could not judge
 * the program (the reason is printed), 77 the tool is missing.
 */
#include "commands.h"
#include "explore.h"
#include "opts.h"
#include "out.h"
#include "paths.h"
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	printf("usage: racelab scan --tool tsan|tsan-gcc|helgrind|drd|native "
	       "[--timeout S] [--json] -- PROG [ARGS]\n"
	       "       racelab scan --tool sched [--runs N] [--seed S] "
	       "[--strategy random|pct]\n"
	       "                    [--depth D] [--cflags \"...\"] FILE.c... "
	       "[-- ARGS]\n\n"
	       "Runs any program under a detector and prints what it found. "
	       "For tsan the\nprogram must be built with -fsanitize=thread; "
	       "for sched, racelab builds the\ngiven C files (with their own "
	       "main; a failed assert is an invariant failure)\nand explores "
	       "their schedules. native runs the program as it is, under the "
	       "deadlock\nwatchdog: a real hang is caught, its waits-for cycle "
	       "printed, its process\ngroup killed.\n\n"
	       "Exit: 0 nothing found, 1 findings, 2 usage, 4 native: a "
	       "deadlock caught,\n8 sched could not judge the program (the "
	       "reason is printed), 77 tool missing.\n");
}

/* PROG as given, or found in PATH; NULL when it cannot be run. */
static char *resolve(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;

	if (strchr(prog, '/') != NULL)
		return access(prog, X_OK) == 0 ? rl_xstrdup(prog) : NULL;
	copy = rl_xstrdup(path ? path : "/usr/bin:/bin");
	for (char *p = copy; !found && (dir = strtok_r(p, ":", &save));
	     p = NULL) {
		char *full = rl_path_join(dir, prog);

		if (access(full, X_OK) == 0)
			found = full;
		else
			free(full);
	}
	free(copy);
	return found;
}

static bool tsan_built(const char *path)
{
	size_t len;
	char *bytes = rl_read_file(path, &len);
	bool yes = bytes != NULL && memmem(bytes, len, "__tsan_init", 11);

	free(bytes);
	return yes;
}

static int print_result(const struct rl_cli *o, const char *prog,
			const struct rl_obs *obs)
{
	bool found = obs->rep.nfindings > 0 || obs->fail_kind != NULL;

	if (o->json) {
		struct rl_buf b = {0};
		char *s;

		rl_buf_add(&b, "{\"program\":", 11);
		rl_json_str(&b, prog);
		rl_buf_add(&b, ",\"tool\":", 8);
		rl_json_str(&b, obs->tool->name);
		rl_buf_add(&b, ",\"findings\":", 12);
		rl_json_findings(&b, &obs->rep);
		rl_buf_printf(&b, ",\"status\":%d,\"note\":", obs->status);
		rl_json_str(&b, obs->note);
		rl_buf_add(&b, ",\"failure\":", 11);
		rl_json_str(&b, obs->fail_kind);
		rl_buf_add(&b, ",\"replay\":", 10);
		rl_json_str(&b, obs->replay);
		rl_buf_add(&b, "}", 1);
		s = rl_buf_take(&b);
		puts(s);
		free(s);
	} else {
		printf("%s%s%s under %s: %s\n", rl_c_bold(), prog, rl_c_off(),
		       obs->tool->name, found ? "findings" : "nothing found");
		rl_print_findings(stdout, &obs->rep, 20);
		if (obs->fail_kind != NULL)
			printf("  %s: %s\n%s",
			       strcmp(obs->tool->name, "native") == 0
				   ? "caught"
				   : "failing schedule",
			       obs->fail_kind, obs->trace ? obs->trace : "");
		if (obs->replay != NULL)
			printf("  replay: %s\n", obs->replay);
		if (obs->note != NULL)
			printf("  note: %s\n", obs->note);
	}
	if (obs->skipped)
		return RL_EXIT_SKIP;
	if (strcmp(obs->tool->name, "native") == 0 && obs->fail_kind != NULL)
		return rl_exit_for_failure(obs->fail_kind); /* 4: deadlock */
	if (obs->broken && !found)
		return RL_EXIT_FAIL;
	return found ? RL_EXIT_FAIL : RL_EXIT_OK;
}

static void print_sched_json(const char *prog, const struct rl_obs *obs)
{
	struct rl_buf b = {0};
	char *s;

	rl_buf_add(&b, "{\"program\":", 11);
	rl_json_str(&b, prog);
	rl_buf_printf(&b,
		      ",\"tool\":\"sched\",\"outcome\":\"%s\","
		      "\"schedules\":%ld,\"status\":%d,\"note\":",
		      obs->fail_kind ? "finding"
		      : obs->broken  ? "could-not-judge"
				     : "clean",
		      obs->schedules, obs->status);
	rl_json_str(&b, obs->note);
	rl_buf_add(&b, ",\"failure\":", 11);
	rl_json_str(&b, obs->fail_kind);
	rl_buf_add(&b, ",\"trace\":", 9);
	rl_json_str(&b, obs->trace);
	rl_buf_add(&b, ",\"replay\":", 10);
	rl_json_str(&b, obs->replay);
	rl_buf_add(&b, "}", 1);
	s = rl_buf_take(&b);
	puts(s);
	free(s);
}

/* One of three outcomes, its words matching its exit code. */
static int print_sched(const struct rl_cli *o, const char *prog,
		       const struct rl_obs *obs)
{
	if (o->json)
		print_sched_json(prog, obs);
	else if (obs->fail_kind != NULL)
		printf("%s%s%s under sched: failing schedule: %s\n%s",
		       rl_c_bold(), prog, rl_c_off(), obs->fail_kind,
		       obs->trace ? obs->trace : "");
	else if (obs->broken)
		printf("%s%s%s under sched: %scould not judge%s: %s\n%s",
		       rl_c_bold(), prog, rl_c_off(), rl_c_yellow(), rl_c_off(),
		       obs->note ? obs->note : "no reason given",
		       obs->trace ? obs->trace : "");
	else
		printf("%s%s%s under sched: nothing found: no failing "
		       "schedule in %ld%s\n",
		       rl_c_bold(), prog, rl_c_off(), obs->schedules,
		       obs->budget_stopped ? " (stopped by the time budget)"
					   : "");
	if (!o->json && obs->replay != NULL)
		printf("  replay: %s\n", obs->replay);
	fflush(stdout);
	if (obs->fail_kind != NULL)
		return RL_EXIT_FAIL;
	return obs->broken ? RL_EXIT_UNJUDGED : RL_EXIT_OK;
}

/*
 * --tool sched: build FILE.c... and explore them. Three outcomes, each with
 * its own text and exit code: a failing schedule (1), none in N (0), or
 * could not judge (8).
 */
static int scan_sched(const struct rl_cli *o, int nprog_args)
{
	struct rl_run_req req = {0};
	struct rl_obs obs = {0};
	int nfiles = o->nargs - nprog_args, rc;

	if (nfiles <= 0)
		return rl_usage_error(
		    "scan: name the C files to build (racelab "
		    "scan --tool sched FILE.c... [-- ARGS])");
	if (o->schedule != NULL)
		return rl_usage_error("scan: --schedule is for racelab replay; "
				      "repeat a scan's schedule with --seed S "
				      "--runs 1 as its replay line says");
	req.argv = o->args + nfiles;
	req.runs = o->runs;
	req.timeout = o->timeout;
	req.seed = o->seed;
	req.strategy = o->strategy;
	req.depth = (int)o->depth;
	req.pct_k = o->pct_k;
	if (rl_explore_scan(nfiles, o->args, o->cflags, &req, &obs) != 0) {
		rl_obs_free(&obs);
		return RL_EXIT_USAGE;
	}
	rc = print_sched(o, o->args[0], &obs);
	rl_obs_free(&obs);
	return rc;
}

/* How many words follow "--" in argv (getopt moves them last). */
static int words_after_dashdash(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return argc - i - 1;
	return 0;
}

int cmd_scan(int argc, char **argv)
{
	struct rl_cli o;
	const struct rl_tool *t;
	struct rl_run_req req = {0};
	struct rl_obs obs = {0};
	char *prog;
	int after_dd = words_after_dashdash(argc, argv);
	int rc = rl_cli_parse("scan", argc, argv,
			      "tool timeout json runs seed strategy depth "
			      "pct-k cflags",
			      &o);

	if (rc != 0)
		return rc;
	if (o.help) {
		usage();
		return RL_EXIT_OK;
	}
	if (o.tool == NULL)
		return rl_usage_error("scan: say which tool with --tool "
				      "(tsan, helgrind, drd or sched)");
	if ((t = rl_cli_tool(o.tool)) == NULL)
		return RL_EXIT_USAGE;
	if (o.nargs == 0)
		return rl_usage_error("scan: name the program to run (racelab "
				      "scan --tool %s -- PROG [ARGS])",
				      o.tool);
	if (strcmp(t->name, "sched") == 0)
		return scan_sched(&o, after_dd);
	if (o.cflags != NULL || o.pct_k != 0)
		return rl_usage_error(
		    "scan: --cflags and --pct-k are for --tool "
		    "sched (build the program yourself for "
		    "--tool %s)",
		    t->name);
	prog = resolve(o.args[0]);
	if (prog == NULL)
		return rl_usage_error("scan: cannot run '%s': no such "
				      "executable (check the path)",
				      o.args[0]);
	if (strncmp(t->name, "tsan", 4) == 0 && !tsan_built(prog)) {
		free(prog);
		return rl_usage_error("scan: '%s' is not built with "
				      "-fsanitize=thread (rebuild it with "
				      "clang -fsanitize=thread -g)",
				      o.args[0]);
	}
	req.case_id = o.args[0];
	req.variant = "";
	req.binary = prog;
	req.argv = o.args + 1;
	req.runs = 1;
	req.timeout = o.timeout;
	rl_tool_run(t, &req, &obs);
	rc = print_result(&o, o.args[0], &obs);
	rl_obs_free(&obs);
	free(prog);
	return rc;
}
