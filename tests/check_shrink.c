/*
 * check_shrink.c - a failing schedule is shrunk before it is reported:
 * the lost update (counter), the ABBA deadlock (transfer) and the torn
 * read (rwlock) come down to at most 2 preemptions, the report says "shrunk from N preemptions to K"
 * with K <= N, the replay line names the shrunk schedule string, and that
 * string replayed, or the failing seed explored alone, fails the same way
 * with the same trace. Every command that prints a replay line (explore,
 * run --tool sched, scan --tool sched, check) prints the shrunk schedule,
 * and running that line as printed repeats the failure.
 *
 * Room: tests/, owned with harness/sched (rs_shrink.c) and
 * harness/core/explore.c. Programs built by make (sched.mk):
 * build/sched/counter-bad, build/sched/transfer-bad, build/sched/rwlock-bad,
 * build/racelab.
 * RACELAB_BUILD overrides "build". Reads tests/fixtures/sched/abba.c and
 * docs/labs/memorder-mp.c relative to the working directory (the
 * repository root, as make test runs it).
 */
#include "explore.h"
#include "proc.h"
#include "schedlib.h"
#include "testlib.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void run_as(const char *name, char *const *args, unsigned long long seed,
		   long runs, const char *schedule, const char *strategy,
		   struct rl_explore_result *r)
{
	char path[512];
	struct rl_explore_opts o = {
	    .binary = schedlib_bin(name, path, sizeof(path)),
	    .argv = args,
	    .runs = runs,
	    .seed = seed,
	    .schedule = schedule,
	    .replay_prefix = "racelab replay X",
	    .strategy = strategy,
	};

	schedlib_explore(&o, r);
}

static void run(const char *name, char *const *args, unsigned long long seed,
		long runs, const char *schedule, struct rl_explore_result *r)
{
	run_as(name, args, seed, runs, schedule, NULL, r);
}

/* The strategy that found r's failure: "schedule N (seed S, STRATEGY". */
static char *found_by(const struct rl_explore_result *r)
{
	const char *p = strstr(r->text, " (seed 0x");
	char word[16];

	ck_assert_ptr_nonnull(p);
	p = strchr(p, ',');
	ck_assert(p != NULL && sscanf(p + 1, " %15[a-z]", word) == 1);
	return rl_xstrdup(word);
}

static void shrinks(const char *name, char *const *args, const char *kind)
{
	for (unsigned long long seed = 1; seed <= 5; seed++) {
		struct rl_explore_result r, again, byseed;
		struct rl_explore_result *replays[2] = {&again, &byseed};

		run(name, args, seed, 300, NULL, &r);
		ck_assert_msg(r.kind != NULL, "%s: none failing", name);
		ck_assert_str_eq(r.kind, kind);
		ck_assert_msg(r.shrunk, "%s: not shrunk:\n%s", name, r.text);
		ck_assert_int_le(r.preemptions, r.shrunk_from);
		ck_assert_msg(r.preemptions <= 2,
			      "%s seed %llu: %ld preemptions left", name, seed,
			      r.preemptions);
		ck_assert_ptr_nonnull(strstr(r.text, "shrunk from "));
		ck_assert_ptr_nonnull(strstr(r.replay, " --schedule "));
		ck_assert_ptr_nonnull(strstr(r.replay, r.schedule));
		/* the shrunk string, and the seed that found the failure: the
		 * same failure, trace and shrunk schedule */
		run(name, args, 0, 1, r.schedule, &again);
		{
			char *by = found_by(&r);

			run_as(name, args, r.seed, 1, NULL, by, &byseed);
			free(by);
		}
		for (int i = 0; i < 2; i++) {
			ck_assert_str_eq(replays[i]->kind, kind);
			ck_assert_str_eq(replays[i]->trace, r.trace);
		}
		ck_assert(byseed.shrunk);
		ck_assert_str_eq(byseed.schedule, r.schedule);
		rl_explore_result_free(&byseed);
		rl_explore_result_free(&again);
		rl_explore_result_free(&r);
	}
}

START_TEST(counter_lost_update)
{
	static char *const args[] = {"-t", "2", "-i", "2", NULL};

	shrinks("counter-bad", args, "invariant");
}
END_TEST

START_TEST(transfer_abba)
{
	static char *const args[] = {"-m", "pair", "-t", "2", "-i", "1", NULL};

	shrinks("transfer-bad", args, "deadlock");
}
END_TEST

/* rwlock's torn read needs two preemptions among a few hundred decisions
 * (the reader between its unlock and its count, the writer after its
 * admission): drawn at random among the decisions they were not found
 * ("not shrunk: ... its 15 preemptions"); kept from the failure's own
 * preemptions, by thread and step, they are. */
START_TEST(rwlock_torn_read)
{
	static char *const args[] = {"-t", "2", "-i", "16", NULL};

	shrinks("rwlock-bad", args, "invariant");
}
END_TEST

/* shrink=0 (no_shrink, for racelab bench sched): the same schedule fails
 * first, reported as it was found, with all its preemptions. */
