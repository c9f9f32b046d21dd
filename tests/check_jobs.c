/*
 * check_jobs.c - schedules run several at a time (RACELAB_SCHED jobs=N,
 * racelab explore --jobs N) give exactly what one at a time gives: the
 * same first failing schedule (its number, seed, schedule string and
 * trace), for the random walk and for PCT (whose k is learned from the
 * earlier runs), for a lost update, a deadlock and a crash; a clean
 * program stays clean over every schedule; the time budget still stops
 * the search.
 *
 * Room: tests/, owned with harness/sched (rs_jobs.c) and
 * harness/core/explore.c. The programs are built by make
 * (harness/sched/sched.mk lists them as this suite's prerequisites).
 * RACELAB_BUILD overrides "build".
 */
#include "explore.h"
#include "schedlib.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *const small[] = {"-t", "2", "-i", "2", NULL};

static void explore(const char *name, char *const *args, long runs,
		    unsigned long long seed, const char *strategy, long jobs,
		    double timeout, struct rl_explore_result *r)
{
	char path[512];
	struct rl_explore_opts o = {
	    .binary = schedlib_bin(name, path, sizeof(path)),
	    .argv = args,
	    .runs = runs,
	    .seed = seed,
	    .strategy = strategy,
	    .jobs = jobs,
	    .timeout = timeout,
	    .replay_prefix = "racelab replay X",
	};

	schedlib_explore(&o, r);
}

static const char *or_none(const char *s)
{
	return s != NULL ? s : "(none)";
}

/* jobs=2 and jobs=3 find what jobs=1 finds, byte for byte. */
static void same_for_any_jobs(const char *name, char *const *args,
			      unsigned long long seed, const char *strategy)
{
	struct rl_explore_result one, many;

	explore(name, args, 500, seed, strategy, 1, 0, &one);
	ck_assert_msg(one.kind != NULL && !one.unjudged,
		      "%s: nothing found with jobs=1: %s", name,
		      or_none(one.kind));
	for (long jobs = 2; jobs <= 3; jobs++) {
		explore(name, args, 500, seed, strategy, jobs, 0, &many);
		ck_assert_str_eq(or_none(many.kind), one.kind);
		ck_assert_int_eq(many.schedules, one.schedules);
		ck_assert_uint_eq(many.seed, one.seed);
		ck_assert_str_eq(or_none(many.schedule), or_none(one.schedule));
		ck_assert_str_eq(or_none(many.trace), or_none(one.trace));
		ck_assert_str_eq(or_none(many.replay), or_none(one.replay));
		rl_explore_result_free(&many);
	}
	rl_explore_result_free(&one);
}

START_TEST(lost_update_random)
{
	/* seed 7: the first failing schedule is not the first one */
	same_for_any_jobs("counter-bad", small, 7, NULL);
}
END_TEST

START_TEST(lost_update_pos)
{
	same_for_any_jobs("counter-bad", small, 5, "pos");
}
END_TEST

START_TEST(lost_update_pct)
{
	same_for_any_jobs("counter-bad", small, 5, "pct");
}
END_TEST

START_TEST(deadlock_pct)
{
	same_for_any_jobs("fixtures/abba", NULL, 3, "pct");
}
END_TEST

START_TEST(crash_random)
{
	same_for_any_jobs("lfqueue-bad", small, 1, NULL);
}
END_TEST

START_TEST(clean_stays_clean)
{
	struct rl_explore_result r;

	explore("counter-good", small, 300, 1, "pct", 3, 0, &r);
	ck_assert_msg(r.kind == NULL, "good counter failed (%s):\n%s",
		      or_none(r.kind), or_none(r.text));
	ck_assert_int_eq(r.schedules, 300);
	ck_assert_ptr_nonnull(strstr(r.out, "expected 4 got 4"));
	rl_explore_result_free(&r);
}
END_TEST

START_TEST(budget_still_stops)
{
	struct rl_explore_result r;

	explore("counter-good", small, 100000000, 1, NULL, 2, 1.0, &r);
	ck_assert_msg(r.kind == NULL, "%s: %s", or_none(r.kind),
		      or_none(r.text));
	ck_assert(r.budget_stopped);
	ck_assert_int_gt(r.schedules, 0);
	ck_assert_int_lt(r.schedules, 100000000);
	rl_explore_result_free(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("jobs");
	TCase *tc = testlib_tcase("jobs");

	tcase_add_test(tc, lost_update_random);
	tcase_add_test(tc, lost_update_pos);
	tcase_add_test(tc, lost_update_pct);
	tcase_add_test(tc, deadlock_pct);
	tcase_add_test(tc, crash_random);
	tcase_add_test(tc, clean_stays_clean);
	tcase_add_test(tc, budget_still_stops);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
