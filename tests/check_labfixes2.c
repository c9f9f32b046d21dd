/*
 * check_labfixes2.c - the fixes a student would plausibly write for the
 * rwlock, pool, condvar and once labs, graded as a course would, and the
 * grader features they need: spurious wakeups in the sched checks (a wait
 * guarded by `if` fails a named check on every run), the performance
 * budget (perf: a ratio against good/ measured in the same grading), and
 * the stress check's watchdog seeing through the sandbox.
 *
 * The submissions are tests/grade/{rwlock,pool,condvar,once}-*.c; each
 * states its expected grade in its header comment:
 *   GRADE: loses CHECK    that check FAILS (so the score is below full)
 *   GRADE: full           every check PASSES: Score 100/100
 * A wrong fix runs only the check that must catch it (--only); the correct
 * ones get a full grade, a lab's files at once (racelab grade CASE DIR
 * --jobs 2). Runs build/racelab (RACELAB_BUILD overrides the folder) with
 * TMPDIR set to a private folder.
 */
#include "grade.h"
#include "testlib.h"
#include "gradelib.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const lab_names[] = {"rwlock", "pool", "condvar", "once"};
#define NLABS 4

static void setup(void)
{
	gradelib_make_tmpdir("check_labfixes2");
}

/* Nothing of any grading is left in TMPDIR (the reference's private
 * folder included): only the folders of links the tests made. */
static void teardown(void)
{
	DIR *d = opendir(gradelib_tmpdir);
	struct dirent *e;
	int left = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		bool ours = e->d_name[0] == '.';

		for (int i = 0; i < NLABS; i++)
			ours = ours || strcmp(e->d_name, lab_names[i]) == 0;
		if (!ours) {
			fprintf(stderr, "left behind: %s/%s\n", gradelib_tmpdir,
				e->d_name);
			left++;
		}
	}
	closedir(d);
	rl_tmpdir_remove(gradelib_tmpdir);
	ck_assert_int_eq(left, 0);
}

/* file loses check: it FAILS, the exit status says below full marks. A
 * short time-out makes a hang fail fast; perf's runs stop at its budget. */
static void assert_loses(const char *lab, const char *file, const char *check)
{
	bool perf = strcmp(check, "perf") == 0;
	struct rl_proc p = gradelib_grade((char *[]){
	    (char *)lab, (char *)file, "--only", (char *)check, "--timeout",
	    (char *)gradelib_timeout(perf ? 30 : 3), NULL});
	const char *line = gradelib_result_line(p.out, check);

	if (p.status != 1 || line == NULL || strncmp(line, "FAIL", 4) != 0)
		fprintf(stderr, "%s%s", p.out, p.err);
	ck_assert_msg(p.status == 1 && line != NULL &&
			  strncmp(line, "FAIL", 4) == 0,
		      "%s does not lose %s (exit %d)", file, check, p.status);
	/* the sched checks inject spurious wakeups: the replay command
	 * carries them (the good/ variants pass the same checks) */
	if (strncmp(check, "sched", 5) == 0)
		ck_assert_msg(strstr(p.out, "--spurious 2") != NULL,
			      "%s: the replay command lacks --spurious", file);
	if (perf)
		ck_assert_msg(strstr(p.out, "  reference ") &&
				  strstr(p.out, "over the budget"),
			      "%s: no perf evidence", file);
	rl_proc_free(&p);
}

/* Every wrong fix of a lab loses the checks its header names. */
START_TEST(wrong_fixes_lose)
{
	char **files = gradelib_submissions(lab_names[_i]);
	int n = 0;

	for (size_t i = 0; files[i] != NULL; i++) {
		char **g = gradelib_grade_lines(files[i]);

		for (size_t k = 0; g[k] != NULL; k++)
			if (strncmp(g[k], "loses ", 6) == 0) {
				assert_loses(lab_names[_i], files[i], g[k] + 6);
				n++;
			}
		gradelib_free_list(g);
	}
	ck_assert_msg(n >= 4, "%s: only %d wrong fixes", lab_names[_i], n);
	gradelib_free_list(files);
}
END_TEST

/* How many rows of a grading CSV (after its header) are at full marks;
 * -1 if any is not. */
static int csv_full_rows(const char *csv)
{
	char *copy = rl_xstrdup(csv), *save = NULL;
	int n = 0;

	for (char *l = strtok_r(copy, "\n", &save); l != NULL && n >= 0;
	     l = strtok_r(NULL, "\n", &save)) {
		if (strncmp(l, "file,", 5) == 0)
			continue;
		if (strstr(l, ",100,100,full,") == NULL) {
			fprintf(stderr, "not full marks: %s\n", l);
			n = -1;
		} else {
			n++;
		}
	}
	free(copy);
	return n;
}

/* Every correct but unusual fix of a lab scores full marks: graded
 * together, two at a time (racelab grade LAB DIR --jobs 2, CSV). */
