/*
 * cmd_scan.c - `racelab scan`: the same runners and parsers on any program.
 *
 *   racelab scan --tool tsan|asan|helgrind|drd -- PROG [ARGS]
 *   racelab scan --tool native -- PROG [ARGS]     (the deadlock watchdog)
 *   racelab scan --tool sched [--cflags "..."] FILE.c [FILE.c ...]
 *                [-- ARGS]
 *
 * Three outcomes, never mixed: findings, clean, or could-not-judge with the
 * reason. Exit: 0 nothing found (the program ran to a normal end), 1
 * findings (or a failing schedule), 2 usage, 3 the program exited non-zero,
 * 4 native: the watchdog caught a real deadlock, 5 the program crashed or
 * aborted, 6 it hung or ran past the bound, 8 sched could not judge the
 * program (an unsupported call, no report: the reason is printed), 70
 * racelab could not run it or could not read the tool's report, 77 the
 * tool is missing.
 */
#include "commands.h"
#include "explore.h"
#include "opts.h"
#include "out.h"
#include "paths.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(void)
{
	printf(
	    "usage: racelab scan --tool tsan|tsan-gcc|asan|helgrind|drd|"
	    "native [--runs N]\n"
	    "                    [--timeout S]"
	    " [--json] -- PROG [ARGS]\n"
	    "       racelab scan --tool sched [--runs N] [--seed S] "
	    "[--strategy portfolio|random|pos|pct]\n"
	    "                    [--depth D] [--schedule STR] [--spurious N] "
	    "[--memory sc|c11] [--cflags \"...\"]\n"
	    "                    FILE.c... [-- ARGS]\n\n"
	    "Runs any program under a detector and prints what it found. "
	    "For tsan the\nprogram must be built with -fsanitize=thread, "
	    "for asan with\n-fsanitize=address,undefined, for helgrind "
	    "and drd without either; for sched,\nracelab builds "
	    "the given C files (with their own main; a failed assert is "
	    "an\ninvariant failure) and explores their schedules. native "
	    "runs the program as it\nis, under the deadlock watchdog: a "
	    "real hang is caught, its\nwaits-for cycle printed, its "
	    "process group killed. --runs N runs the program\nup to N "
	    "times (tsan, asan, helgrind, drd: until one run has "
	    "findings).\n\n"
	    "When the program does not end normally, scan says how, in "
	    "its own words where\nit left some: \"the program aborted: "
	    "Assertion `x' failed at f.c:5 (main)\",\n\"the program hung "
	    "(no progress for N s)\", \"the program exited with status "
	    "3\".\n\n"
	    "Exit: 0 nothing found, 1 findings, 2 usage, 3 the program "
	    "exited non-zero,\n4 native: a deadlock caught, 5 the program "
	    "crashed or aborted, 6 it hung or\nran past --timeout, 70 "
	    "racelab could not run it (the reason is printed),\n77 tool "
	    "missing; sched: 1 a failing schedule, 8 could not judge (the "
	    "reason is\nprinted). (docs/exit-codes.md)\n");
}

/* Why PROG cannot be run, as one usage line (exit 2). */
static int cannot_resolve(const char *prog)
{
	struct stat st;

	if (stat(prog, &st) == 0 && S_ISDIR(st.st_mode))
		return rl_usage_error("scan: '%s' is a directory, not a "
				      "program (name the executable: racelab "
				      "scan --tool TOOL -- DIR/PROG)",
				      prog);
	if (strchr(prog, '/') != NULL && stat(prog, &st) == 0)
		return rl_usage_error("scan: cannot run '%s': %s (is it an "
				      "executable program?)",
				      prog,
				      S_ISREG(st.st_mode) ? "not executable"
							  : "not a file");
	return rl_usage_error("scan: cannot run '%s': no such executable "
			      "(check the path)",
			      prog);
}