START_TEST(unshrunk_on_request)
{
	static char *const args[] = {"-t", "2", "-i", "2", NULL};
	char path[512];
	struct rl_explore_opts o = {
	    .binary = schedlib_bin("counter-bad", path, sizeof(path)),
	    .argv = args,
	    .runs = 300,
	    .seed = 3,
	    .no_shrink = true,
	};
	struct rl_explore_result plain, shrunk;

	schedlib_explore(&o, &plain);
	run("counter-bad", args, 3, 300, NULL, &shrunk);
	ck_assert_msg(plain.kind != NULL && shrunk.kind != NULL,
		      "counter-bad from seed 3: none failing");
	ck_assert_str_eq(plain.kind, shrunk.kind);
	ck_assert_int_eq(plain.schedules, shrunk.schedules);
	ck_assert(plain.seed == shrunk.seed);
	ck_assert_msg(!plain.shrunk, "shrunk although asked not to:\n%s",
		      plain.text);
	ck_assert_ptr_null(strstr(plain.text, "shrunk from "));
	ck_assert(shrunk.shrunk);
	ck_assert_int_gt(shrunk.shrunk_from, shrunk.preemptions);
	rl_explore_result_free(&plain);
	rl_explore_result_free(&shrunk);
}
END_TEST

static char *dup_n(const char *s, size_t n)
{
	char *d = strndup(s, n);

	ck_assert_ptr_nonnull(d);
	return d;
}

/* build/racelab ARGS...; its stdout and stderr as one malloc'd text, its
 * exit status in *status */
static char *racelab(char **args, int *status)
{
	const char *b = getenv("RACELAB_BUILD");
	char *bin = rl_xasprintf("%s/racelab", b ? b : "build");
	char *argv[32] = {bin};
	struct rl_proc p = {.argv = argv, .timeout_s = 300};
	char *text;
	int n = 1;

	for (; args[n - 1] != NULL && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	ck_assert_int_eq(rl_proc_run(&p), 0);
	text = rl_xasprintf("%s%s", p.out ? p.out : "", p.err ? p.err : "");
	*status = p.status;
	rl_proc_free(&p);
	free(bin);
	return text;
}

/* text from its trace's first line to its FAIL: line, malloc'd */
static char *failure_of(const char *text)
{
	const char *from = strstr(text, "trace ("), *fail;

	ck_assert_msg(from != NULL, "no trace in:\n%s", text);
	fail = strstr(from, "\nFAIL: ");
	ck_assert_msg(fail != NULL, "no FAIL line in:\n%s", text);
	fail = strchr(fail + 1, '\n');
	return dup_n(from, fail ? (size_t)(fail - from) : strlen(from));
}

/* Run CMD, which must print a shrunk failure; run its replay line as
 * printed (split at blanks, "racelab" first): exit status `status` (the
 * replay's own: run exits 0 on a failure its expect file expects) and the
 * same trace down to the FAIL line. */
static void replay_line_repeats(char **cmd, int status)
{
	int st, st2;
	char *out = racelab(cmd, &st), *line, *end, *want, *got, *again;
	char *words[32];
	int n = 0;

	ck_assert_msg(strstr(out, "shrunk from ") != NULL, "not shrunk:\n%s",
		      out);
	line = strstr(out, "replay: racelab ");
	ck_assert_msg(line != NULL, "no replay line:\n%s", out);
	line = dup_n(line + 16, strcspn(line + 16, "\n"));
	ck_assert_msg(strstr(line, " --schedule ") != NULL,
		      "the replay line is not the shrunk schedule: %s", line);
	ck_assert_msg(strpbrk(line, "'\"") == NULL, "quoted: %s", line);
	for (char *w = strtok_r(line, " ", &end); w != NULL && n < 31;
	     w = strtok_r(NULL, " ", &end))
		words[n++] = w;
	words[n] = NULL;
	again = racelab(words, &st2);
	want = failure_of(out);
	got = failure_of(again);
	(void)st;
	ck_assert_int_eq(st2, status);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	free(again);
	free(line);
	free(out);
}

START_TEST(printed_replays_repeat)
{
	char *explore[] = {"explore",	 "counter", "--variant", "bad",
			   "--strategy", "random",  NULL};
	char *run[] = {"run",	 "counter", "--variant", "bad",
		       "--tool", "sched",   NULL};
	char *scan_abba[] = {"scan",   "--tool", "sched",
			     "--runs", "300",	 "tests/fixtures/sched/abba.c",
			     NULL};
	char *scan_mp[] = {"scan",   "--tool", "sched",
			   "--runs", "300",    "docs/labs/memorder-mp.c",
			   NULL};

	replay_line_repeats(explore, 3); /* racelab replay: invariant */
	replay_line_repeats(run, 3);
	replay_line_repeats(scan_abba, 1); /* racelab scan: a failure */
	replay_line_repeats(scan_mp, 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("shrink");
	TCase *tc = testlib_tcase("shrink");

	tcase_add_test(tc, counter_lost_update);
	tcase_add_test(tc, transfer_abba);
	tcase_add_test(tc, rwlock_torn_read);
	tcase_add_test(tc, printed_replays_repeat);
	tcase_add_test(tc, unshrunk_on_request);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