START_TEST(unusual_fixes_full)
{
	char **files = gradelib_submissions(lab_names[_i]);
	char *dir = rl_xasprintf("%s/%s", gradelib_tmpdir, lab_names[_i]);
	struct rl_proc p;
	int n = 0;

	ck_assert_int_eq(mkdir(dir, 0755), 0);
	for (size_t i = 0; files[i] != NULL; i++) {
		char **g = gradelib_grade_lines(files[i]);

		if (strcmp(g[0], "full") == 0) {
			/* a copy: racelab grade does not follow links */
			size_t len;
			char *text = rl_read_file(files[i], &len);
			char *to = rl_xasprintf("%s/%s", dir,
						strrchr(files[i], '/') + 1);
			FILE *f = fopen(to, "w");

			ck_assert_ptr_nonnull(text);
			ck_assert_ptr_nonnull(f);
			ck_assert_uint_eq(fwrite(text, 1, len, f), len);
			ck_assert_int_eq(fclose(f), 0);
			free(text);
			free(to);
			n++;
		}
		gradelib_free_list(g);
	}
	ck_assert_msg(n >= 2, "%s: only %d unusual fixes", lab_names[_i], n);
	p = gradelib_grade(
	    (char *[]){(char *)lab_names[_i], dir, "--jobs", "2", NULL});
	if (p.status != 0)
		fprintf(stderr, "%s%s", p.out, p.err);
	ck_assert_int_eq(p.status, 0);
	ck_assert_int_eq(csv_full_rows(p.out), n);
	rl_proc_free(&p);
	free(dir);
	gradelib_free_list(files);
}
END_TEST

/* ------------------------------------------------------------ watchdog */

/* The stress check's watchdog explains the submission's own threads, also
 * inside the sandbox (where the process racelab starts is bwrap): the
 * ABBA deadlock of bad/transfer.c is called as a waits-for cycle between
 * the driver's threads, in account_transfer, within a second - not found
 * out by the time-out. */
START_TEST(watchdog_sees_the_program)
{
	struct rl_proc p = gradelib_grade(
	    (char *[]){"transfer", "bad/transfer.c", "--only", "stress", NULL});

	if (strstr(p.out, "waits-for cycle") == NULL)
		fprintf(stderr, "%s%s", p.out, p.err);
	ck_assert_int_eq(p.status, 1);
	ck_assert_msg(strstr(p.out, "waits-for cycle") &&
			  strstr(p.out, "in account_transfer()") &&
			  strstr(p.out, "held by T") &&
			  strstr(p.out, "deadlock: the watchdog caught"),
		      "no cycle of the program's threads");
	ck_assert_ptr_null(strstr(p.out, "did not finish within"));
	rl_proc_free(&p);
}
END_TEST

/* A perf run stopped by the check's time-out, below the budget, has not
 * shown that it fits the budget: it FAILS (it counted as the time-out's
 * length, which is under the budget, and passed). condvar-poll.c takes
 * seconds; the budget is at least 10 x 0.1 s. */
START_TEST(perf_stopped_run_fails)
{
	struct rl_proc p = gradelib_grade(
	    (char *[]){"condvar", "tests/grade/condvar-poll.c", "--only",
		       "perf", "--timeout", "1", NULL});
	const char *line = gradelib_result_line(p.out, "perf");

	if (p.status != 1)
		fprintf(stderr, "%s%s", p.out, p.err);
	ck_assert_int_eq(p.status, 1);
	ck_assert(line != NULL && strncmp(line, "FAIL", 4) == 0);
	ck_assert_ptr_nonnull(strstr(p.out, "no run finished within"));
	ck_assert_ptr_nonnull(strstr(p.out, "submission stopped at"));
	rl_proc_free(&p);
}
END_TEST

/* ------------------------------------------------------------ table */

/* spurious=N and perf's ratio= in the grade table: read, bounded, and a
 * perf check without a budget is an error naming the line. */
START_TEST(table_settings)
{
	struct rl_gtable t;
	char *err = NULL;

	ck_assert_int_eq(
	    rl_gtable_parse(&t, "x",
			    "a 5 sched spurious=3 -- -t 2 : p\n"
			    "b 5 perf ratio=10 runs=3 -- -i 9 : q\n",
			    &err),
	    0);
	ck_assert_int_eq(t.checks[0].spurious, 3);
	ck_assert_int_eq(t.checks[1].kind, RLG_PERF);
	ck_assert(t.checks[1].ratio == 10);
	ck_assert_str_eq(t.checks[1].args[1], "9");
	rl_gtable_free(&t);
	ck_assert_int_eq(rl_gtable_parse(&t, "x", "b 5 perf : q\n", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "line 1: a perf check needs ratio"));
	free(err);
	rl_gtable_free(&t);
	ck_assert_int_eq(
	    rl_gtable_parse(&t, "x", "a 5 sched spurious=0 : p\n", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "spurious=0"));
	free(err);
	rl_gtable_free(&t);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("lab fixes: rwlock, pool, condvar, once");
	TCase *tc = testlib_tcase("fixes");

	tcase_set_timeout(tc, 240);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, wrong_fixes_lose, 0, NLABS);
	tcase_add_loop_test(tc, unusual_fixes_full, 0, NLABS);
	tcase_add_test(tc, watchdog_sees_the_program);
	tcase_add_test(tc, perf_stopped_run_fails);
	suite_add_tcase(s, tc);
	tc = testlib_tcase("table");
	tcase_add_test(tc, table_settings);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