/* Does the binary mention symbol (a sanitizer runtime's __tsan_init)? */
static bool carries(const char *path, const char *symbol)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *img;
	bool yes = false;

	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			   0);
		if (img != MAP_FAILED) {
			yes = memmem(img, (size_t)st.st_size, symbol,
				     strlen(symbol)) != NULL;
			munmap(img, (size_t)st.st_size);
		}
	}
	close(fd);
	return yes;
}

/* The first tool whose runtime the binary carries, or NULL. */
static const struct rl_tool *built_for(const char *prog)
{
	for (size_t i = 0; i < rl_ntools; i++)
		if (rl_tools[i].runtime != NULL &&
		    carries(prog, rl_tools[i].runtime))
			return &rl_tools[i];
	return NULL;
}

/* The tool and the build must agree: a sanitizer needs its runtime,
 * Valgrind cannot run a sanitizer's binary (TSan's shadow mappings make
 * Valgrind use memory without bound). 0, or the usage exit after one line. */
static int check_build(const struct rl_tool *t, const char *prog,
		       const char *shown)
{
	const struct rl_tool *b = built_for(prog);

	if (t->runtime != NULL && !carries(prog, t->runtime))
		return rl_usage_error("scan: '%s' is not built with %s "
				      "(rebuild it with clang %s -g)",
				      shown, t->build_flag, t->build_flag);
	if (t->plain_only && b != NULL)
		return rl_usage_error("scan: '%s' is built with %s, which %s "
				      "cannot run (rebuild it without %s, or "
				      "use --tool %s)",
				      shown, b->build_flag, t->name,
				      b->build_flag, b->name);
	return 0;
}

/* The one word of the verdict (JSON "outcome") and its exit code. */
static const char *outcome(const struct rl_obs *obs, int *code)
{
	bool found = obs->rep.nfindings > 0 || obs->fail_kind != NULL;
	/* a run's fail_kind is the watchdog's: a real deadlock */
	bool watched = !obs->tool->schedules;

	if (obs->skipped)
		return *code = RL_EXIT_SKIP, "skipped";
	if (obs->error)
		return *code = RL_EXIT_INTERNAL, "error";
	if (watched && obs->fail_kind != NULL)
		return *code = rl_exit_for_failure(obs->fail_kind), "deadlock";
	if (found)
		return *code = RL_EXIT_FAIL, "findings";
	if (obs->broken && obs->timed_out)
		return *code = RL_EXIT_SCHED, obs->hung ? "hung" : "timeout";
	if (obs->broken && obs->signal != 0)
		return *code = RL_EXIT_CRASH, "crashed";
	if (obs->broken && obs->ending != NULL)
		return *code = RL_EXIT_INVARIANT, "exited";
	/* sched: not judged (an unsupported call, a binary that misbehaved
	 * outside any schedule): the reason is printed, exit 1 */
	if (obs->broken)
		return *code = RL_EXIT_FAIL, "error";
	return *code = RL_EXIT_OK, "clean";
}

/* The fields every scan's JSON ends with (the sched one adds its trace),
 * then the line printed. */
static void json_finish(struct rl_buf *b, const struct rl_obs *obs, bool trace)
{
	char *s;

	rl_buf_add(b, ",\"note\":", 8);
	rl_json_str(b, obs->note);
	rl_buf_add(b, ",\"failure\":", 11);
	rl_json_str(b, obs->fail_kind);
	if (trace) {
		rl_buf_add(b, ",\"trace\":", 9);
		rl_json_str(b, obs->trace);
	}
	rl_buf_add(b, ",\"replay\":", 10);
	rl_json_str(b, obs->replay);
	rl_buf_add(b, "}", 1);
	s = rl_buf_take(b);
	puts(s);
	free(s);
}

