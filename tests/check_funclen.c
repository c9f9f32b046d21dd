/*
 * check_funclen.c - STYLE.md's "no function in harness/ over 80 lines",
 * kept: harness/funclen.sh (pmccabe) finds none, and it does find an
 * 81-line function while passing an 80-line one. Runs from the project
 * root (make unit does).
 */
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct rl_proc funclen(const char *file)
{
	char *const argv[] = {"sh", "harness/funclen.sh", (char *)file, NULL};
	struct rl_proc p = {.argv = argv, .timeout_s = 60};

	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_msg(p.status != 2, "funclen.sh could not measure: %s",
		      p.err ? p.err : "");
	return p;
}

START_TEST(no_function_in_harness_is_over_80_lines)
{
	struct rl_proc p = funclen(NULL);

	ck_assert_msg(p.status == 0,
		      "functions over 80 lines in harness/ (split them):\n%s",
		      p.out ? p.out : "");
	rl_proc_free(&p);
}
END_TEST

/* A function of `total` lines, signature to closing brace. */
static void write_function(FILE *f, const char *name, int total)
{
	fprintf(f, "int %s(int x)\n{\n", name);
	for (int i = 0; i < total - 4; i++)
		fprintf(f, "\tx += %d;\n", i);
	fprintf(f, "\treturn x;\n}\n\n");
}

START_TEST(funclen_finds_81_lines_and_passes_80)
{
	char path[] = "/tmp/racelab-funclen-XXXXXX.c";
	int fd = mkstemps(path, 2);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct rl_proc p;

	ck_assert_msg(f != NULL, "cannot write %s", path);
	write_function(f, "fits_in_80", 80);
	write_function(f, "one_too_long", 81);
	fclose(f);
	p = funclen(path);
	unlink(path);
	ck_assert_msg(p.status == 1, "exit %d, want 1 (one function over)",
		      p.status);
	ck_assert_msg(p.out != NULL && strstr(p.out, "one_too_long") != NULL &&
			  strstr(p.out, "fits_in_80") == NULL,
		      "wrong functions named:\n%s", p.out ? p.out : "");
	rl_proc_free(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("funclen");
	TCase *tc = testlib_tcase("funclen");

	tcase_add_test(tc, no_function_in_harness_is_over_80_lines);
	tcase_add_test(tc, funclen_finds_81_lines_and_passes_80);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
