/*
 * check_bench.c - `racelab bench` as a user meets it, without timing
 * anything: every queue adapter holds the drivers' FIFO ledger (and the
 * ledger catches a queue that drops an item); one short round of every
 * bench runs, checks its own result, and writes results.json with SPEC
 * section 8's bench and impl names; bad input is one line and exit 2.
 * Runs build/racelab and build/bench/racelab-bench (RACELAB_BUILD).
 */
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *build_dir(void)
{
	const char *b = getenv("RACELAB_BUILD");

	return b && *b ? b : "build";
}

/* Run build/PROG with args (NULL-terminated); the finished process. */
static struct rl_proc run(const char *prog, char **args)
{
	char *argv[16] = {rl_xasprintf("%s/%s", build_dir(), prog)};
	static char *env[] = {"NO_COLOR=1", NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 120};
	int n = 1;

	for (; args[n - 1] != NULL && n < 15; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	ck_assert_int_eq(rl_proc_run(&p), 0);
	free(argv[0]);
	return p;
}

START_TEST(queues_hold_the_fifo_ledger)
{
	struct rl_proc p =
	    run("bench/racelab-bench", (char *[]){"--check", NULL});

	ck_assert_msg(p.status == 0, "exit %d:\n%s%s", p.status, p.out, p.err);
	ck_assert_ptr_null(strstr(p.out, "FAIL"));
	ck_assert_ptr_nonnull(strstr(p.out, "PASS racelab bq capacity 1,"));
	ck_assert_ptr_nonnull(strstr(p.out, "PASS racelab lfq capacity 4,"));
	ck_assert_ptr_nonnull(
	    strstr(p.out, "PASS the ledger caught the queue that drops"));
	rl_proc_free(&p);
}
END_TEST

/* SPEC section 8: every bench, with each of its impl names. */
static const char *const spec_rows[][2] = {
    {"counter", "single"},
    {"counter", "mutex"},
    {"counter", "lock-free"},
    {"counter", "actor"},
    {"counter", "sharded"},
    {"transfer", "single"},
    {"transfer", "mutex"},
    {"transfer", "global-lock"},
    {"transfer", "actor"},
    {"queue-cap64", "racelab"},
    {"queue-cap64", "GAsyncQueue"},
    {"queue-cap64", "ck_ring"},
    {"queue-cap1024", "racelab"},
    {"queue-cap1024", "GAsyncQueue"},
    {"queue-cap1024", "ck_ring"},
    {"lfqueue", "racelab"},
    {"lfqueue", "wfcqueue"},
    {"lfqueue", "GAsyncQueue"},
    {"rwlock-95r", "racelab"},
    {"rwlock-95r", "pthread_rwlock"},
    {"rwlock-95r", "pthread_rwlock-wp"},
    {"rwlock-95r", "ck_rwlock"},
    {"rwlock-writer-wait", "racelab"},
    {"rwlock-writer-wait", "pthread_rwlock"},
    {"rwlock-writer-wait", "pthread_rwlock-wp"},
    {"rwlock-writer-wait", "ck_rwlock"},
    {"pool", "racelab"},
    {"pool", "GThreadPool"},
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = rl_xcalloc(1, 1 << 20);

	ck_assert_ptr_nonnull(f);
	fread(s, 1, (1 << 20) - 1, f);
	fclose(f);
	return s;
}

START_TEST(one_short_round_of_every_bench)
{
	char dir[] = "/tmp/racelab-bench-XXXXXX";
	char *json, *path;
	struct rl_proc p;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	p = run("racelab",
		(char *[]){"bench", "--rounds", "1", "--seconds", "0.02",
			   "--threads", "2", "--out", dir, NULL});
	ck_assert_msg(p.status == 0, "exit %d:\n%s%s", p.status, p.out, p.err);
	ck_assert_ptr_nonnull(strstr(p.out, "load average"));
	path = rl_xasprintf("%s/results.json", dir);
	json = slurp(path);
	ck_assert_ptr_nonnull(strstr(json, "\"rows\":["));
	for (size_t i = 0; i < sizeof(spec_rows) / sizeof(spec_rows[0]); i++) {
		char *row = rl_xasprintf("{\"bench\":\"%s\",\"impl\":\"%s\",",
					 spec_rows[i][0], spec_rows[i][1]);

		ck_assert_msg(strstr(json, row) != NULL, "no row %s", row);
		free(row);
	}
	ck_assert_msg(strstr(json, "\"BROKEN\"") == NULL, "%s", json);
	ck_assert_msg(strstr(json, "\"FAILED\"") == NULL, "%s", json);
	ck_assert_ptr_nonnull(strstr(json, "\"higher_is_better\":false"));
	free(json);
	free(path);
	rl_proc_free(&p);
	path = rl_xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
	free(path);
}
END_TEST

START_TEST(bad_input_is_one_line_and_exit_2)
{
	static char *cases[][4] = {{"bench", "nosuch", NULL},
				   {"bench", "--rounds", "0", NULL},
				   {"bench", "--threads", "x", NULL},
				   {"bench", "--impl", "nosuch", NULL}};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rl_proc p = run("racelab", cases[i]);
		char *nl = strchr(p.err, '\n');

		ck_assert_msg(p.status == 2, "exit %d: %s", p.status, p.err);
		ck_assert_msg(nl != NULL && nl[1] == '\0', "'%s'", p.err);
		ck_assert_ptr_nonnull(strstr(
		    p.err, cases[i][1][0] == '-' ? cases[i][2] : cases[i][1]));
		rl_proc_free(&p);
	}
}
END_TEST

/* --impl keeps the named implementations only (a profiler then sees one
 * structure), and the first one kept is the group's ratio reference. */
START_TEST(impl_keeps_only_the_named_rows)
{
	char dir[] = "/tmp/racelab-bench-XXXXXX";
	char *rm;
	struct rl_proc p;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	p = run("racelab",
		(char *[]){"bench", "queue-cap64", "--impl", "ck_ring",
			   "--impl", "racelab", "--rounds", "1", "--seconds",
			   "0.02", "--json", "--out", dir, NULL});
	ck_assert_msg(p.status == 0, "exit %d:\n%s%s", p.status, p.out, p.err);
	ck_assert_ptr_nonnull(
	    strstr(p.out, "{\"bench\":\"queue-cap64\",\"impl\":\"racelab\","));
	ck_assert_ptr_nonnull(
	    strstr(p.out, "{\"bench\":\"queue-cap64\",\"impl\":\"ck_ring\","));
	ck_assert_msg(strstr(p.out, "GAsyncQueue") == NULL, "%s", p.out);
	ck_assert_msg(strstr(p.out, "lfqueue") == NULL, "%s", p.out);
	rl_proc_free(&p);
	rm = rl_xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(rm), 0);
	free(rm);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("bench");
	TCase *tc = testlib_tcase("bench");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, queues_hold_the_fifo_ledger);
	tcase_add_test(tc, one_short_round_of_every_bench);
	tcase_add_test(tc, bad_input_is_one_line_and_exit_2);
	tcase_add_test(tc, impl_keeps_only_the_named_rows);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
