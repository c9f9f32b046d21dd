/*
 * check_sched.c - the deterministic scheduler, end to end: explore finds the
 * bugs from a fixed seed, passes the safe twins, replays byte for byte,
 * and names deadlocks and lost wakeups exactly.
 *
 * Room: tests/, owned with harness/sched and harness/core/explore.c. The
 * programs under test are built by make (harness/sched/sched.mk lists them
 * as prerequisites of this suite): build/sched/counter-{bad,good},
 * build/sched/atomic-{bad,good}, build/sched/fixtures/{abba,lost_wakeup}.
 * RACELAB_BUILD overrides "build".
 */
#include "explore.h"
#include "proc.h"
#include "schedlib.h"
#include "testlib.h"

#include "../harness/sched/sched_exit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The driver arguments the counter and atomic expect files use. */
static char *const small[] = {"-t", "2", "-i", "2", NULL};

static char *bin(const char *name)
{
	static char path[4][512];
	static int next;

	return schedlib_bin(name, path[next++ % 4], sizeof(path[0]));
}

static void explore(const char *name, char *const *args, long runs,
		    unsigned long long seed, const char *strategy,
		    struct rl_explore_result *r)
{
	struct rl_explore_opts o = {
	    .binary = bin(name),
	    .argv = args,
	    .runs = runs,
	    .seed = seed,
	    .strategy = strategy,
	    .depth = 2,
	};

	schedlib_explore(&o, r);
}

static void replay(const char *name, char *const *args, const char *sched,
		   struct rl_explore_result *r)
{
	struct rl_explore_opts o = {
	    .binary = bin(name), .argv = args, .schedule = sched};

	ck_assert_msg(rl_explore(&o, r) == 0, "cannot run %s", o.binary);
}

static void assert_has(const char *text, const char *what)
{
	ck_assert_msg(text != NULL && strstr(text, what) != NULL,
		      "expected \"%s\" in:\n%s", what, text ? text : "(null)");
}

START_TEST(bad_counter_fails_within_100)
{
	struct rl_explore_result r;

	explore("counter-bad", small, 100, 42, NULL, &r);
	ck_assert_msg(r.kind != NULL, "no failing schedule in %ld",
		      r.schedules);
	ck_assert_str_eq(r.kind, "invariant");
	ck_assert_int_le(r.schedules, 100);
	ck_assert_int_eq(r.status, 3);
	assert_has(r.result_line, "counter: expected 4 got");
	/* the teaching trace: both threads read and write in
	 * counter_increment, with values */
	assert_has(r.text, "read  obj1 = ");
	assert_has(r.text, "write obj1 = ");
	assert_has(r.text, "bad/counter.c:");
	assert_has(r.text, "counter_increment");
	assert_has(r.text, "FAIL: counter: expected 4 got");
	ck_assert_ptr_nonnull(r.schedule);
	rl_explore_result_free(&r);
}
END_TEST

START_TEST(bad_counter_fails_under_pct)
{
	struct rl_explore_result r;

	explore("counter-bad", small, 200, 42, "pct", &r);
	ck_assert_msg(r.kind != NULL, "PCT d=2: no failing schedule in %ld",
		      r.schedules);
	ck_assert_str_eq(r.kind, "invariant");
	rl_explore_result_free(&r);
}
END_TEST

START_TEST(good_counter_passes_1000)
{
	struct rl_explore_result r;

	explore("counter-good", small, 1000, 42, NULL, &r);
	ck_assert_msg(r.kind == NULL, "good counter failed (%s):\n%s",
		      r.kind ? r.kind : "", r.text ? r.text : "");
	ck_assert_int_eq(r.schedules, 1000);
	rl_explore_result_free(&r);
}
END_TEST

START_TEST(atomic_twins)
{
	struct rl_explore_result r;

	explore("atomic-bad", small, 100, 42, NULL, &r);
	ck_assert_msg(r.kind != NULL && strcmp(r.kind, "invariant") == 0,
		      "bad atomic: %s", r.kind ? r.kind : "none failing");
	rl_explore_result_free(&r);
	/* C11 atomics really performed by the hooks: never a lost update */
	explore("atomic-good", small, 500, 42, NULL, &r);
	ck_assert_msg(r.kind == NULL, "good atomic failed:\n%s",
		      r.text ? r.text : "");
	rl_explore_result_free(&r);
}
END_TEST

