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
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const lab_names[] = {"rwlock", "pool", "condvar", "once"};
#define NLABS 4

static char *tmpdir;

static const char *build_dir(void)
{
	const char *b = getenv("RACELAB_BUILD");

	return b && *b ? b : "build";
}

static void setup(void)
{
	char tmpl[] = "/tmp/check_labfixes2.XXXXXX";

	tmpdir = rl_xstrdup(mkdtemp(tmpl));
	ck_assert_ptr_nonnull(tmpdir);
	/* the sandbox user must be able to pass through it */
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);
}

static void teardown(void)
{
	rl_tmpdir_remove(tmpdir);
}

/* racelab grade ARGS... (NULL-terminated); the finished process. */
static struct rl_proc racelab_grade(char *const *args)
{
	char *argv[16] = {rl_xasprintf("%s/racelab", build_dir()), "grade"};
	char *env[] = {"NO_COLOR=1", rl_xasprintf("TMPDIR=%s", tmpdir), NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 180};
	int n = 2;

	for (; args[n - 2] != NULL && n < 15; n++)
		argv[n] = args[n - 2];
	argv[n] = NULL;
	ck_assert_int_eq(rl_proc_run(&p), 0);
	free(argv[0]);
	free(env[1]);
	return p;
}

/* The line of out that reports check, or NULL. */
static const char *result_line(const char *out, const char *check)
{
	for (const char *p = out; p != NULL && *p; p = strchr(p, '\n')) {
		char st[8], name[64];

		if (*p == '\n')
			p++;
		if (sscanf(p, "%7s %*s %63s", st, name) == 2 &&
		    strcmp(name, check) == 0 &&
		    (strcmp(st, "PASS") == 0 || strcmp(st, "FAIL") == 0))
			return p;
	}
	return NULL;
}

/* The GRADE: lines of a submission, "loses X" or "full", one per entry
 * (malloc'd, NULL-terminated). */
static char **grade_lines(const char *path)
{
	char *text = rl_read_file(path, NULL), *save = NULL, **v = NULL;
	size_t n = 0;

	ck_assert_msg(text != NULL, "cannot read %s", path);
	for (char *l = strtok_r(text, "\n", &save); l != NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		char *g = strstr(l, "GRADE: ");

		if (g == NULL)
			continue;
		v = rl_xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = rl_xstrdup(g + 7);
		v[n] = NULL;
	}
	free(text);
	ck_assert_msg(n > 0, "%s states no GRADE: line", path);
	return v;
}

/* tests/grade/LAB-*.c, sorted (malloc'd paths, NULL-terminated). */
static char **submissions(const char *lab)
{
	DIR *d = opendir("tests/grade");
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, len = strlen(lab);

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		size_t k = strlen(e->d_name);

		if (strncmp(e->d_name, lab, len) != 0 ||
		    e->d_name[len] != '-' || k < 3 ||
		    strcmp(e->d_name + k - 2, ".c") != 0)
			continue;
		v = rl_xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = rl_xasprintf("tests/grade/%s", e->d_name);
		v[n] = NULL;
	}
	closedir(d);
	for (size_t i = 0; i + 1 < n; i++) /* few: a plain sort */
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(v[i], v[j]) > 0) {
				char *t = v[i];

				v[i] = v[j];
				v[j] = t;
			}
	return v;
}

static void free_list(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* file loses check: it FAILS, the exit status says below full marks. */
static void assert_loses(const char *lab, const char *file, const char *check)
{
	struct rl_proc p =
	    racelab_grade((char *[]){(char *)lab, (char *)file, "--only",
				     (char *)check, "--timeout", "3", NULL});
	const char *line = result_line(p.out, check);

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
	if (strcmp(check, "perf") == 0)
		ck_assert_msg(strstr(p.out, "  reference ") &&
				  strstr(p.out, "over the budget"),
			      "%s: no perf evidence", file);
	rl_proc_free(&p);
}

/* Every wrong fix of a lab loses the checks its header names. */
START_TEST(wrong_fixes_lose)
{
	char **files = submissions(lab_names[_i]);
	int n = 0;

	for (size_t i = 0; files[i] != NULL; i++) {
		char **g = grade_lines(files[i]);

		for (size_t k = 0; g[k] != NULL; k++)
			if (strncmp(g[k], "loses ", 6) == 0) {
				assert_loses(lab_names[_i], files[i], g[k] + 6);
				n++;
			}
		free_list(g);
	}
	ck_assert_msg(n >= 4, "%s: only %d wrong fixes", lab_names[_i], n);
	free_list(files);
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
	char **files = submissions(lab_names[_i]);
	char *dir = rl_xasprintf("%s/%s", tmpdir, lab_names[_i]);
	struct rl_proc p;
	int n = 0;

	ck_assert_int_eq(mkdir(dir, 0755), 0);
	for (size_t i = 0; files[i] != NULL; i++) {
		char **g = grade_lines(files[i]);

		if (strcmp(g[0], "full") == 0) {
			char *abs = realpath(files[i], NULL);
			char *to = rl_xasprintf("%s/%s", dir,
						strrchr(files[i], '/') + 1);

			ck_assert_int_eq(symlink(abs, to), 0);
			free(abs);
			free(to);
			n++;
		}
		free_list(g);
	}
	ck_assert_msg(n >= 2, "%s: only %d unusual fixes", lab_names[_i], n);
	p = racelab_grade(
	    (char *[]){(char *)lab_names[_i], dir, "--jobs", "2", NULL});
	if (p.status != 0)
		fprintf(stderr, "%s%s", p.out, p.err);
	ck_assert_int_eq(p.status, 0);
	ck_assert_int_eq(csv_full_rows(p.out), n);
	rl_proc_free(&p);
	free(dir);
	free_list(files);
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
	struct rl_proc p = racelab_grade(
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
	suite_add_tcase(s, tc);
	tc = testlib_tcase("table");
	tcase_add_test(tc, table_settings);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
