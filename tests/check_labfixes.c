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
#include "proc.h"
#include "reap.h"
#include "testlib.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmpdir;

static const char *build_dir(void)
{
	const char *b = getenv("RACELAB_BUILD");

	return b && *b ? b : "build";
}

static void setup(void)
{
	char tmpl[] = "/tmp/check_labfixes.XXXXXX";

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

/* ------------------------------------------------------------ --only */

/* --only takes a list: exactly those checks run, in the table's order, and
 * the score is theirs; a name the table lacks is a usage error. */
START_TEST(only_list)
{
	struct rl_proc p = racelab_grade((char *[]){
	    "counter", "bad/counter.c", "--only", "tsan,create-zero", NULL});
	const char *a = strstr(p.out, " create-zero "),
		   *b = strstr(p.out, " tsan ");

	ck_assert_msg(p.status == 1, "exit %d\n%s%s", p.status, p.out, p.err);
	ck_assert(a != NULL && b != NULL && a < b);
	ck_assert_ptr_null(strstr(p.out, "sched-random"));
	ck_assert_ptr_nonnull(strstr(p.out, "Score: 10/25"));
	rl_proc_free(&p);
	p = racelab_grade((char *[]){"counter", "bad/counter.c", "--only",
				     "create-zero,tsna", NULL});
	ck_assert_int_eq(p.status, 2);
	ck_assert_ptr_nonnull(strstr(p.err, "no check 'tsna'"));
	ck_assert_ptr_null(strstr(p.out, "Score"));
	rl_proc_free(&p);
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
	return s;
}

TESTLIB_MAIN
