/*
 * check_core.c - the harness's own machinery: expect-file parsing, the
 * judge's verdict rules, and the process runner's bounds (a hung child is
 * killed with its whole process group; a missing program is an error).
 */
#include "cases.h"
#include "judge.h"
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *sample =
    "# comment\n"
    "title a counter\n"
    "args * -t 2 -i 10\n"
    "args sched -t 2 -i 2\n"
    "runs native 7\n"
    "bad tsan report \"data race\" counter_increment bad/counter.c\n"
    "good helgrind false-positive Race : Helgrind does not model C11\n"
    "good tsan clean   # trailing comment\n";

static struct rl_case parsed(const char *text, int *rc, char **err)
{
	struct rl_case c = {.expect_path = rl_xstrdup("t/expect")};

	*err = NULL;
	*rc = rl_case_parse(&c, text, err);
	return c;
}

START_TEST(expect_parses_rules_and_settings)
{
	char *err;
	int rc;
	struct rl_case c = parsed(sample, &rc, &err);
	const struct rl_expect *e;

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(c.title, "a counter");
	ck_assert_uint_eq(c.nrules, 3);
	e = rl_case_expect(&c, "bad", "tsan");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->verdict, RLV_REPORT);
	ck_assert_str_eq(e->kind, "data race");
	ck_assert_str_eq(e->function, "counter_increment");
	ck_assert_str_eq(e->file, "bad/counter.c");
	e = rl_case_expect(&c, "good", "helgrind");
	ck_assert_str_eq(e->reason, "Helgrind does not model C11");
	ck_assert_ptr_null(rl_case_expect(&c, "bad", "drd"));
	ck_assert_str_eq(rl_case_args(&c, "sched")[3], "2");
	ck_assert_str_eq(rl_case_args(&c, "tsan")[3], "10"); /* from "*" */
	ck_assert_int_eq(rl_case_runs(&c, "native", 1), 7);
	ck_assert_int_eq(rl_case_runs(&c, "tsan", 1), 1);
	rl_case_free(&c);
}
END_TEST

START_TEST(expect_errors_name_file_and_line)
{
	char *err;
	int rc;
	struct rl_case c = parsed("title x\n\nbad tsan sometimes\n", &rc, &err);

	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(err, "t/expect:3"));
	free(err);
	rl_case_free(&c);
	c = parsed("good helgrind false-positive Race\n", &rc, &err);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(err, "reason"));
	free(err);
	rl_case_free(&c);
	c = parsed("runs native lots\n", &rc, &err);
	ck_assert_int_eq(rc, -1);
	free(err);
	rl_case_free(&c);
}
END_TEST

/* A finding with one access whose first own frame is fn in file. */
static void one_finding(struct rl_obs *o, const char *kind, const char *fn,
			const char *file)
{
	struct rl_finding *f = rl_xcalloc(1, sizeof(*f));
	struct rl_access *a = rl_xcalloc(1, sizeof(*a));
	struct rl_frame *fr = rl_xcalloc(2, sizeof(*fr));

	fr[0] = (struct rl_frame){rl_xstrdup("pthread_mutex_lock"),
				  rl_xstrdup("/usr/lib/x.c"), 1};
	fr[1] = (struct rl_frame){rl_xstrdup(fn), rl_xstrdup(file), 42};
	a->frames = fr;
	a->nframes = 2;
	f->kind = rl_xstrdup(kind);
	f->accesses = a;
	f->naccesses = 1;
	o->rep.findings = f;
	o->rep.nfindings = 1;
}

START_TEST(judge_report_matches_kind_function_file)
{
	const struct rl_tool *tsan = rl_tool_find("tsan");
	struct rl_expect e = {.verdict = RLV_REPORT,
			      .kind = "data race",
			      .function = "counter_increment",
			      .file = "bad/counter.c"};
	struct rl_obs o = {.tool = tsan, .runs = 1, .runs_ok = 1};
	char *why;

	ck_assert_int_eq(rl_judge(&e, &o, &why), RL_FAIL); /* nothing seen */
	ck_assert_ptr_nonnull(strstr(why, "no findings"));
	free(why);
	one_finding(&o, "data race", "counter_increment", "/src/bad/counter.c");
	ck_assert_int_eq(rl_judge(&e, &o, &why), RL_PASS);
	e.file = "good/counter.c";
	ck_assert_int_eq(rl_judge(&e, &o, &why), RL_FAIL);
	free(why);
	e.file = "ad/counter.c"; /* suffixes match whole path parts only */
	ck_assert_int_eq(rl_judge(&e, &o, &why), RL_FAIL);
	free(why);
	e.verdict = RLV_CLEAN;
	ck_assert_int_eq(rl_judge(&e, &o, &why), RL_FAIL);
	ck_assert_ptr_nonnull(strstr(why, "data race in counter_increment"));
	free(why);
	rl_obs_free(&o);
}
END_TEST

