/*
 * check_labfixes.c - the fixes a student would plausibly write for the
 * counter, atomic, transfer, queue and lfqueue labs, graded as a course
 * would: each wrong fix loses the check written for its mistake, each
 * correct but unusual fix scores full marks. Also `--only A,B`, which makes
 * that affordable in make test.
 *
 * The submissions are tests/grade/CASE-WHAT.c; each carries its expected
 * grade in its first lines (the data beside the file, read here):
 *   // GRADE: loses CHECK    that check FAILS (so the score is below full)
 *   // GRADE: full           every check PASSES: Score 100/100
 * A wrong fix runs only the check that must catch it (`--only`); the
 * correct ones get a full grade, a case's files at once through
 * `racelab grade CASE DIR --jobs 2`. Runs build/racelab (RACELAB_BUILD
 * overrides the folder) with TMPDIR set to a private folder.
 */
#include "reap.h"
#include "testlib.h"
#include "gradelib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void setup(void)
{
	gradelib_make_tmpdir("check_labfixes");
}

static void teardown(void)
{
	rl_tmpdir_remove(gradelib_tmpdir);
}

/* ------------------------------------------------------------ --only */

/* --only takes a list: exactly those checks run, in the table's order, and
 * the score is theirs; a name the table lacks is a usage error. */
START_TEST(only_list)
{
	struct rl_proc p = gradelib_grade((char *[]){
	    "counter", "bad/counter.c", "--only", "tsan,create-zero", NULL});
	const char *a = strstr(p.out, " create-zero "),
		   *b = strstr(p.out, " tsan ");

	ck_assert_msg(p.status == 1, "exit %d\n%s%s", p.status, p.out, p.err);
	ck_assert(a != NULL && b != NULL && a < b);
	ck_assert_ptr_null(strstr(p.out, "sched-random"));
	ck_assert_ptr_nonnull(strstr(p.out, "Score: 10/25"));
	rl_proc_free(&p);
	p = gradelib_grade((char *[]){"counter", "bad/counter.c", "--only",
				     "create-zero,tsna", NULL});
	ck_assert_int_eq(p.status, 2);
	ck_assert_ptr_nonnull(strstr(p.err, "no check 'tsna'"));
	ck_assert_ptr_null(strstr(p.out, "Score"));
	rl_proc_free(&p);
}
END_TEST

/* ------------------------------------------------------------ the fixes */

static const char *const lab_names[] = {"counter", "atomic", "transfer",
					"queue", "lfqueue"};
#define NLABS	 (sizeof(lab_names) / sizeof(lab_names[0]))
#define MAXFIX	 16
#define PARALLEL 2 /* gradings at once: the machine's two cores */

struct fix {
	char *file;  /* tests/grade/CASE-WHAT.c */
	char *loses; /* the check it must fail, or NULL: full marks */
	int status;  /* racelab's exit status */
	char *out;   /* its stdout and stderr */
};

/* tests/grade/LAB-*.c in name order, each with the check it must lose
 * (its first GRADE: line), or NULL for full marks. */
static size_t list_fixes(const char *lab, struct fix *v)
{
	char **files = gradelib_submissions(lab);
	size_t n = 0;

	for (; files[n] != NULL; n++) {
		char **g = gradelib_grade_lines(files[n]);

		ck_assert_uint_lt(n, MAXFIX);
		v[n] = (struct fix){rl_xstrdup(files[n]), NULL, -1, NULL};
		if (strncmp(g[0], "loses ", 6) == 0)
			v[n].loses = rl_xstrdup(g[0] + 6);
		gradelib_free_list(g);
	}
	gradelib_free_list(files);
	return n;
}

/* Grade f in a child process that writes the outcome to path: a wrong
 * fix runs only its check, a correct one the whole table. */
static pid_t start(const char *lab, const struct fix *f, const char *path)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rl_proc p = gradelib_grade(
		    (char *[]){(char *)lab, f->file, f->loses ? "--only" : NULL,
			       f->loses, NULL});
		FILE *o = fopen(path, "w");

		if (o == NULL)
			_exit(1);
		fprintf(o, "%d\n%s%s", p.status, p.out ? p.out : "",
			p.err ? p.err : "");
		_exit(fclose(o) == 0 ? 0 : 1);
	}
	return pid;
}

/* Grade every fix, PARALLEL at a time; fill status and out. */
static void grade_all(const char *lab, struct fix *v, size_t n)
{
	char *path[MAXFIX];
	size_t next = 0, running = 0;
	int st;

	for (size_t i = 0; i < n; i++)
		path[i] = rl_xasprintf("%s/fix-%zu.txt", gradelib_tmpdir, i);
	while (next < n || running > 0) {
		if (next < n && running < PARALLEL) {
			start(lab, &v[next], path[next]);
			next++;
			running++;
			continue;
		}
		ck_assert_int_gt(wait(&st), 0);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		running--;
	}
	for (size_t i = 0; i < n; i++) {
		v[i].out = rl_read_file(path[i], NULL);
		ck_assert_ptr_nonnull(v[i].out);
		v[i].status = atoi(v[i].out);
		unlink(path[i]);
		free(path[i]);
	}
}

/* "Score: a/b" with a == b (and b > 0) in out. */
static bool full_marks(const char *out)
{
	const char *s = strstr(out, "Score: ");
	int a, b;

	return s != NULL && sscanf(s, "Score: %d/%d", &a, &b) == 2 && a == b &&
	       b > 0;
}

/* Every fix of the lab gets its grade: each wrong fix fails exactly the
 * check its GRADE: line names (so it is below full marks); each correct
 * one scores full marks. At least four of the one and two of the other
 * per lab. */
START_TEST(lab_fixes)
{
	struct fix v[MAXFIX];
	size_t n = list_fixes(lab_names[_i], v), wrong = 0, right = 0;

	grade_all(lab_names[_i], v, n);
	for (size_t i = 0; i < n; i++) {
		bool ok = v[i].loses != NULL
			      ? v[i].status == 1 &&
				    gradelib_has_result(v[i].out, "FAIL",
							v[i].loses)
			      : v[i].status == 0 && full_marks(v[i].out);

		ck_assert_msg(ok, "%s: want %s%s, got exit %d:\n%s", v[i].file,
			      v[i].loses ? "FAIL " : "full marks",
			      v[i].loses ? v[i].loses : "", v[i].status,
			      v[i].out);
		*(v[i].loses ? &wrong : &right) += 1;
		free(v[i].file);
		free(v[i].loses);
		free(v[i].out);
	}
	ck_assert_msg(
	    wrong >= 4 && right >= 2,
	    "%s: %zu wrong and %zu correct fixes (want >= 4 and >= 2)",
	    lab_names[_i], wrong, right);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("lab fixes");
	TCase *tc = testlib_tcase("only");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, only_list);
	suite_add_tcase(s, tc);
	tc = testlib_tcase("fixes");
	tcase_set_timeout(tc, 240);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, lab_fixes, 0, NLABS);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