static void print_json(const char *prog, const struct rl_obs *obs,
		       const char *what)
{
	struct rl_buf b = {0};

	rl_buf_add(&b, "{\"program\":", 11);
	rl_json_str(&b, prog);
	rl_buf_add(&b, ",\"tool\":", 8);
	rl_json_str(&b, obs->tool->name);
	rl_buf_add(&b, ",\"outcome\":", 11);
	rl_json_str(&b, what);
	rl_buf_add(&b, ",\"findings\":", 12);
	rl_json_findings(&b, &obs->rep);
	rl_buf_printf(&b,
		      ",\"status\":%d,\"runs\":%ld,\"ending\":", obs->status,
		      obs->runs);
	rl_json_str(&b, obs->ending);
	json_finish(&b, obs, false);
}

/* The headline after "PROG under TOOL: ". */
static void print_headline(const struct rl_obs *obs, const char *what)
{
	if (strcmp(what, "error") == 0)
		printf("could not judge: %s\n",
		       obs->note ? obs->note : "the run broke");
	else if (strcmp(what, "findings") == 0 || strcmp(what, "deadlock") == 0)
		printf("findings\n");
	else if (strcmp(what, "clean") == 0 && obs->runs > 1)
		printf("nothing found in %ld runs\n", obs->runs);
	else if (strcmp(what, "clean") == 0 || obs->ending == NULL)
		printf("nothing found\n");
	else if (!obs->tool->reports)
		printf("%s\n", obs->ending);
	else
		printf("%s\n  (no findings from %s before that)\n", obs->ending,
		       obs->tool->name);
}

/* The note, less the ending it may start with (already the headline). */
static void print_note(const struct rl_obs *obs, const char *what)
{
	const char *n = obs->note;
	size_t k = obs->ending ? strlen(obs->ending) : 0;

	if (n == NULL || strcmp(what, "error") == 0)
		return;
	if (k > 0 && strncmp(n, obs->ending, k) == 0) {
		n += k;
		n += strncmp(n, "; ", 2) == 0 ? 2 : 0;
	}
	if (*n != '\0')
		printf("  note: %s\n", n);
}

static int print_result(const struct rl_cli *o, const char *prog,
			const struct rl_obs *obs)
{
	int code;
	const char *what = outcome(obs, &code);

	if (o->json) {
		print_json(prog, obs, what);
		return code;
	}
	printf("%s%s%s under %s: ", rl_c_bold(), prog, rl_c_off(),
	       obs->tool->name);
	print_headline(obs, what);
	rl_print_findings(stdout, &obs->rep, 20);
	if (obs->fail_kind != NULL)
		printf("  %s: %s\n%s",
		       obs->tool->schedules ? "failing schedule" : "caught",
		       obs->fail_kind, obs->trace ? obs->trace : "");
	if (obs->replay != NULL)
		printf("  replay: %s\n", obs->replay);
	if (strcmp(what, "findings") == 0 && obs->ending != NULL)
		printf("  then %s\n", obs->ending);
	print_note(obs, what);
	return code;
}

/* scan --tool sched FILE.c...: racelab builds and explores them. */
static void print_sched_json(const char *prog, const struct rl_obs *obs)
{
	struct rl_buf b = {0};

	rl_buf_add(&b, "{\"program\":", 11);
	rl_json_str(&b, prog);
	rl_buf_add(&b, ",\"tool\":", 8);
	rl_json_str(&b, obs->tool->name);
	rl_buf_printf(&b, ",\"outcome\":\"%s\",\"schedules\":%ld,\"status\":%d",
		      obs->fail_kind ? "finding"
		      : obs->broken  ? "could-not-judge"
				     : "clean",
		      obs->schedules, obs->status);
	json_finish(&b, obs, true);
}

