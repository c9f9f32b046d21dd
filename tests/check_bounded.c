/*
 * check_bounded.c - the search strategies beyond the plain random walk:
 * exhaustive enumeration within a preemption bound (counts checked
 * against a hand count), a replayed prefix continued by the default
 * choice, PCT past spin-waits that yield, and the portfolio default
 * finding what the random walk misses and rwlock's torn read within 100.
 *
 * Room: tests/, owned with harness/sched (rs_bounded.c, rs_strategy.c)
 * and harness/core/explore.c. The programs are built by make
 * (harness/sched/sched.mk lists them as this suite's prerequisites):
 * build/sched/fixtures/{bounded_count,reorder},
 * build/sched/{counter,rwlock}-{bad,good}, the good variants of
 * fast_good below and build/racelab. RACELAB_BUILD overrides "build".
 */
#include "explore.h"
#include "proc.h"
#include "schedlib.h"
#include "testlib.h"

#include "../harness/sched/sched_exit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *const counter_args[] = {"-t", "2", "-i", "2", NULL};
static char *const rwlock_args[] = {"-t", "2", "-i", "2", NULL};

static void explore(const char *name, char *const *args,
		    struct rl_explore_opts *o, struct rl_explore_result *r)
{
	char path[512];

	o->binary = schedlib_bin(name, path, sizeof(path));
	o->argv = args;
	/* a budget that never decides: the counts below must not depend on
	 * the machine's load (idle, each enumeration takes a second or two) */
	if (o->timeout <= 0)
		o->timeout = 900;
	o->replay_prefix = "racelab replay X";
	schedlib_explore(o, r);
}

/* Every schedule of bounded_count M T with at most p preemptions. */
static long count_schedules(const char *m, const char *t, long p)
{
	char *const args[] = {(char *)m, (char *)t, NULL};
	struct rl_explore_opts o = {.exhaustive = true, .preemptions = p};
	struct rl_explore_result r;
	long n;

	explore("fixtures/bounded_count", args, &o, &r);
	ck_assert_msg(r.kind == NULL, "failed: %s", r.kind);
	ck_assert_msg(r.exhausted, "not exhausted: %s", r.text);
	ck_assert_ptr_nonnull(strstr(r.text, "exhaustive)"));
	n = r.schedules;
	rl_explore_result_free(&r);
	return n;
}

/*
 * bounded_count M T: once pthread_create has returned, main has A = M + 2
 * steps to order against the worker's (its M stores, its pthread_join
 * call, and the step that ends pthread_create), the worker B = T + 2 (its
 * start, its T stores, its end); main goes first, and a thread that ends or
 * blocks (main in the join) hands on for free. A schedule is a merge of
 * the two sequences; it costs one preemption each time it leaves a thread
 * that has steps left and could go on:
 *   0 preemptions: main's A steps, then the worker's B: 1 schedule;
 *   1: main stops before one of its A steps (A ways), the worker runs to
 *      its end, main finishes: A schedules;
 *   2: main stops before step i (A ways), the worker runs j of its B steps,
 *      1 <= j < B (B - 1 ways), main finishes, then the worker: A(B - 1);
 *   3: main M^a W^j M^c W^(rest) M^(rest), a >= 0, c >= 1, a + c < A
 *      (C(A, 2) ways), 1 <= j < B: C(A, 2)(B - 1) ...
 *   and all merges together: C(A + B, A).
 * M = T = 1 (A = B = 3): 1, 1 + 3 = 4, 4 + 3*2 = 10, 10 + 3*2 = 16, and
 * C(6, 3) = 20 with no bound that binds (6 preemptions are more than a
 * merge of two 3-step sequences can have).
 * M = 2, T = 1 (A = 4, B = 3): <= 2 preemptions: 1 + 4 + 4*2 = 13; all:
 * C(7, 3) = 35.
 */
