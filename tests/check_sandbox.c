/*
 * check_sandbox.c - the grader's sandbox users (harness/core/sandbox.c):
 * as root, two sandboxes open at the same time run as two different users
 * of their own, so that they share no process limit (RLIMIT_NPROC counts a
 * user's processes) and cannot signal each other; a sandbox that cannot
 * start a program at all is refused when it is opened, so that no check
 * fails the submission for it ("does not compile"). Not root: a visible skip,
 * since no user can be dropped to.
 */
#include "proc.h"
#include "sandbox.h"
#include "testlib.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *make_dir(void)
{
	char *d = rl_xstrdup("/tmp/racelab-check-sandbox-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	ck_assert_int_eq(chmod(d, 0755), 0);
	return d;
}

/* The uid the sandbox really runs its command as, read from `id -u`. */
static int uid_inside(const struct rl_sandbox *sb)
{
	char *cmd[] = {"id", "-u", NULL};
	char **argv = rl_sandbox_argv(sb, &rl_limits_run, cmd);
	struct rl_proc p = {.argv = argv, .timeout_s = 30};
	int uid;

	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_msg(p.status == 0, "id -u in the sandbox: %s", p.err);
	uid = atoi(p.out);
	rl_proc_free(&p);
	rl_argv_free(argv);
	return uid;
}

START_TEST(side_by_side_sandboxes_run_as_different_users)
{
	struct rl_sandbox a, b, c;
	char *da = make_dir(), *db = make_dir(), *dc = make_dir();
	struct stat st;

	if (geteuid() != 0) {
		printf("SKIP side_by_side_sandboxes: not root, no user to drop "
		       "to\n");
		return;
	}
	setenv("RACELAB_NO_BWRAP", "1", 1); /* the rlimits-only mode */
	ck_assert_int_eq(rl_sandbox_open(&a, da), 0);
	ck_assert_int_eq(rl_sandbox_open(&b, db), 0);
	ck_assert_int_ne(a.uid, b.uid);
	ck_assert_int_ge(a.uid, 65000);
	ck_assert_int_le(b.uid, 65533);
	ck_assert_int_eq(uid_inside(&a), a.uid);
	ck_assert_int_eq(uid_inside(&b), b.uid);
	/* the work directory belongs to its sandbox's user */
	ck_assert_int_eq(stat(db, &st), 0);
	ck_assert_int_eq((int)st.st_uid, b.uid);
	/* a third one, opened while both are held, gets a third user */
	ck_assert_int_eq(rl_sandbox_open(&c, dc), 0);
	ck_assert_int_ne(c.uid, a.uid);
	ck_assert_int_ne(c.uid, b.uid);
	rl_sandbox_close(&a);
	rl_sandbox_close(&b);
	rl_sandbox_close(&c);
	unsetenv("RACELAB_NO_BWRAP");
	rmdir(da);
	rmdir(db);
	rmdir(dc);
	free(da);
	free(db);
	free(dc);
}
END_TEST

/* setpriv replaced (first in PATH) by one that cannot start anything, as
 * when the sandbox user is out of processes: opening must fail with the
 * reason, in both modes. */
START_TEST(a_sandbox_that_cannot_start_is_refused)
{
	struct rl_sandbox sb;
	char *work = make_dir(), *bin = make_dir();
	char *fake = rl_xasprintf("%s/setpriv", bin);
	char *path = rl_xasprintf("%s:%s", bin, getenv("PATH"));
	FILE *f;

	if (geteuid() != 0) {
		printf("SKIP a_sandbox_that_cannot_start: not root, setpriv "
		       "is not used\n");
		return;
	}
	f = fopen(fake, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\necho 'setpriv: failed to execute env: Resource "
	      "temporarily unavailable' >&2\nexit 127\n",
	      f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(fake, 0755), 0);
	setenv("PATH", path, 1);
	ck_assert_int_eq(rl_sandbox_open(&sb, work), -1);
	setenv("RACELAB_NO_BWRAP", "1", 1);
	ck_assert_int_eq(rl_sandbox_open(&sb, work), -1);
	unlink(fake);
	rmdir(bin);
	rmdir(work);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sandbox");
	TCase *tc = testlib_tcase("users");

	tcase_add_test(tc, side_by_side_sandboxes_run_as_different_users);
	tcase_add_test(tc, a_sandbox_that_cannot_start_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
