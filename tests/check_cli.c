/*
 * check_cli.c - the racelab command as a user meets it: bad input gets one
 * clear line and exit 2, nothing left running; a good run's JSON names the
 * bad access. Runs build/racelab (RACELAB_BUILD overrides the folder).
 */
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *build_dir(void)
{
	const char *b = getenv("RACELAB_BUILD");

	return b && *b ? b : "build";
}

static char *racelab_path(void)
{
	return rl_xasprintf("%s/racelab", build_dir());
}

/* Run racelab with args; returns the finished process. */
static struct rl_proc racelab(char **args)
{
	char *argv[16] = {racelab_path()};
	static char *env[] = {"NO_COLOR=1", NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 60};
	int n = 1;

	for (; args[n - 1] != NULL && n < 15; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	ck_assert_int_eq(rl_proc_run(&p), 0);
	free(argv[0]);
	return p;
}

/* Exactly one line on stderr, containing every word in want. */
static void assert_usage_error(char **args, const char *want1,
			       const char *want2)
{
	struct rl_proc p = racelab(args);
	char *nl = strchr(p.err, '\n');

	ck_assert_msg(p.status == 2, "exit %d for %s (stderr: %s)", p.status,
		      args[0], p.err);
	ck_assert_msg(nl != NULL && nl[1] == '\0', "not one line: '%s'", p.err);
	ck_assert_msg(strstr(p.err, want1) != NULL, "'%s' lacks '%s'", p.err,
		      want1);
	ck_assert_msg(want2 == NULL || strstr(p.err, want2) != NULL,
		      "'%s' lacks '%s'", p.err, want2);
	rl_proc_free(&p);
}

START_TEST(bad_input_is_one_line_and_exit_2)
{
	assert_usage_error((char *[]){"run", "nosuch", NULL}, "nosuch",
			   "racelab list");
	assert_usage_error(
	    (char *[]){"run", "counter", "--threads", "-3", NULL}, "--threads",
	    "-3");
	assert_usage_error(
	    (char *[]){"run", "counter", "--tool", "nosuch", NULL}, "nosuch",
	    "tsan");
	assert_usage_error((char *[]){"run", "counter", "--iters", "abc", NULL},
			   "--iters", "abc");
	assert_usage_error(
	    (char *[]){"run", "counter", "--variant", "ugly", NULL}, "ugly",
	    "bad");
	assert_usage_error((char *[]){"scan", "--tool", "helgrind", "--",
				      "/no/such/prog", NULL},
			   "/no/such/prog", NULL);
	assert_usage_error(
	    (char *[]){"scan", "--tool", "tsan", "--", "/bin/true", NULL},
	    "-fsanitize=thread", NULL);
	assert_usage_error((char *[]){"frobnicate", NULL}, "frobnicate",
			   "--help");
	assert_usage_error((char *[]){"run", "counter", "--bogus", NULL},
			   "--bogus", NULL);
}
END_TEST

START_TEST(help_explains_itself)
{
	const char *cmds[] = {"run",  "check",	 "show",   "list",
			      "scan", "explore", "replay", "demo"};
	struct rl_proc p = racelab((char *[]){"--help", NULL});

	ck_assert_int_eq(p.status, 0);
	ck_assert_ptr_nonnull(strstr(p.out, "Exit codes"));
	rl_proc_free(&p);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		p = racelab((char *[]){(char *)cmds[i], "--help", NULL});
		ck_assert_msg(p.status == 0 && strstr(p.out, "usage:"),
			      "%s --help", cmds[i]);
		rl_proc_free(&p);
	}
}
END_TEST

START_TEST(run_json_names_the_bad_access)
{
	struct rl_proc p =
	    racelab((char *[]){"run", "counter", "--variant", "bad", "--tool",
			       "tsan", "--json", NULL});

	ck_assert_msg(p.status == 0, "exit %d: %s%s", p.status, p.out, p.err);
	ck_assert_ptr_nonnull(strstr(p.out, "\"verdict\":\"PASS\""));
	ck_assert_ptr_nonnull(strstr(p.out, "\"kind\":\"data race\""));
	ck_assert_ptr_nonnull(
	    strstr(p.out, "\"function\":\"counter_increment\""));
	ck_assert_ptr_nonnull(strstr(p.out, "\"file\":\"bad/counter.c\""));
	ck_assert_ptr_nonnull(strstr(p.out, "\"invariant\":{\"ok\":"));
	rl_proc_free(&p);
}
END_TEST

START_TEST(scan_finds_and_clears)
{
	char *bad = rl_xasprintf("%s/tsan/counter-bad", build_dir());
	char *good = rl_xasprintf("%s/tsan/counter-good", build_dir());
	struct rl_proc p = racelab(
	    (char *[]){"scan", "--tool", "tsan", "--", bad, "-i", "100", NULL});

	ck_assert_int_eq(p.status, 1);
	ck_assert_ptr_nonnull(strstr(p.out, "counter_increment"));
	rl_proc_free(&p);
	p = racelab((char *[]){"scan", "--tool", "tsan", "--", good, NULL});
	ck_assert_int_eq(p.status, 0);
	rl_proc_free(&p);
	free(bad);
	free(good);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("racelab CLI");
	TCase *tc = testlib_tcase("input");

	tcase_add_test(tc, bad_input_is_one_line_and_exit_2);
	tcase_add_test(tc, help_explains_itself);
	tcase_add_test(tc, run_json_names_the_bad_access);
	tcase_add_test(tc, scan_finds_and_clears);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