START_TEST(judge_skip_is_never_a_pass)
{
	const struct rl_tool *vg = rl_tool_find("helgrind");
	struct rl_expect e = {.verdict = RLV_CLEAN};
	struct rl_obs o = {.tool = vg, .skipped = true};
	char *why;

	ck_assert_int_eq(rl_judge(&e, &o, &why), RL_SKIP);
	free(why);
	o.skipped = false;
	ck_assert_int_eq(rl_judge(NULL, &o, &why), RL_FAIL); /* undeclared */
	free(why);
}
END_TEST

START_TEST(judge_clean_needs_the_invariant)
{
	const struct rl_tool *native = rl_tool_find("native");
	struct rl_expect e = {.verdict = RLV_CLEAN};
	struct rl_obs o = {.tool = native, .runs = 5, .runs_ok = 4};
	char *why;

	ck_assert_int_eq(rl_judge(&e, &o, &why), RL_FAIL);
	ck_assert_ptr_nonnull(strstr(why, "1 of 5"));
	free(why);
	e.verdict = RLV_MAY_FAIL;
	ck_assert_int_eq(rl_judge(&e, &o, &why), RL_PASS);
}
END_TEST

START_TEST(proc_timeout_kills_the_group)
{
	/* The child's own child would outlive a plain kill(pid). */
	char *argv[] = {"sh", "-c", "sleep 60 & echo $! > \"$PIDFILE\"; wait",
			NULL};
	char pidfile[] = "/tmp/racelab-test-XXXXXX";
	int fd = mkstemp(pidfile);
	char *env[] = {rl_xasprintf("PIDFILE=%s", pidfile), NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 0.5};
	char *text;
	long grandchild;

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert(p.timed_out);
	ck_assert(p.seconds < 5);
	text = rl_read_file(pidfile, NULL);
	ck_assert(rl_parse_long(strtok(text, "\n"), 1, 1 << 30, &grandchild));
	usleep(100000);
	/* gone (ESRCH), or at most a zombie awaiting its reaper */
	if (kill((pid_t)grandchild, 0) == 0) {
		char *stat = rl_xasprintf("/proc/%ld/stat", grandchild);
		char *st = rl_read_file(stat, NULL);

		ck_assert(st == NULL || strstr(st, ") Z ") != NULL);
		free(st);
		free(stat);
	}
	unlink(pidfile);
	free(text);
	free(env[0]);
	rl_proc_free(&p);
}
END_TEST

START_TEST(proc_reports_exit_status_and_output)
{
	char *argv[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	struct rl_proc p = {.argv = argv, .timeout_s = 10};

	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_int_eq(p.status, 3);
	ck_assert_str_eq(p.out, "out\n");
	ck_assert_str_eq(p.err, "err\n");
	rl_proc_free(&p);
}
END_TEST

START_TEST(proc_missing_program_is_an_error)
{
	char *argv[] = {"/nonexistent/racelab-prog", NULL};
	struct rl_proc p = {.argv = argv, .timeout_s = 10};

	ck_assert_int_eq(rl_proc_run(&p), -1);
	ck_assert(p.exec_failed);
	rl_proc_free(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = testlib_tcase("expect");

	tcase_add_test(tc, expect_parses_rules_and_settings);
	tcase_add_test(tc, expect_errors_name_file_and_line);
	suite_add_tcase(s, tc);
	tc = testlib_tcase("judge");
	tcase_add_test(tc, judge_report_matches_kind_function_file);
	tcase_add_test(tc, judge_skip_is_never_a_pass);
	tcase_add_test(tc, judge_clean_needs_the_invariant);
	suite_add_tcase(s, tc);
	tc = testlib_tcase("proc");
	tcase_add_test(tc, proc_timeout_kills_the_group);
	tcase_add_test(tc, proc_reports_exit_status_and_output);
	tcase_add_test(tc, proc_missing_program_is_an_error);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
