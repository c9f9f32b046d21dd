/*
 * cmd_explore.c - `racelab explore CASE` and `racelab replay CASE`: the
 * deterministic scheduler from the command line.
 *
 * Room: harness/cli, owned with the sched runtime (harness/sched) and
 * harness/core/explore.c, which do the work; this file only reads options,
 * finds the case's sched binary and driver args, and prints.
 *
 *   racelab explore CASE [--variant bad|good] [--runs N] [--seed S]
 *                        [--strategy portfolio|random|pos|pct] [--depth D]
 *                        [--spurious N] [--threads N] [--iters N] [--timeout S]
 *                        [--jobs N] [--json]
 *   racelab replay CASE [--variant bad|good] (--seed S [--strategy X]
 *                        [--depth D] [--pct-k K] | --schedule STR)
 *                        [--spurious N] [--threads N] [--iters N] [--json]
 *
 * Exit (out.h, docs/exit-codes.md): 0 no failing schedule, 3 invariant,
 * 4 deadlock, 5 crash, 6 another non-zero exit status, 7 replay
 * diverged, 8 could not judge (an unsupported call, a schedule too long or
 * stuck outside the model, no report: the reason is printed), 2 usage,
 * 70 racelab failed, 77 the sched build is missing.
 */
#include "commands.h"
#include "explore.h"
#include "opts.h"
#include "out.h"
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Default first seed: fixed, so that `racelab explore` is repeatable. */
#define DEFAULT_SEED 1
#define DEFAULT_RUNS 1000

static void usage_explore(void)
{
	printf("usage: racelab explore CASE [--variant bad|good] [--runs N] "
	       "[--seed S]\n"
	       "                       [--strategy portfolio|random|pos|pct] "
	       "[--depth D] "
	       "[--threads N]\n"
	       "                       [--iters N] [--spurious N] "
	       "[--memory sc|c11]\n"
	       "                       [--timeout S] [--jobs N]\n"
	       "                       [--json] [--exhaustive [--preemptions "
	       "P]]\n\n"
	       "Runs the case's sched build (one thread at a time, the order "
	       "chosen from a\nseed) for schedules S, S+1, ... up to N "
	       "(default: the case's expect file,\nelse %d), stops at the "
	       "first failing one and prints its interleaving and\nthe exact "
	       "replay command. The default strategy, portfolio, runs "
	       "random-walk,\nPOS and PCT d=3 schedules in turn. PCT\ndepth d "
	       "finds bugs that need d "
	       "ordering constraints (a lost update or\nABBA needs 2). "
	       "--exhaustive runs every schedule with at most\n"
	       "--preemptions P (default 2) preemptions instead, and says "
	       "so when none fails.\n--spurious N "
	       "also lets a\ncondition wait wake without a signal (POSIX "
	       "allows it), up to N times per\nschedule: it catches a wait "
	       "guarded by if instead of while. An atomic load may read an "
	       "older\nstore, as the C11 memory model allows (relaxed, "
	       "acquire/release;\ndocs/memorder.md); --memory sc makes "
	       "memory sequentially consistent. A failing\n"
	       "schedule is shrunk to the fewest preemptions before it is "
	       "printed.\n--jobs N runs N schedules "
	       "at once (default: one per CPU); the first\nfailing schedule "
	       "is the same for any N.\n\n"
	       "Exit: 0 none failing (also when the time budget --timeout "
	       "stopped it),\n3 invariant, 4 deadlock, 5 crash, 6 another "
	       "non-zero exit status, 8 could not\njudge (an unsupported "
	       "call, a schedule past the step bound or stuck outside\nthe "
	       "model, no report: the reason is printed), 2 usage, 77 not "
	       "built.\n",
	       DEFAULT_RUNS);
}

