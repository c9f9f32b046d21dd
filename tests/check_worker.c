/*
 * check_worker.c - many schedules in one fork-server child, the program
 * reset between them (harness/sched/rs_worker.c): the reset path is taken
 * (one process forked for a whole search), a program whose runs leave
 * state a reset does not cover gets a process per schedule, and both
 * ways give the same results, seed by seed: the same first failing
 * schedule (number, seed, schedule string, trace, replay line, output)
 * for a lost update, a deadlock, a crash and a lost wakeup, under the
 * random walk and PCT, sequentially consistent and C11; clean programs
 * stay clean.
 *
 * Room: tests/, owned with harness/sched (rs_worker.c). The programs are
 * built by make (harness/sched/sched.mk lists them as this suite's
 * prerequisites). RACELAB_BUILD overrides "build".
 */
#include "explore.h"
#include "proc.h"
#include "schedlib.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *const small[] = {"-t", "2", "-i", "2", NULL};
static char *const pair[] = {"-m", "pair", "-t", "2", "-i", "1", NULL};
static char *const four[] = {"-t", "2", "-i", "4", NULL};

static const char *or_none(const char *s)
{
	return s != NULL ? s : "(none)";
}

/* The processes the fork server forked for runs schedules of name with
 * args (its own summary line on stderr, run by hand); every run must
 * pass. */
static long forks_for(const char *name, char *const *args, long runs,
		      bool reset)
{
	char path[512], spec[128], *env[2] = {spec, NULL};
	char *argv[8] = {schedlib_bin(name, path, sizeof(path)), NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 60};
	char want[64];
	const char *at;
	long forks;

	for (int i = 0; args != NULL && args[i] != NULL && i < 6; i++)
		argv[i + 1] = args[i];
	snprintf(spec, sizeof(spec), "RACELAB_SCHED=runs=%ld seed=1 jobs=1%s",
		 runs, reset ? "" : " reset=0");
	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_msg(p.status == 0, "%s: status %d\n%.2000s", name, p.status,
		      or_none(p.err));
	snprintf(want, sizeof(want), "%ld runs done (none failed; ", runs);
	at = strstr(or_none(p.err), want);
	ck_assert_msg(at != NULL, "%s: no summary line in\n%.2000s", name,
		      or_none(p.err));
	forks = strtol(at + strlen(want), NULL, 10);
	rl_proc_free(&p);
	return forks;
}

static char *const atexit_mode[] = {"-m", "atexit", NULL};
static char *const detach_mode[] = {"-m", "detach", NULL};

START_TEST(one_process_for_a_whole_search)
{
	/* every kind of state reset_state leaves is put back: its asserts
	 * would fail the second run in a process otherwise */
	ck_assert_int_eq(forks_for("fixtures/reset_state", NULL, 60, true), 1);
	ck_assert_int_eq(forks_for("counter-good", small, 60, true), 1);
	/* main's thread-locals put back too */
	ck_assert_int_eq(forks_for("fixtures/reset_tls", NULL, 60, true), 1);
	ck_assert_int_eq(forks_for("fixtures/reset_state", NULL, 20, false),
			 20);
}
END_TEST

START_TEST(state_outside_gets_a_process_per_run)
{
	ck_assert_int_eq(
	    forks_for("fixtures/reset_state", atexit_mode, 20, true), 20);
	ck_assert_int_eq(
	    forks_for("fixtures/reset_state", detach_mode, 20, true), 20);
}
END_TEST

static void explore(const char *name, char *const *args, long runs,
		    unsigned long long seed, const char *strategy, bool c11,
		    bool fork_per_run, struct rl_explore_result *r)
{
	char path[512];
	struct rl_explore_opts o = {
	    .binary = schedlib_bin(name, path, sizeof(path)),
	    .argv = args,
	    .runs = runs,
	    .seed = seed,
	    .strategy = strategy,
	    .sc = !c11,
	    .jobs = 1,
	    .fork_per_run = fork_per_run,
	    .replay_prefix = "racelab replay X",
	};

	schedlib_explore(&o, r);
}

/* Reset on and off: byte for byte the same result. */
static void same_both_ways(const char *name, char *const *args, long runs,
			   unsigned long long seed, const char *strategy,
			   bool c11, bool fails)
{
	struct rl_explore_result a, b;

	explore(name, args, runs, seed, strategy, c11, false, &a);
	explore(name, args, runs, seed, strategy, c11, true, &b);
	ck_assert_msg(fails ? a.kind != NULL && !a.unjudged : a.kind == NULL,
		      "%s seed %llu: %s\n%.2000s", name, seed, or_none(a.kind),
		      or_none(a.text));
	ck_assert_str_eq(or_none(a.kind), or_none(b.kind));
	ck_assert_int_eq(a.schedules, b.schedules);
	ck_assert_uint_eq(a.seed, b.seed);
	ck_assert_str_eq(or_none(a.schedule), or_none(b.schedule));
	ck_assert_str_eq(or_none(a.headline), or_none(b.headline));
	ck_assert_str_eq(or_none(a.trace), or_none(b.trace));
	ck_assert_str_eq(or_none(a.replay), or_none(b.replay));
	ck_assert_str_eq(or_none(a.out), or_none(b.out));
	rl_explore_result_free(&a);
	rl_explore_result_free(&b);
}

START_TEST(lost_update_same_both_ways)
{
	/* seeds whose first failure comes after passing schedules */
	same_both_ways("counter-bad", small, 200, 7, NULL, false, true);
	same_both_ways("counter-bad", small, 200, 200001, NULL, false, true);
	same_both_ways("counter-bad", small, 200, 5, "pct", false, true);
	same_both_ways("counter-bad", small, 200, 7, NULL, true, true);
}
END_TEST

START_TEST(deadlock_same_both_ways)
{
	same_both_ways("transfer-bad", pair, 200, 1, NULL, false, true);
	same_both_ways("fixtures/abba", NULL, 200, 3, "pct", false, true);
}
END_TEST

START_TEST(crash_same_both_ways)
{
	same_both_ways("lfqueue-bad", four, 200, 7, NULL, false, true);
	same_both_ways("lfqueue-bad", four, 200, 200001, NULL, false, true);
}
END_TEST

START_TEST(lost_wakeup_same_both_ways)
{
	same_both_ways("condvar-bad", small, 200, 200001, NULL, false, true);
	same_both_ways("condvar-bad", small, 200, 1, NULL, true, true);
}
END_TEST

START_TEST(clean_same_both_ways)
{
	same_both_ways("counter-good", small, 100, 1, NULL, false, false);
	same_both_ways("lfqueue-good", four, 60, 1, "pct", true, false);
	same_both_ways("fixtures/reset_state", NULL, 100, 1, NULL, false,
		       false);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("worker");
	TCase *tc = testlib_tcase("worker");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, one_process_for_a_whole_search);
	tcase_add_test(tc, state_outside_gets_a_process_per_run);
	tcase_add_test(tc, lost_update_same_both_ways);
	tcase_add_test(tc, deadlock_same_both_ways);
	tcase_add_test(tc, crash_same_both_ways);
	tcase_add_test(tc, lost_wakeup_same_both_ways);
	tcase_add_test(tc, clean_same_both_ways);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
