/*
 * check_detector.c - a detector is one row of the tool table (tools.h):
 * every row is complete, the rest of the harness reads the rows instead of
 * comparing tool names, and the helpers the runners share exist once
 * (rl_which, rl_argv_join, rl_case_driver_args, rl_now).
 *
 * Reads the harness sources relative to the working directory (the
 * repository root, as make test runs it).
 */
#include "cases.h"
#include "paths.h"
#include "proc.h"
#include "runcase.h"
#include "testlib.h"
#include "tools.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

START_TEST(every_row_is_complete)
{
	ck_assert_uint_ge(rl_ntools, 1);
	for (size_t i = 0; i < rl_ntools; i++) {
		const struct rl_tool *t = &rl_tools[i];

		ck_assert_msg(t->name && t->build && t->about && t->run,
			      "row %zu lacks a name, build, about or run", i);
		ck_assert_msg(t->timeout > 0 && t->runs >= 1,
			      "%s: no default timeout or runs", t->name);
		ck_assert_ptr_eq(rl_tool_find(t->name), t); /* names unique */
		ck_assert_msg(t->runtime == NULL || t->build_flag != NULL,
			      "%s: a runtime needs the flag that builds it",
			      t->name);
	}
	ck_assert_ptr_nonnull(rl_tool_scheduler());
	ck_assert(rl_tool_scheduler()->schedules);
	ck_assert_ptr_null(rl_tool_find("no-such-tool"));
}
END_TEST

/* text with its comments blanked out (a comment may name a tool). */
static void drop_comments(char *text)
{
	for (char *p = text; *p != '\0'; p++) {
		char *end = NULL;

		if (p[0] == '"' || p[0] == '\'') { /* a string or character:
						     skip it, escapes too */
			char q = p[0];

			for (p++; *p != '\0' && *p != q; p++)
				p += p[0] == '\\' && p[1] != '\0';
			if (*p == '\0')
				break;
			continue;
		}
		if (p[0] == '/' && p[1] == '*')
			end = strstr(p + 2, "*/");
		else if (p[0] == '/' && p[1] == '/')
			end = strchr(p, '\n');
		if (p[0] == '/' && (p[1] == '*' || p[1] == '/')) {
			if (end == NULL)
				end = p + strlen(p) - 1;
			else if (p[1] == '*')
				end++;
			else
				end--;
			memset(p, ' ', (size_t)(end - p) + 1);
			p = end;
		}
	}
}

/* Is `"name"` (the whole literal) in the code of text? */
static bool names_literally(const char *text, const char *name)
{
	char *lit = rl_xasprintf("\"%s\"", name);
	bool yes = strstr(text, lit) != NULL;

	free(lit);
	return yes;
}

/* The table (tools.c) and the runner files (run_*.c) may name tools; the
 * demo's steps and the grader's rubric are data that choose tools. */
static bool may_name_tools(const char *file)
{
	return strcmp(file, "tools.c") == 0 || strncmp(file, "run_", 4) == 0 ||
	       strcmp(file, "cmd_demo.c") == 0 ||
	       strncmp(file, "grade", 5) == 0;
}

static void check_dir(const char *dir, struct rl_buf *bad)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	ck_assert_msg(d != NULL, "cannot open %s (run from the repository)",
		      dir);
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char *path, *text;

		if (n < 3 || strcmp(de->d_name + n - 2, ".c") != 0 ||
		    may_name_tools(de->d_name))
			continue;
		path = rl_path_join(dir, de->d_name);
		text = rl_read_file(path, NULL);
		ck_assert_ptr_nonnull(text);
		drop_comments(text);
		for (size_t i = 0; i < rl_ntools; i++)
			if (names_literally(text, rl_tools[i].name))
				rl_buf_printf(bad, " %s names \"%s\";", path,
					      rl_tools[i].name);
		free(text);
		free(path);
	}
	closedir(d);
}

START_TEST(only_the_table_names_tools)
{
	struct rl_buf bad = {0};
	char *s;

	check_dir("harness/core", &bad);
	check_dir("harness/cli", &bad);
	check_dir("harness/report", &bad);
	s = rl_buf_take(&bad);
	ck_assert_msg(*s == '\0', "tool names outside the table:%s", s);
	free(s);
}
END_TEST

START_TEST(which_finds_programs_only)
{
	char *sh = rl_which("sh"), *self;
	char plain[] = "/tmp/racelab-which-XXXXXX";

	close(mkstemp(plain)); /* mode 0600 */

	ck_assert_ptr_nonnull(sh);
	ck_assert(sh[0] == '/');
	free(sh);
	ck_assert_ptr_null(rl_which("/")); /* a directory */
	ck_assert_ptr_null(rl_which("racelab-no-such-program"));
	ck_assert_ptr_null(rl_which(plain)); /* not executable */
	unlink(plain);
	self = rl_which("/bin/sh");
	ck_assert_str_eq(self, "/bin/sh");
	free(self);
}
END_TEST

