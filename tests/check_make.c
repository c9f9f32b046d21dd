/*
 * check_make.c - the Makefile rebuilds a test binary when a source named on
 * its "// links:" line (or a header one of them includes) changes, so that
 * `make test` never runs a stale binary.
 *
 * Asked without touching any file: `make -n -W FILE TARGET` says what make
 * would run if FILE were newer. Runs from the project root (make unit does).
 */
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <string.h>

/* Would make rebuild target if file changed? (make's dry run says.) */
static bool rebuilds(const char *target, const char *file)
{
	char *argv[] = {"make",	      "--no-print-directory", "-n", "-W",
			(char *)file, (char *)target,	      NULL};
	struct rl_proc p = {.argv = argv, .timeout_s = 120};
	bool yes;

	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_msg(p.status == 0, "make -n failed: %s", p.err ? p.err : "");
	/* the compile line names the test's own source */
	yes = p.out != NULL && strstr(p.out, "-o build/tests/") != NULL;
	rl_proc_free(&p);
	return yes;
}

START_TEST(links_sources_are_dependencies)
{
	static const char *const pairs[][2] = {
	    {"build/tests/check_queue", "good/queue.c"},
	    {"build/tests/check_queue", "harness/cases/common/driver.c"},
	    {"build/tests/check_counter", "good/atomic.c"},
	    {"build/tests/check_transfer", "good/transfer.c"},
	    /* a header a linked source includes */
	    {"build/tests/check_queue", "harness/cases/queue/queue.h"},
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++)
		ck_assert_msg(rebuilds(pairs[i][0], pairs[i][1]),
			      "%s is not rebuilt when %s changes", pairs[i][0],
			      pairs[i][1]);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("make");
	TCase *tc = testlib_tcase("deps");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, links_sources_are_dependencies);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