static void usage_replay(void)
{
	printf(
	    "usage: racelab replay CASE [--variant bad|good]\n"
	    "                      (--seed S [--strategy portfolio|random|pos|pct] "
	    "[--depth D] [--pct-k K]\n"
	    "                       | --schedule STR)\n"
	    "                      [--spurious N] [--memory sc|c11] [--threads "
	    "N] "
	    "[--iters N]\n"
	    "                      [--json]\n\n"
	    "Runs exactly one schedule of the case's sched build, from its "
	    "seed or from\nthe schedule string a failure printed, and prints "
	    "the same trace every time.\nA schedule string that does not fit "
	    "the program stops with exit 7 (diverged). Give the --spurious N "
	    "the failure\nwas found with, and --memory sc if it was (its "
	    "replay line does).\n\n"
	    "Exit: as racelab explore; 0 when the schedule ran to the end "
	    "without failing.\n");
}

static int exit_code(const struct rl_explore_result *r)
{
	if (r->kind == NULL)
		return RL_EXIT_OK;
	if (r->unjudged)
		return RL_EXIT_UNJUDGED;
	return rl_exit_for_failure(r->kind);
}

static void print_json(const char *cmd, const char *id, const char *variant,
		       const struct rl_explore_opts *x,
		       const struct rl_explore_result *r)
{
	struct rl_buf b = {0};
	char *s;

	rl_buf_printf(&b, "{\"command\":");
	rl_json_str(&b, cmd);
	rl_buf_printf(&b, ",\"case\":");
	rl_json_str(&b, id);
	rl_buf_printf(&b, ",\"variant\":");
	rl_json_str(&b, variant);
	rl_buf_printf(&b, ",\"tool\":\"sched\",\"strategy\":");
	rl_json_str(&b, x->schedule	? "replay"
			: x->exhaustive ? "exhaustive"
			: x->strategy	? x->strategy
					: "portfolio");
	if (x->exhaustive)
		rl_buf_printf(&b, ",\"preemptions\":%ld,\"exhausted\":%s",
			      x->preemptions, r->exhausted ? "true" : "false");
	rl_buf_printf(&b,
		      ",\"depth\":%d,\"spurious\":%ld,\"memory\":\"%s\","
		      "\"seed\":%llu,"
		      "\"schedules\":%ld,"
		      "\"seconds\":%.3f,\"stopped_by_budget\":%s,"
		      "\"outcome\":\"%s\",\"failure\":",
		      x->depth > 0 ? x->depth : 3, x->spurious,
		      x->sc ? "sc" : "c11", x->seed, r->schedules, r->seconds,
		      r->budget_stopped ? "true" : "false",
		      r->kind == NULL ? "clean"
		      : r->unjudged   ? "could-not-judge"
				      : "finding");
	rl_json_str(&b, r->kind);
	rl_buf_printf(&b, ",\"headline\":");
	rl_json_str(&b, r->headline);
	rl_buf_printf(&b, ",\"failing_seed\":");
	if (r->kind != NULL && x->schedule == NULL)
		rl_buf_printf(&b, "%llu", r->seed);
	else
		rl_buf_printf(&b, "null");
	rl_buf_printf(&b, ",\"schedule\":");
	rl_json_str(&b, r->schedule);
	rl_buf_printf(&b, ",\"result_line\":");
	rl_json_str(&b, r->result_line);
	rl_buf_printf(&b, ",\"replay\":");
	rl_json_str(&b, r->replay);
	rl_buf_printf(&b, ",\"trace\":");
	rl_json_str(&b, r->text);
	rl_buf_printf(&b, ",\"note\":");
	rl_json_str(&b, r->note);
	rl_buf_printf(&b, "}");
	s = rl_buf_take(&b);
	puts(s);
	free(s);
}