/* One of three outcomes, its words matching its exit code. */
static int print_sched(const struct rl_cli *o, const char *prog,
		       const struct rl_obs *obs)
{
	if (o->json)
		print_sched_json(prog, obs);
	else if (obs->fail_kind != NULL)
		printf("%s%s%s under %s: failing schedule: %s\n%s", rl_c_bold(),
		       prog, rl_c_off(), obs->tool->name, obs->fail_kind,
		       obs->trace ? obs->trace : "");
	else if (obs->broken)
		printf("%s%s%s under %s: %scould not judge%s: %s\n%s",
		       rl_c_bold(), prog, rl_c_off(), obs->tool->name,
		       rl_c_yellow(), rl_c_off(),
		       obs->note ? obs->note : "no reason given",
		       obs->trace ? obs->trace : "");
	else
		printf("%s%s%s under %s: nothing found: no failing "
		       "schedule in %ld%s\n",
		       rl_c_bold(), prog, rl_c_off(), obs->tool->name,
		       obs->schedules,
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
static int scan_sched(const struct rl_cli *o, const struct rl_tool *t,
		      int nprog_args)
{
	struct rl_run_req req = {0};
	struct rl_obs obs = {0};
	int nfiles = o->nargs - nprog_args, rc;

	if (nfiles <= 0)
		return rl_usage_error(
		    "scan: name the C files to build (racelab "
		    "scan --tool sched FILE.c... [-- ARGS])");
	if (o->schedule != NULL && !rl_schedule_valid(o->schedule))
		return rl_usage_error("scan: --schedule '%s' is not a schedule "
				      "string (copy it from the replay line a "
				      "failure printed)",
				      o->schedule);
	req.schedule = o->schedule;
	req.argv = o->args + nfiles;
	req.runs = o->runs;
	req.timeout = o->timeout;
	req.seed = o->seed;
	req.strategy = o->strategy;
	req.depth = (int)o->depth;
	req.pct_k = o->pct_k;
	req.spurious = o->spurious;
	req.sc = o->sc;
	if (t->scan_sources(t, nfiles, o->args, o->cflags, &req, &obs) != 0) {
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

/* scan --tool native|tsan|tsan-gcc|helgrind|drd -- PROG [ARGS] */
static int scan_program(const struct rl_cli *o, const struct rl_tool *t,
			struct rl_run_req *req, struct rl_obs *obs)
{
	char *prog = rl_which(o->args[0]);
	int rc;

	if (o->seed_set || o->strategy != NULL || o->depth != 0) {
		free(prog);
		return rl_usage_error("scan: --seed, --strategy and --depth "
				      "apply to --tool sched only");
	}
	if (prog == NULL)
		return cannot_resolve(o->args[0]);
	if ((rc = check_build(t, prog, o->args[0])) != 0) {
		free(prog);
		return rc;
	}
	req->case_id = o->args[0];
	req->variant = "";
	req->binary = prog;
	req->argv = o->args + 1;
	req->runs = o->runs > 0 ? o->runs : 1;
	req->timeout = o->timeout;
	req->any_program = true;
	rl_tool_run(t, req, obs);
	rc = print_result(o, o->args[0], obs);
	rl_obs_free(obs);
	free(prog);
	return rc;
}

int cmd_scan(int argc, char **argv)
{
	struct rl_cli o;
	const struct rl_tool *t;
	struct rl_run_req req = {0};
	struct rl_obs obs = {0};
	char *why;
	int after_dd = words_after_dashdash(argc, argv);
	int rc = rl_cli_parse("scan", argc, argv,
			      "tool timeout json runs seed strategy depth "
			      "pct-k schedule spurious memory cflags",
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
	/* a run that cannot run is an error, never "nothing found" */
	if ((why = rl_tmpdir_problem()) != NULL) {
		fprintf(stderr, "racelab: scan: %s\n", why);
		free(why);
		return RL_EXIT_INTERNAL;
	}
	if (t->scan_sources != NULL)
		return scan_sched(&o, t, after_dd);
	if (o.cflags != NULL || o.pct_k != 0 || o.spurious != 0 || o.memory_set)
		return rl_usage_error(
		    "scan: --cflags, --pct-k, --memory and --spurious are for "
		    "--tool "
		    "sched (build the program yourself for "
		    "--tool %s)",
		    t->name);
	return scan_program(&o, t, &req, &obs);
}
