/*
 * check_spurious.c - injected spurious wakeups (RACELAB_SCHED spurious=N,
 * racelab --spurious N): a failure that needs them is found, replays byte
 * for byte from its schedule string and from its seed, and diverges when
 * replayed without them; the per-schedule bound holds; a correct condvar
 * program stays clean.
 *
 * Room: tests/, owned with harness/sched and harness/core/explore.c. The
 * programs are built by make (harness/sched/sched.mk lists them as this
 * suite's prerequisites): build/sched/fixtures/spurious_twice (fails only
 * after two spurious wakeups), build/sched/condvar-{bad,good}.
 * RACELAB_BUILD overrides "build".
 */
#include "explore.h"
#include "schedlib.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *const condvar_args[] = {"-t", "2", "-i", "2", NULL};

/* build/sched/NAME (NAME may be fixtures/X). */
/* Explore (schedule == NULL) or replay one schedule of NAME. */
static void run(const char *name, char *const *args, long runs,
		unsigned long long seed, const char *strategy, long spurious,
		const char *schedule, struct rl_explore_result *r)
{
	char path[512];
	struct rl_explore_opts o = {
	    .binary = schedlib_bin(name, path, sizeof(path)),
	    .argv = args,
	    .runs = runs,
	    .seed = seed,
	    .strategy = strategy,
	    .spurious = spurious,
	    .schedule = schedule,
	    .replay_prefix = "racelab replay X",
	};

	schedlib_explore(&o, r);
}

static int count(const char *text, const char *what)
{
	int n = 0;

	for (const char *p = text; p && (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* Found with spurious=3 by strategy; then replayed from its schedule
 * string, and (random walk) from its seed: the same trace every time. */
static void found_and_replayed(const char *strategy)
{
	struct rl_explore_result found, again;

	run("fixtures/spurious_twice", NULL, 2000, 1, strategy, 3, NULL,
	    &found);
	ck_assert_msg(found.kind != NULL, "%s: no failing schedule in %ld",
		      strategy, found.schedules);
	ck_assert_str_eq(found.kind, "invariant");
	ck_assert_int_ge(count(found.trace, "woken spuriously"), 2);
	ck_assert_ptr_nonnull(found.schedule);
	ck_assert_ptr_nonnull(strstr(found.replay, " --spurious 3"));
	for (int i = 0; i < 5; i++) {
		run("fixtures/spurious_twice", NULL, 1, 0, NULL, 3,
		    found.schedule, &again);
		ck_assert_str_eq(again.kind, "invariant");
		ck_assert_str_eq(again.trace, found.trace);
		ck_assert_str_eq(again.schedule, found.schedule);
		rl_explore_result_free(&again);
	}
	if (strcmp(strategy, "random") == 0) {
		run("fixtures/spurious_twice", NULL, 1, found.seed, strategy,
		    3, NULL, &again);
		ck_assert_str_eq(again.kind, "invariant");
		ck_assert_str_eq(again.trace, found.trace);
		rl_explore_result_free(&again);
	}
	/* the same choices without spurious wakeups do not fail: they do not
	 * fit the run (diverged), or (a short shrunk string can fit) they
	 * make a schedule that passes */
	run("fixtures/spurious_twice", NULL, 1, 0, NULL, 0, found.schedule,
	    &again);
	ck_assert_msg(again.kind == NULL || strcmp(again.kind, "diverged") == 0,
		      "replayed without spurious wakeups: %s", again.kind);
	rl_explore_result_free(&again);
	rl_explore_result_free(&found);
}

START_TEST(random_walk_finds_and_replays)
{
	found_and_replayed("random");
}
END_TEST

START_TEST(pct_finds_and_replays)
{
	found_and_replayed("pct");
}
END_TEST

/* The failure needs two spurious wakeups: none without the option, none
 * with a bound of one per schedule. */
START_TEST(bound_per_schedule_holds)
{
	struct rl_explore_result r;

	for (long n = 0; n <= 1; n++) {
		run("fixtures/spurious_twice", NULL, 1000, 1, NULL, n, NULL,
		    &r);
		ck_assert_msg(r.kind == NULL, "spurious=%ld: %s\n%s", n, r.kind,
			      r.text ? r.text : "");
		ck_assert_int_eq(r.schedules, 1000);
		rl_explore_result_free(&r);
	}
}
END_TEST

START_TEST(condvar_twins)
{
	struct rl_explore_result r;

	run("condvar-good", condvar_args, 500, 1, NULL, 5, NULL, &r);
	ck_assert_msg(r.kind == NULL, "good condvar failed (%s):\n%s",
		      r.kind ? r.kind : "", r.text ? r.text : "");
	rl_explore_result_free(&r);
	run("condvar-bad", condvar_args, 500, 1, NULL, 5, NULL, &r);
	ck_assert_msg(r.kind != NULL, "bad condvar: none failing in %ld",
		      r.schedules);
	rl_explore_result_free(&r);
}
END_TEST

/* By hand, without racelab: the environment form names spurious=N. */
START_TEST(env_replay_line_carries_it)
{
	char path[512];
	struct rl_explore_opts o = {
	    .binary = schedlib_bin("fixtures/spurious_twice", path, sizeof(path)),
	    .runs = 2000,
	    .seed = 1,
	    .spurious = 2,
	};
	struct rl_explore_result r;

	ck_assert_int_eq(rl_explore(&o, &r), 0);
	ck_assert_ptr_nonnull(r.kind);
	ck_assert_msg(strncmp(r.replay,
			      "RACELAB_SCHED='spurious=2' "
			      "RACELAB_SCHED_REPLAY=",
			      48) == 0,
		      "replay: %s", r.replay);
	rl_explore_result_free(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("spurious");
	TCase *tc = testlib_tcase("spurious");

	tcase_add_test(tc, random_walk_finds_and_replays);
	tcase_add_test(tc, pct_finds_and_replays);
	tcase_add_test(tc, bound_per_schedule_holds);
	tcase_add_test(tc, condvar_twins);
	tcase_add_test(tc, env_replay_line_carries_it);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