static void print_human(const struct rl_explore_opts *x,
			const struct rl_explore_result *r)
{
	if (r->kind == NULL && x->exhaustive) {
		printf("%s%s%s  (%.1f s, %.0f schedules/s)\n",
		       r->exhausted ? rl_c_green() : "",
		       r->text ? strtok(r->text, "\n") : "", rl_c_off(),
		       r->seconds,
		       r->seconds > 0 ? (double)r->schedules / r->seconds
				      : 0.0);
		return;
	}
	if (r->kind == NULL) {
		if (x->schedule != NULL)
			printf("%s%s", r->text ? r->text : "",
			       r->result_line ? r->result_line : "");
		else
			printf(
			    "%s%ld schedules (seeds 0x%llx..0x%llx, %s), "
			    "none failing%s%s  (%.1f s, %.0f schedules/s)\n",
			    rl_c_green(), r->schedules, x->seed,
			    x->seed + (unsigned long long)r->schedules - 1,
			    x->strategy ? x->strategy : "portfolio",
			    r->budget_stopped ? " (stopped by the time budget)"
					      : "",
			    rl_c_off(), r->seconds,
			    r->seconds > 0 ? (double)r->schedules / r->seconds
					   : 0.0);
		if (x->schedule != NULL && r->result_line != NULL)
			putchar('\n');
		return;
	}
	printf("%s", r->text ? r->text : "");
	if (x->schedule == NULL)
		printf("%s(%s after %ld schedule%s, %.1f s)%s\n", rl_c_dim(),
		       r->unjudged ? "stopped" : "found", r->schedules,
		       r->schedules == 1 ? "" : "s", r->seconds, rl_c_off());
}

/* The case named once; for replay, exactly one well-formed schedule. */
static int check_args(const char *cmd, const struct rl_cli *o)
{
	bool replay = strcmp(cmd, "replay") == 0;

	if (o->nargs != 1)
		return rl_usage_error("%s: name one case (racelab list shows "
				      "them)",
				      cmd);
	if (replay && !o->seed_set && o->schedule == NULL)
		return rl_usage_error("replay: say which schedule: --seed S "
				      "(with the --strategy it was found "
				      "with) or --schedule STR");
	if (replay && o->seed_set && o->schedule != NULL)
		return rl_usage_error("replay: give --seed or --schedule, not "
				      "both");
	if (o->preemptions_set && !o->exhaustive)
		return rl_usage_error("%s: --preemptions bounds --exhaustive: "
				      "give both",
				      cmd);
	if (o->exhaustive &&
	    (o->seed_set || o->strategy != NULL || o->depth != 0))
		return rl_usage_error("%s: --exhaustive runs every schedule "
				      "in turn: drop --seed, --strategy and "
				      "--depth",
				      cmd);
	if (o->schedule != NULL && !rl_schedule_valid(o->schedule))
		return rl_usage_error("replay: --schedule '%.40s' is not a "
				      "schedule string (TID[xCOUNT] joined by "
				      "'.', e.g. 1x3.2.0: copy it from the "
				      "failure's replay line)",
				      o->schedule);
	return 0;
}

/* The case's sched build, or NULL (said why) when it is not built. */
static char *sched_binary(const char *cmd, const struct rl_case *c,
			  const char *variant)
{
	char *bin = rl_case_binary(rl_tool_scheduler()->build, c->id, variant);

	if (access(bin, X_OK) == 0)
		return bin;
	fprintf(stderr,
		"racelab: %s: %s is not built (the sched build needs "
		"clang: run make)\n",
		cmd, rl_path_short(bin));
	free(bin);
	return NULL;
}

/* The options for rl_explore, from the command line and the case. */
static void explore_opts(struct rl_explore_opts *x, const struct rl_cli *o,
			 const struct rl_case *c, bool replay)
{
	x->runs =
	    replay ? 1
		   : rl_case_runs(c, rl_tool_scheduler()->name, DEFAULT_RUNS);
	if (!replay && o->runs > 0)
		x->runs = o->runs;
	x->seed = o->seed_set ? o->seed : DEFAULT_SEED;
	x->strategy = o->strategy;
	x->depth = (int)o->depth;
	x->pct_k = o->pct_k;
	x->spurious = o->spurious;
	x->sc = o->sc;
	x->exhaustive = o->exhaustive;
	x->preemptions = o->preemptions_set ? o->preemptions : 2;
	if (x->exhaustive)
		x->runs = o->runs; /* only a cap when given */
	x->jobs = o->jobs;
	x->schedule = o->schedule;
	x->timeout = o->timeout;
}

