/*
 * check_shrink.c - a failing schedule is shrunk before it is reported:
 * the lost update (counter) and the ABBA deadlock (transfer) come down to
 * at most 2 preemptions, the report says "shrunk from N preemptions to K"
 * with K <= N, the replay line names the shrunk schedule string, and that
 * string replayed, or the failing seed explored alone, fails the same way
 * with the same trace.
 *
 * Room: tests/, owned with harness/sched (rs_shrink.c) and
 * harness/core/explore.c. Programs built by make (sched.mk):
 * build/sched/counter-bad, build/sched/transfer-bad. RACELAB_BUILD
 * overrides "build".
 */
#include "explore.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *sched_bin(const char *name, char *buf, size_t len)
{
	const char *b = getenv("RACELAB_BUILD");

	snprintf(buf, len, "%s/sched/%s", b ? b : "build", name);
	return buf;
}

static void run(const char *name, char *const *args, unsigned long long seed,
		long runs, const char *schedule, struct rl_explore_result *r)
{
	char path[512];
	struct rl_explore_opts o = {
	    .binary = sched_bin(name, path, sizeof(path)),
	    .argv = args,
	    .runs = runs,
	    .seed = seed,
	    .schedule = schedule,
	    .replay_prefix = "racelab replay X",
	};

	ck_assert_msg(rl_explore(&o, r) == 0, "cannot run %s: %s", o.binary,
		      r->note ? r->note : "?");
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
		run(name, args, r.seed, 1, NULL, &byseed);
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

static Suite *suite(void)
{
	Suite *s = suite_create("shrink");
	TCase *tc = testlib_tcase("shrink");

	tcase_add_test(tc, counter_lost_update);
	tcase_add_test(tc, transfer_abba);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