START_TEST(exhaustive_counts_by_hand)
{
	ck_assert_int_eq(count_schedules("1", "1", 0), 1);
	ck_assert_int_eq(count_schedules("1", "1", 1), 4);
	ck_assert_int_eq(count_schedules("1", "1", 2), 10);
	ck_assert_int_eq(count_schedules("1", "1", 3), 16);
	ck_assert_int_eq(count_schedules("1", "1", 6), 20);
	ck_assert_int_eq(count_schedules("2", "1", 2), 13);
	ck_assert_int_eq(count_schedules("2", "1", 7), 35);
}
END_TEST

/* The good counter has no failing schedule within 2 preemptions, and
 * says so; the bad one's is found, and replays from its string. */
START_TEST(exhaustive_counter_twins)
{
	struct rl_explore_opts o = {.exhaustive = true, .preemptions = 2};
	struct rl_explore_opts again = {.schedule = NULL};
	struct rl_explore_result r, a;

	explore("counter-good", counter_args, &o, &r);
	ck_assert_msg(r.kind == NULL && r.exhausted, "%s", r.text);
	ck_assert_ptr_nonnull(
	    strstr(r.text, "no failing schedule with \u2264 2 preemptions ("));
	ck_assert_int_gt(r.schedules, 100);
	rl_explore_result_free(&r);

	explore("counter-bad", counter_args, &o, &r);
	ck_assert_ptr_nonnull(r.kind);
	ck_assert_str_eq(r.kind, "invariant");
	ck_assert_ptr_nonnull(r.schedule);
	ck_assert_ptr_nonnull(strstr(r.replay, " --schedule "));
	again.schedule = r.schedule;
	explore("counter-bad", counter_args, &again, &a);
	ck_assert_ptr_nonnull(a.kind);
	ck_assert_str_eq(a.kind, "invariant");
	ck_assert_str_eq(a.trace, r.trace);
	rl_explore_result_free(&a);
	rl_explore_result_free(&r);
}
END_TEST

/* A bound too small for the bug: with no preemption each worker's
 * increments run without a break, so every schedule within it passes (the
 * free switches, when main blocks in a join, still branch). */
START_TEST(exhaustive_zero_preemptions_is_one_schedule)
{
	struct rl_explore_opts o = {.exhaustive = true, .preemptions = 0};
	struct rl_explore_result r;

	explore("counter-bad", counter_args, &o, &r);
	ck_assert_msg(r.kind == NULL && r.exhausted, "%s", r.text);
	ck_assert_int_ge(r.schedules, 1);
	ck_assert_int_lt(r.schedules, 10);
	rl_explore_result_free(&r);
}
END_TEST

/* RACELAB_SCHED prefix=1: a schedule string that ends early is continued
 * by the default choice instead of diverging. */
START_TEST(prefix_then_default)
{
	char path[512];
	char *argv[] = {schedlib_bin("counter-bad", path, sizeof(path)),
			"-t",
			"2",
			"-i",
			"2",
			NULL};
	char *with[] = {"RACELAB_SCHED=prefix=1", "RACELAB_SCHED_REPLAY=1",
			NULL};
	char *without[] = {"RACELAB_SCHED_REPLAY=1", NULL};
	struct rl_proc p = {.argv = argv, .env_add = with, .timeout_s = 10};

	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_int_eq(p.status, 0);
	rl_proc_free(&p);
	memset(&p, 0, sizeof(p));
	p.argv = argv;
	p.env_add = without;
	p.timeout_s = 10;
	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_int_eq(p.status, RS_EXIT_DIVERGED);
	rl_proc_free(&p);
}
END_TEST

/* rwlock's driver spin-waits with sched_yield: PCT found nothing in 1000
 * schedules from any of 20 seed bases while spinning ate its change
 * points. A yield now drops the yielder's priority. */
START_TEST(pct_past_yielding_spin_waits)
{
	struct rl_explore_opts o = {
	    .runs = 1000, .seed = 1, .strategy = "pct", .depth = 3};
	struct rl_explore_result r;

	explore("rwlock-bad", rwlock_args, &o, &r);
	ck_assert_msg(r.kind != NULL, "nothing in %ld schedules", r.schedules);
	ck_assert_str_eq(r.kind, "invariant");
	rl_explore_result_free(&r);
}
END_TEST