/* "explore CASE (VARIANT) under sched: ...": what is about to be tried. */
static void print_banner(const struct rl_explore_opts *x,
			 const struct rl_case *c, const char *variant)
{
	bool pct = x->strategy && strcmp(x->strategy, "pct") == 0;
	bool rnd = x->strategy && strcmp(x->strategy, "random") == 0;
	bool pos = x->strategy && strcmp(x->strategy, "pos") == 0;

	printf("%sexplore %s (%s) under sched: %s", rl_c_bold(), c->id, variant,
	       x->exhaustive ? "every schedule in turn"
	       : pct	     ? "pct"
	       : rnd	     ? "random walk"
	       : pos	     ? "pos"
			     : "portfolio (random walk, POS and PCT d=3 in turn)");
	if (x->exhaustive)
		printf(" with at most %ld preemption%s", x->preemptions,
		       x->preemptions == 1 ? "" : "s");
	if (pct)
		printf(" depth %d", x->depth > 0 ? x->depth : 3);
	if (x->spurious > 0)
		printf(", up to %ld spurious wakeup%s per schedule",
		       x->spurious, x->spurious == 1 ? "" : "s");
	if (x->sc) /* the C11 weak-memory model is the default */
		printf(", sequentially consistent memory");
	if (x->exhaustive)
		printf(", driver args:");
	else
		printf(", seeds from 0x%llx, up to %ld schedules, driver "
		       "args:",
		       x->seed, x->runs);
	for (size_t i = 0; x->argv[i] != NULL; i++)
		printf(" %s", x->argv[i]);
	printf("%s\n", rl_c_off());
}

/* Explore (or replay), print the result, and say the exit code. */
static int explore_and_print(const char *cmd, const struct rl_case *c,
			     const char *variant,
			     const struct rl_explore_opts *x, bool json)
{
	struct rl_explore_result r;
	int rc;

	if (rl_explore(x, &r) != 0) {
		fprintf(stderr, "racelab: %s: %s\n", cmd,
			r.note ? r.note : "cannot run the sched build");
		rc = RL_EXIT_INTERNAL;
	} else {
		if (json)
			print_json(cmd, c->id, variant, x, &r);
		else
			print_human(x, &r);
		rc = exit_code(&r);
	}
	fflush(stdout);
	rl_explore_result_free(&r);
	return rc;
}

/* What explore and replay share: options, case, binary, args. */
static int run(const char *cmd, int argc, char **argv)
{
	bool replay = strcmp(cmd, "replay") == 0;
	struct rl_catalogue cat;
	const struct rl_case *c;
	struct rl_explore_opts x = {0};
	const char *variant;
	char *bin, **args, *prefix;
	struct rl_cli o;
	int rc = rl_cli_parse(cmd, argc, argv,
			      replay ? "variant threads iters seed strategy "
				       "depth pct-k schedule spurious memory "
				       "timeout "
				       "json"
				     : "variant threads iters runs seed "
				       "strategy depth spurious memory timeout "
				       "jobs json exhaustive preemptions",
			      &o);

	if (rc != 0)
		return rc;
	if (o.help) {
		replay ? usage_replay() : usage_explore();
		return RL_EXIT_OK;
	}
	if ((rc = check_args(cmd, &o)) != 0)
		return rc;
	if ((rc = rl_cli_catalogue(&cat)) != 0)
		return rc;
	variant = o.variant ? o.variant : "bad";
	c = rl_cli_case(&cat, o.args[0]);
	if (c == NULL || !rl_cli_variant_ok(c, variant)) {
		rl_catalogue_free(&cat);
		return RL_EXIT_USAGE;
	}
	if ((bin = sched_binary(cmd, c, variant)) == NULL) {
		rl_catalogue_free(&cat);
		return RL_EXIT_SKIP;
	}
	args = rl_case_driver_args(c, rl_tool_scheduler()->name, o.threads,
				   o.iters);
	explore_opts(&x, &o, c, replay);
	x.binary = bin;
	x.argv = args;
	prefix = rl_replay_prefix(c->id, variant, args);
	x.replay_prefix = prefix;
	if (!o.json && !replay)
		print_banner(&x, c, variant);
	rc = explore_and_print(cmd, c, variant, &x, o.json);
	free(prefix);
	rl_argv_free(args);
	free(bin);
	rl_catalogue_free(&cat);
	return rc;
}

int cmd_explore(int argc, char **argv)
{
	return run("explore", argc, argv);
}

int cmd_replay(int argc, char **argv)
{
	return run("replay", argc, argv);
}
