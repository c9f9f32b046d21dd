/*
 * check_channel.c - how racelab reads the sched runtime's report channel
 * (harness/sched/sched_channel.h): a whole report is read as written, and
 * anything less (a truncated blob, an unknown record, a result without its
 * end) is unreadable, never half a verdict. Also the strings racelab
 * checks or builds around it: schedule strings, replay prefixes, shell
 * words.
 *
 * Room: tests/, owned with harness/core/schedrep.c and explore.c.
 */
#include "explore.h"
#include "schedrep.h"
#include "testlib.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char whole[] =
    "result kind=deadlock run=4 seed=0x2a steps=17 decisions=6 status=80 "
    "strategy=pct depth=2 k=11 bound=10000\n"
    "schedule 1x2.0.2\n"
    "headline 9\nDEADLOCK!\n"
    "text 12\nline1\nline2\n\n"
    "end\n"
    "done runs=5 stopped=fail\n";

static int parse(const char *s, struct rl_schedrep *r)
{
	return rl_schedrep_parse(s, strlen(s), r);
}

START_TEST(a_whole_report_is_read_as_written)
{
	struct rl_schedrep r;

	ck_assert_int_eq(parse(whole, &r), 0);
	ck_assert(r.has_result);
	ck_assert_str_eq(r.kind, "deadlock");
	ck_assert_int_eq(r.run, 4);
	ck_assert(r.seed == 0x2a);
	ck_assert_int_eq(r.status, 80);
	ck_assert_str_eq(r.strategy, "pct");
	ck_assert_int_eq(r.depth, 2);
	ck_assert_int_eq(r.k, 11);
	ck_assert_str_eq(r.schedule, "1x2.0.2");
	ck_assert_str_eq(r.headline, "DEADLOCK!");
	/* a blob keeps its own newlines, and its length is what counts */
	ck_assert_str_eq(r.text, "line1\nline2\n");
	ck_assert(r.has_done);
	ck_assert_int_eq(r.runs_done, 5);
	ck_assert_str_eq(r.stopped, "fail");
	rl_schedrep_free(&r);
}
END_TEST

START_TEST(a_full_64_bit_seed_survives)
{
	struct rl_schedrep r;

	ck_assert_int_eq(parse("result kind=pass run=0 seed=0xffffffffffffffff "
			       "steps=1 decisions=0 status=0 strategy=random\n"
			       "schedule -\ntext 0\n\nend\n",
			       &r),
			 0);
	ck_assert(r.seed == 0xffffffffffffffffULL);
	ck_assert_ptr_null(r.schedule);
	rl_schedrep_free(&r);
}
END_TEST

START_TEST(half_a_report_is_unreadable)
{
	static const char *const bad[] = {
	    /* no end */
	    "result kind=invariant run=0 seed=0x1 steps=1 decisions=1 "
	    "status=3 strategy=random\nschedule 1\n",
	    /* a blob longer than what arrived */
	    "result kind=invariant run=0 seed=0x1 steps=1 decisions=1 "
	    "status=3 strategy=random\ntext 400\nshort\nend\n",
	    /* a record nobody knows */
	    "result kind=invariant run=0 seed=0x1 steps=1 decisions=1 "
	    "status=3 strategy=random\nverdict pass\nend\n",
	    /* two results */
	    "result kind=pass run=0 seed=0x1 steps=1 decisions=1 status=0 "
	    "strategy=random\nend\nresult kind=deadlock run=0 seed=0x1 "
	    "steps=1 decisions=1 status=80 strategy=random\nend\n",
	    /* a field that is not key=value, a bad number */
	    "result kind=pass run=zero seed=0x1\nend\n",
	    "result kind=pass oops\nend\n",
	    "done runs=3 stopped=maybe\n",
	    "end\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rl_schedrep r;

		ck_assert_msg(parse(bad[i], &r) == -1, "read as whole: %s",
			      bad[i]);
		ck_assert_ptr_nonnull(r.error);
		rl_schedrep_free(&r);
	}
}
END_TEST

START_TEST(report_text_cannot_drive_the_terminal)
{
	struct rl_schedrep r;

	ck_assert_int_eq(parse("result kind=crash run=0 seed=0x1 steps=1 "
			       "decisions=0 status=81 strategy=random\n"
			       "schedule -\nheadline 6\nx\x1b[2Jy\n"
			       "text 3\na\tb\nend\n",
			       &r),
			 0);
	ck_assert_str_eq(r.headline, "x?[2Jy");
	ck_assert_str_eq(r.text, "a\tb");
	rl_schedrep_free(&r);
}
END_TEST

START_TEST(nothing_is_no_report)
{
	struct rl_schedrep r;

	ck_assert_int_eq(parse("", &r), 0);
	ck_assert(!r.has_result);
	ck_assert(!r.has_done);
	rl_schedrep_free(&r);
}
END_TEST

START_TEST(schedule_strings)
{
	ck_assert(rl_schedule_valid("0"));
	ck_assert(rl_schedule_valid("1x3.2.0x2"));
	ck_assert(rl_schedule_valid("12.7x100"));
	ck_assert(!rl_schedule_valid(""));
	ck_assert(!rl_schedule_valid(NULL));
	ck_assert(!rl_schedule_valid("1."));
	ck_assert(!rl_schedule_valid(".1"));
	ck_assert(!rl_schedule_valid("1x0"));
	ck_assert(!rl_schedule_valid("1x"));
	ck_assert(!rl_schedule_valid("a"));
	ck_assert(!rl_schedule_valid("1 2"));
	ck_assert(!rl_schedule_valid("-1"));
}
END_TEST

START_TEST(replay_prefix_reads_the_driver_getopt_forms)
{
	char *a1[] = {"-t", "2", "-i", "2", "-t3", "-i3", NULL};
	char *a2[] = {"-t", "4", NULL};
	char *p;

	/* the last one wins, as in the driver's getopt */
	p = rl_replay_prefix("counter", "bad", a1);
	ck_assert_str_eq(p, "racelab replay counter --variant bad --threads 3 "
			    "--iters 3");
	free(p);
	p = rl_replay_prefix("queue", "good", a2);
	ck_assert_str_eq(p, "racelab replay queue --variant good --threads 4");
	free(p);
}
END_TEST

START_TEST(shell_words)
{
	struct rl_buf b = {0};
	char *s;

	rl_buf_shell_word(&b, "plain/file.c");
	rl_buf_add(&b, " ", 1);
	rl_buf_shell_word(&b, "with space.c");
	rl_buf_add(&b, " ", 1);
	rl_buf_shell_word(&b, "it's");
	rl_buf_add(&b, " ", 1);
	rl_buf_shell_word(&b, "");
	s = rl_buf_take(&b);
	ck_assert_str_eq(s, "plain/file.c 'with space.c' 'it'\\''s' ''");
	free(s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("channel");
	TCase *tc = testlib_tcase("channel");

	tcase_add_test(tc, a_whole_report_is_read_as_written);
	tcase_add_test(tc, a_full_64_bit_seed_survives);
	tcase_add_test(tc, half_a_report_is_unreadable);
	tcase_add_test(tc, report_text_cannot_drive_the_terminal);
	tcase_add_test(tc, nothing_is_no_report);
	tcase_add_test(tc, schedule_strings);
	tcase_add_test(tc, replay_prefix_reads_the_driver_getopt_forms);
	tcase_add_test(tc, shell_words);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