/* rwlock's torn read needs its writer held back for the reader's first
 * steps and then its whole wrlock run between the reader's unlock and
 * its count. The default of random walk and PCT d=3 needed 351, 579 and
 * 419 schedules from these seed bases; with POS in the portfolio it
 * needs 12, 52 and 20 (schedules are deterministic: no luck). */
static const unsigned long long rwlock_bases[] = {200001, 400001, 1700001};

START_TEST(portfolio_finds_rwlock_within_100)
{
	struct rl_explore_opts o = {.runs = 100, .seed = rwlock_bases[_i]};
	struct rl_explore_result r;

	explore("rwlock-bad", rwlock_args, &o, &r);
	ck_assert_msg(r.kind != NULL, "from %llu: nothing in %ld schedules",
		      rwlock_bases[_i], r.schedules);
	ck_assert_str_eq(r.kind, "invariant");
	rl_explore_result_free(&r);
}
END_TEST

/* reorder 10: from seed 1 the random walk finds nothing in 3000
 * schedules; the portfolio does (its 168th schedule, POS from seed 84;
 * its PCT turns found it at the 1308th before POS joined), and its
 * replay names the shrunk schedule string. */
START_TEST(portfolio_finds_what_random_misses)
{
	char *const args[] = {"10", NULL};
	struct rl_explore_opts rnd = {
	    .runs = 3000, .seed = 1, .strategy = "random"};
	struct rl_explore_opts port = {.runs = 3000, .seed = 1};
	struct rl_explore_result r;

	explore("fixtures/reorder", args, &rnd, &r);
	ck_assert_msg(r.kind == NULL, "random walk found it: %s", r.text);
	rl_explore_result_free(&r);
	explore("fixtures/reorder", args, &port, &r);
	ck_assert_msg(r.kind != NULL, "portfolio: nothing in %ld", r.schedules);
	ck_assert_str_eq(r.kind, "invariant");
	ck_assert_int_eq(r.schedules, 168);
	ck_assert(r.pos);
	ck_assert_ptr_nonnull(strstr(r.replay, " --schedule "));
	rl_explore_result_free(&r);
}
END_TEST

/* A good variant whose enumeration within 2 preemptions ends in about 2 s
 * or less idle and that the matrix's bounded row does not run (atomic,
 * condvar, counter and pool are rows there, with smaller workloads;
 * docs/sched.md): racelab explore --exhaustive says so, with the case's
 * own sched driver args. */
static const char *const fast_good[] = {"transfer"};

START_TEST(exhaustive_fast_good_variants)
{
	const char *b = getenv("RACELAB_BUILD");
	char racelab[512];
	char *argv[] = {racelab,	 "explore", (char *)fast_good[_i],
			"--variant",	 "good",    "--exhaustive",
			"--preemptions", "2",	    "--timeout",
			"900", /* never the budget: no verdict by load */
			"--json",	 NULL};
	struct rl_proc p = {.argv = argv, .timeout_s = 960};

	snprintf(racelab, sizeof(racelab), "%s/racelab", b ? b : "build");
	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_msg(p.status == 0, "%s: exit %d", fast_good[_i], p.status);
	ck_assert_ptr_nonnull(p.out);
	ck_assert_msg(strstr(p.out, "\"exhausted\":true") != NULL &&
			  strstr(p.out, "\"outcome\":\"clean\"") != NULL,
		      "%s: %.300s", fast_good[_i], p.out);
	rl_proc_free(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("bounded");
	TCase *tc = testlib_tcase("bounded");

	tcase_add_test(tc, exhaustive_counts_by_hand);
	tcase_add_test(tc, exhaustive_counter_twins);
	tcase_add_test(tc, exhaustive_zero_preemptions_is_one_schedule);
	tcase_add_test(tc, prefix_then_default);
	tcase_add_test(tc, pct_past_yielding_spin_waits);
	tcase_add_test(tc, portfolio_finds_what_random_misses);
	tcase_add_loop_test(tc, portfolio_finds_rwlock_within_100, 0,
			    sizeof(rwlock_bases) / sizeof(rwlock_bases[0]));
	tcase_add_loop_test(tc, exhaustive_fast_good_variants, 0,
			    sizeof(fast_good) / sizeof(fast_good[0]));
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
