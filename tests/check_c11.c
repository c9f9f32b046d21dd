/*
 * check_c11.c - the C11 weak-memory model (the default; RACELAB_SCHED
 * memory=sc and racelab --memory sc turn it off): each litmus pattern both
 * ways. What C11 allows
 * (store buffering with relaxed or release/acquire, message passing through
 * a relaxed flag, double-checked initialisation published relaxed) is
 * found under c11 and never under sc; what C11 forbids (the same with
 * seq_cst fences or accesses, release/acquire publication, coherence) is
 * never found under either. A failure names its stale read, and replays
 * byte for byte from its schedule string. A replay line carries the memory
 * mode only when it is not the default (--memory sc).
 *
 * Room: tests/, owned with harness/sched (rs_c11.c) and
 * harness/core/explore.c. The programs are built by make (sched.mk):
 * build/sched/fixtures/litmus PATTERN, build/sched/memorder-{bad,good},
 * build/sched/counter-bad.
 * RACELAB_BUILD overrides "build".
 */
#include "explore.h"
#include "schedlib.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* runs schedules of NAME from seed 1 under c11 (the default: opts that
 * say nothing of memory) or sc */
static void run(const char *name, char *const *args, long runs, bool c11,
		const char *schedule, struct rl_explore_result *r)
{
	char path[512];
	struct rl_explore_opts o = {
	    .binary = schedlib_bin(name, path, sizeof(path)),
	    .argv = args,
	    .runs = runs,
	    .seed = 1,
	    .sc = !c11,
	    .schedule = schedule,
	    /* every schedule runs, however loaded the machine: the counts
	     * below must not depend on a time budget */
	    .timeout = 900,
	    .replay_prefix = "racelab replay X",
	};

	schedlib_explore(&o, r);
}

/* PATTERN fails under c11 (an assert: invariant) and never under sc. */
static void allowed(const char *pattern)
{
	char *args[] = {(char *)pattern, NULL};
	struct rl_explore_result r;

	run("fixtures/litmus", args, 1000, true, NULL, &r);
	ck_assert_msg(r.kind != NULL && strcmp(r.kind, "invariant") == 0,
		      "%s under c11: %s in %ld schedules", pattern,
		      r.kind ? r.kind : "none failing", r.schedules);
	ck_assert_msg(strstr(r.trace, ", not the latest store ") != NULL,
		      "%s: no stale read in the trace:\n%s", pattern, r.trace);
	ck_assert_msg(strstr(r.replay, " --memory") == NULL,
		      "the default in a replay line: %s", r.replay);
	rl_explore_result_free(&r);
	run("fixtures/litmus", args, 300, false, NULL, &r);
	ck_assert_msg(r.kind == NULL, "%s failed under sc:\n%s", pattern,
		      r.text ? r.text : "");
	rl_explore_result_free(&r);
}

/* PATTERN never fails, under c11 or sc. */
static void forbidden(const char *pattern)
{
	char *args[] = {(char *)pattern, NULL};
	struct rl_explore_result r;

	for (int c11 = 0; c11 < 2; c11++) {
		run("fixtures/litmus", args, c11 ? 1000 : 200, c11, NULL, &r);
		ck_assert_msg(r.kind == NULL, "%s failed under %s:\n%s",
			      pattern, c11 ? "c11" : "sc",
			      r.text ? r.text : "");
		ck_assert_int_eq(r.schedules, c11 ? 1000 : 200);
		rl_explore_result_free(&r);
	}
}

START_TEST(store_buffering)
{
	allowed("sb-relaxed");
	allowed("sb-relacq"); /* release/acquire is not enough here */
	forbidden("sb-fence");
	forbidden("sb-sc");
}
END_TEST

START_TEST(message_passing)
{
	allowed("mp-relaxed");
	forbidden("mp-relacq");
	forbidden("mp-fence");
}
END_TEST