START_TEST(argv_join_puts_the_binary_between)
{
	char *pre[] = {"valgrind", "-q", NULL}, *args[] = {"-t", "2", NULL};
	char **v = rl_argv_join(pre, "prog", args);

	ck_assert_str_eq(v[0], "valgrind");
	ck_assert_str_eq(v[2], "prog");
	ck_assert_str_eq(v[4], "2");
	ck_assert_ptr_null(v[5]);
	free(v);
	v = rl_argv_join(NULL, "prog", NULL);
	ck_assert_str_eq(v[0], "prog");
	ck_assert_ptr_null(v[1]);
	free(v);
}
END_TEST

/* --threads/--iters replace the case's own -t/-i in place, or are added:
 * one copy for `racelab run` and `racelab explore`. */
START_TEST(driver_args_override_in_place)
{
	struct rl_case c = {.expect_path = rl_xstrdup("test")};
	char *err = NULL, **v;

	ck_assert_int_eq(rl_case_parse(&c,
				       "args * -t 2 -i 10 -m turns\n"
				       "args sched -t 2\n",
				       &err),
			 0);
	v = rl_case_driver_args(&c, "native", 3, 5);
	ck_assert_str_eq(v[1], "3");
	ck_assert_str_eq(v[3], "5");
	ck_assert_str_eq(v[5], "turns");
	ck_assert_ptr_null(v[6]);
	rl_argv_free(v);
	v = rl_case_driver_args(&c, "sched", 0, 7);
	ck_assert_str_eq(v[1], "2");
	ck_assert_str_eq(v[2], "-i");
	ck_assert_str_eq(v[3], "7");
	ck_assert_ptr_null(v[4]);
	rl_argv_free(v);
	v = rl_case_driver_args(&c, "native", 0, -1); /* the case's own */
	ck_assert_str_eq(v[3], "10");
	rl_argv_free(v);
	rl_case_free(&c);
}
END_TEST

/* A tool with default rules needs no line in every expect file: the
 * catalogue fills in the row's default where the file says nothing, and a
 * line in the file wins. Every case x variant x tool has a rule, but for a
 * row that check runs only where a file declares it (declared_only). */
START_TEST(default_rules_fill_what_expect_files_leave_out)
{
	struct rl_catalogue cat;
	const struct rl_case *counter, *lfqueue;
	const struct rl_expect *e;
	char *err = NULL;

	setenv("RACELAB_HOME", ".", 0); /* run from the project root */
	ck_assert_msg(rl_catalogue_load(&cat, &err) == 0, "%s",
		      err ? err : "-");
	for (size_t i = 0; i < cat.ncases; i++)
		for (int v = 0; v < cat.cases[i].nvariants; v++)
			for (size_t t = 0; t < rl_ntools; t++)
				ck_assert_msg(
				    rl_tools[t].declared_only ||
					rl_case_expect(&cat.cases[i],
						       cat.cases[i].variants[v],
						       rl_tools[t].name) !=
					    NULL,
				    "%s %s %s undeclared", cat.cases[i].id,
				    cat.cases[i].variants[v], rl_tools[t].name);
	counter = rl_case_find(&cat, "counter");
	lfqueue = rl_case_find(&cat, "lfqueue");
	ck_assert_ptr_nonnull(counter);
	ck_assert_ptr_nonnull(lfqueue);
	e = rl_case_expect(counter, "bad", "asan"); /* no asan line there */
	ck_assert_int_eq(e->lineno, 0);
	ck_assert_int_eq(e->verdict, RLV_NOT_DETECTABLE);
	ck_assert_ptr_nonnull(e->reason);
	e = rl_case_expect(counter, "good", "asan");
	ck_assert_int_eq(e->lineno, 0);
	ck_assert_int_eq(e->verdict, RLV_CLEAN);
	e = rl_case_expect(lfqueue, "bad", "asan"); /* the file's line wins */
	ck_assert_int_gt(e->lineno, 0);
	ck_assert_int_eq(e->verdict, RLV_REPORT);
	ck_assert_str_eq(e->kind, "heap-use-after-free");
	e = rl_case_expect(counter, "bad", "tsan"); /* no defaults: the file */
	ck_assert_int_gt(e->lineno, 0);
	rl_catalogue_free(&cat);
}
END_TEST

START_TEST(now_moves_forward)
{
	double a = rl_now(), b;

	usleep(2000);
	b = rl_now();
	ck_assert(b - a >= 0.002 && b - a < 5);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("detector");
	TCase *tc = testlib_tcase("table");

	tcase_add_test(tc, every_row_is_complete);
	tcase_add_test(tc, only_the_table_names_tools);
	tcase_add_test(tc, which_finds_programs_only);
	tcase_add_test(tc, argv_join_puts_the_binary_between);
	tcase_add_test(tc, driver_args_override_in_place);
	tcase_add_test(tc, default_rules_fill_what_expect_files_leave_out);
	tcase_add_test(tc, now_moves_forward);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
