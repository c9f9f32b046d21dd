/*
 * check_watchdog.c - the native watchdog's rule for calling a deadlock
 * (harness/core/watchdog.h): a waits-for cycle is called at once; an
 * all-blocked state with no cycle only after the quiet period.
 *
 * Runs build/fixtures/abba_native (tests/fixtures/deadlock/abba_native.c)
 * under rl_watchdog_run, as tests/check_transfer.c does for the report.
 */
#include "proc.h"
#include "testlib.h"
#include "watchdog.h"

#include <stdio.h>
#include <string.h>

static void watch(const char *mode, struct rl_watchdog *w, struct rl_proc *p)
{
	const char *b = getenv("RACELAB_BUILD");
	static char path[512];
	static char *argv[3];

	snprintf(path, sizeof(path), "%s/fixtures/abba_native",
		 b ? b : "build");
	argv[0] = path;
	argv[1] = (char *)mode;
	argv[2] = NULL;
	memset(p, 0, sizeof(*p));
	p->argv = argv;
	p->timeout_s = 10;
	rl_watchdog_init(w);
	ck_assert_int_eq(rl_watchdog_run(w, p), 0);
}

/* A lost wakeup has no cycle: it is called, but not before the quiet
 * period has passed with the state unchanged. */
START_TEST(no_cycle_waits_for_the_quiet_period)
{
	struct rl_watchdog w;
	struct rl_proc p;

	watch("lost", &w, &p);
	ck_assert_msg(w.caught, "not caught; note %s", w.note ? w.note : "-");
	ck_assert_int_eq(w.ncycle, 0);
	ck_assert_msg(w.stuck_s >= w.quiet_s, "called after %.2f s < %.2f s",
		      w.stuck_s, w.quiet_s);
	ck_assert(strstr(w.report, "quiet period") != NULL);
	rl_watchdog_free(&w);
	rl_proc_free(&p);
}
END_TEST

/* A cycle is proof: called after the samples, long before the quiet
 * period (the 1 s bound the rule promises). */
START_TEST(cycle_is_called_at_once)
{
	struct rl_watchdog w;
	struct rl_proc p;

	watch("", &w, &p);
	ck_assert(w.caught);
	ck_assert_int_eq(w.ncycle, 2);
	ck_assert_msg(w.stuck_s < w.quiet_s, "cycle called after %.2f s",
		      w.stuck_s);
	rl_watchdog_free(&w);
	rl_proc_free(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("watchdog");
	TCase *tc = testlib_tcase("rule");

	tcase_add_test(tc, no_cycle_waits_for_the_quiet_period);
	tcase_add_test(tc, cycle_is_called_at_once);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