START_TEST(double_checked_init)
{
	allowed("dcl-relaxed");
	forbidden("dcl-relacq");
}
END_TEST

START_TEST(coherence)
{
	forbidden("corr");
}
END_TEST

/* The case itself: memorder's bad variant is found by the default, never
 * under sc; its good one never. */
START_TEST(memorder_case)
{
	static char *const args[] = {"-t", "2", "-r", "3", NULL};
	struct rl_explore_result r;

	run("memorder-bad", args, 300, true, NULL, &r);
	ck_assert_msg(r.kind != NULL, "memorder bad: none failing in %ld",
		      r.schedules);
	ck_assert_str_eq(r.kind, "invariant");
	rl_explore_result_free(&r);
	run("memorder-bad", args, 300, false, NULL, &r);
	ck_assert_msg(r.kind == NULL, "memorder bad failed under sc:\n%s",
		      r.text ? r.text : "");
	rl_explore_result_free(&r);
	run("memorder-good", args, 300, true, NULL, &r);
	ck_assert_msg(r.kind == NULL, "memorder good failed:\n%s",
		      r.text ? r.text : "");
	rl_explore_result_free(&r);
}
END_TEST

/* The stale read is in the schedule string: a replay reads the same store
 * and prints the same trace; replayed under sc it does not fit. */
START_TEST(replay_is_exact)
{
	char *args[] = {"mp-relaxed", NULL};
	struct rl_explore_result found, again;

	run("fixtures/litmus", args, 1000, true, NULL, &found);
	ck_assert_ptr_nonnull(found.kind);
	ck_assert_ptr_nonnull(found.schedule);
	ck_assert_ptr_nonnull(strchr(found.schedule, 'r'));
	ck_assert(rl_schedule_valid(found.schedule));
	for (int i = 0; i < 3; i++) {
		run("fixtures/litmus", args, 1, true, found.schedule, &again);
		ck_assert_str_eq(again.kind, found.kind);
		ck_assert_str_eq(again.trace, found.trace);
		rl_explore_result_free(&again);
	}
	run("fixtures/litmus", args, 1, false, found.schedule, &again);
	ck_assert_str_eq(again.kind, "diverged");
	rl_explore_result_free(&again);
	rl_explore_result_free(&found);
}
END_TEST

/* Under sc, a replay line says so (the seed or schedule means an sc one),
 * and that replay repeats the failure; the env form says memory=sc. */
START_TEST(replay_names_sc)
{
	static char *const args[] = {"-t", "2", "-i", "2", NULL};
	struct rl_explore_result found, again;
	char path[512];
	struct rl_explore_opts o = {
	    .binary = schedlib_bin("counter-bad", path, sizeof(path)),
	    .argv = args,
	    .runs = 1000,
	    .seed = 1,
	    .sc = true,
	};

	schedlib_explore(&o, &found);
	ck_assert_ptr_nonnull(found.kind);
	ck_assert_msg(strstr(found.replay, "memory=sc") != NULL,
		      "env replay without memory=sc: %s", found.replay);
	o.replay_prefix = "racelab replay counter";
	rl_explore_result_free(&found);
	schedlib_explore(&o, &found);
	ck_assert_msg(strstr(found.replay, " --memory sc") != NULL,
		      "replay without --memory sc: %s", found.replay);
	o.schedule = found.schedule;
	o.runs = 1;
	schedlib_explore(&o, &again);
	ck_assert_str_eq(again.kind, found.kind);
	ck_assert_str_eq(again.trace, found.trace);
	rl_explore_result_free(&again);
	rl_explore_result_free(&found);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("c11");
	TCase *tc = testlib_tcase("c11");

	tcase_add_test(tc, store_buffering);
	tcase_add_test(tc, message_passing);
	tcase_add_test(tc, double_checked_init);
	tcase_add_test(tc, coherence);
	tcase_add_test(tc, memorder_case);
	tcase_add_test(tc, replay_is_exact);
	tcase_add_test(tc, replay_names_sc);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
