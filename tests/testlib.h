/*
 * testlib.h - the one main() every Check suite in tests/ shares.
 *
 * A suite file defines `static Suite *suite(void)` and then includes
 * TESTLIB_MAIN. Tests run in Check's fork mode, so a crash is one failed test
 * and a hang is killed after the timeout (CK_DEFAULT_TIMEOUT overrides it).
 * Output is Check's normal summary plus a TAP file when CK_TAP_LOG_FILE_NAME
 * is set.
 */
#ifndef RACELAB_TESTLIB_H
#define RACELAB_TESTLIB_H

#include <check.h>
#include <stdlib.h>

/* Every test case gets this timeout (seconds) unless it sets its own. */
#define TESTLIB_TIMEOUT 20

static inline TCase *testlib_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, TESTLIB_TIMEOUT);
	return tc;
}

#define TESTLIB_MAIN                                                           \
	int main(void)                                                         \
	{                                                                      \
		SRunner *sr = srunner_create(suite());                         \
		int failed;                                                    \
                                                                               \
		srunner_set_fork_status(sr, CK_FORK);                          \
		srunner_run_all(sr, CK_NORMAL);                                \
		failed = srunner_ntests_failed(sr);                            \
		srunner_free(sr);                                              \
		return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;              \
	}

#endif