START_TEST(replay_is_byte_identical)
{
	struct rl_explore_result found, again;
	char *first = NULL;

	explore("counter-bad", small, 100, 7, NULL, &found);
	ck_assert_ptr_nonnull(found.kind);
	ck_assert_ptr_nonnull(found.schedule);
	for (int i = 0; i < 10; i++) {
		replay("counter-bad", small, found.schedule, &again);
		ck_assert_ptr_nonnull(again.kind);
		ck_assert_str_eq(again.kind, found.kind);
		/* the whole runtime report, trace included */
		ck_assert_ptr_nonnull(again.trace);
		ck_assert_str_eq(again.trace, found.trace);
		ck_assert_str_eq(again.result_line, found.result_line);
		if (first == NULL)
			first = strdup(again.text);
		else
			ck_assert_str_eq(again.text, first);
		rl_explore_result_free(&again);
	}
	/* and from the seed alone, one schedule */
	{
		struct rl_explore_opts o = {.binary = bin("counter-bad"),
					    .argv = small,
					    .runs = 1,
					    .seed = found.seed};

		ck_assert_int_eq(rl_explore(&o, &again), 0);
		ck_assert_ptr_nonnull(again.kind);
		ck_assert_str_eq(again.schedule, found.schedule);
		ck_assert_str_eq(again.trace, found.trace);
		rl_explore_result_free(&again);
	}
	free(first);
	rl_explore_result_free(&found);
}
END_TEST

START_TEST(replay_divergence_is_detected)
{
	struct rl_explore_result r;

	/* T5 never exists */
	replay("counter-bad", small, "5.5.5", &r);
	ck_assert_ptr_nonnull(r.kind);
	ck_assert_str_eq(r.kind, "diverged");
	ck_assert_int_eq(r.status, RS_EXIT_DIVERGED);
	rl_explore_result_free(&r);
	/* a schedule longer than the run */
	explore("counter-good", small, 1, 3, NULL, &r);
	ck_assert_ptr_null(r.kind);
	rl_explore_result_free(&r);
}
END_TEST

START_TEST(abba_is_a_deadlock_cycle)
{
	struct rl_explore_result r;

	explore("fixtures/abba", NULL, 100, 42, NULL, &r);
	ck_assert_msg(r.kind != NULL, "abba: no deadlock in %ld schedules",
		      r.schedules);
	ck_assert_str_eq(r.kind, "deadlock");
	ck_assert_int_eq(r.status, RS_EXIT_DEADLOCK);
	/* both threads, both locks, both acquisition lines */
	assert_has(r.text, "T1 waits for mutex lock_b at sched/abba.c:25 in "
			   "take_a_then_b");
	assert_has(r.text, "held by T2 since sched/abba.c:35 in take_b_then_a");
	assert_has(r.text, "T2 waits for mutex lock_a at sched/abba.c:36 in "
			   "take_b_then_a");
	assert_has(r.text, "held by T1 since sched/abba.c:24 in take_a_then_b");
	assert_has(r.text, "waits-for cycle: T1 -> lock_b -> T2 -> lock_a -> "
			   "T1");
	assert_has(r.text, "Possible unsafe locking scenario");
	assert_has(r.text, "lock(lock_a);");
	rl_explore_result_free(&r);
}
END_TEST

START_TEST(lost_wakeup_is_reported)
{
	struct rl_explore_result r;

	explore("fixtures/lost_wakeup", NULL, 100, 42, NULL, &r);
	ck_assert_msg(r.kind != NULL, "no lost wakeup in %ld schedules",
		      r.schedules);
	ck_assert_str_eq(r.kind, "deadlock");
	assert_has(r.text, "lost wakeup");
	assert_has(r.text, "main waits on cv ready at "
			   "sched/lost_wakeup.c:38 in main; no live thread "
			   "can signal it");
	assert_has(r.text, "signal ready (nobody waits)");
	rl_explore_result_free(&r);
}
END_TEST

START_TEST(exec_per_run_agrees_with_fork_server)
{
	struct rl_explore_result a, b;
	struct rl_explore_opts o = {.binary = bin("counter-bad"),
				    .argv = small,
				    .runs = 50,
				    .seed = 42};

	ck_assert_int_eq(rl_explore(&o, &a), 0);
	o.exec_per_run = true;
	ck_assert_int_eq(rl_explore(&o, &b), 0);
	ck_assert_ptr_nonnull(a.kind);
	ck_assert_ptr_nonnull(b.kind);
	ck_assert_int_eq(a.schedules, b.schedules);
	ck_assert_str_eq(a.schedule, b.schedule);
	ck_assert_str_eq(a.trace, b.trace);
	rl_explore_result_free(&a);
	rl_explore_result_free(&b);
}
END_TEST

START_TEST(bad_config_is_a_usage_error)
{
	char *argv[] = {bin("counter-good"), NULL};
	char *env[] = {"RACELAB_SCHED=strategy=bogus", NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 10};

	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_int_eq(p.status, RS_EXIT_CONFIG);
	assert_has(p.err, "strategy 'bogus'");
	rl_proc_free(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = testlib_tcase("sched");

	tcase_add_test(tc, bad_counter_fails_within_100);
	tcase_add_test(tc, bad_counter_fails_under_pct);
	tcase_add_test(tc, good_counter_passes_1000);
	tcase_add_test(tc, atomic_twins);
	tcase_add_test(tc, replay_is_byte_identical);
	tcase_add_test(tc, replay_divergence_is_detected);
	tcase_add_test(tc, abba_is_a_deadlock_cycle);
	tcase_add_test(tc, lost_wakeup_is_reported);
	tcase_add_test(tc, exec_per_run_agrees_with_fork_server);
	tcase_add_test(tc, bad_config_is_a_usage_error);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
