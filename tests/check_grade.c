/*
 * check_grade.c - `racelab grade` as a course meets it: full marks for the
 * good/ variants and for correct but unusual fixes (tests/grade/), exactly
 * the right check lost by bad/ variants and by plausible wrong fixes,
 * hostile submissions contained (a verdict, nothing left running, nothing
 * written outside the work directory), bad input with one clear line, and
 * the shapes of --json, --gradescope and the CSV. Runs build/racelab
 * (RACELAB_BUILD overrides the folder) with TMPDIR set to a private folder
 * that must be empty afterwards.
 */
#include "grade.h"
#include "testlib.h"
#include "gradelib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void setup(void)
{
	gradelib_make_tmpdir("check_grade");
}

/* Nothing of any grading is left in TMPDIR. */
static void assert_tmpdir_empty(void)
{
	DIR *d = opendir(gradelib_tmpdir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && strncmp(e->d_name, "out", 3) != 0) {
			fprintf(stderr, "left behind: %s/%s\n", gradelib_tmpdir,
				e->d_name);
			n++;
		}
	closedir(d);
	ck_assert_int_eq(n, 0);
}

static void teardown(void)
{
	assert_tmpdir_empty();
	rl_tmpdir_remove(gradelib_tmpdir);
}

static void assert_full(const char *c, const char *file)
{
	struct rl_proc p =
	    gradelib_grade((char *[]){(char *)c, (char *)file, NULL});

	if (p.status != 0)
		fprintf(stderr, "%s\n%s", p.out, p.err);
	ck_assert_int_eq(p.status, 0);
	ck_assert_ptr_nonnull(strstr(p.out, "Score: 100/100"));
	rl_proc_free(&p);
}

/* file loses check (and is not at full marks) */
static void assert_loses(const char *c, const char *file, const char *check,
			 const char *extra)
{
	struct rl_proc p = gradelib_grade(
	    (char *[]){(char *)c, (char *)file, "--only", (char *)check,
		       "--timeout", (char *)(extra ? extra : "20"), NULL});

	if (!gradelib_has_result(p.out, "FAIL", check))
		fprintf(stderr, "%s\n%s", p.out, p.err);
	ck_assert_int_eq(p.status, 1);
	ck_assert(gradelib_has_result(p.out, "FAIL", check));
	rl_proc_free(&p);
}

/* file passes check */
static void assert_passes(const char *c, const char *file, const char *check)
{
	struct rl_proc p = gradelib_grade(
	    (char *[]){(char *)c, (char *)file, "--only", (char *)check, NULL});

	ck_assert_int_eq(p.status, 0);
	ck_assert(gradelib_has_result(p.out, "PASS", check));
	rl_proc_free(&p);
}

/* ------------------------------------------------------------ marks */

START_TEST(good_counter_json_gradescope)
{
	char *gs = rl_xasprintf("%s/out-results.json", gradelib_tmpdir);
	char *ju = rl_xasprintf("%s/out-junit.xml", gradelib_tmpdir);
	struct rl_proc p =
	    gradelib_grade((char *[]){"counter", "good/counter.c", "--json",
				      "--gradescope", gs, "--junit", ju, NULL});
	char *res;

	ck_assert_int_eq(p.status, 0);
	ck_assert_ptr_nonnull(
	    strstr(p.out, "{\"case\":\"counter\",\"file\":\"good/counter.c\","
			  "\"score\":100,\"max_score\":100"));
	ck_assert_ptr_nonnull(strstr(p.out,
				     "\"tests\":[{\"name\":\"compiles\","
				     "\"score\":5,\"max_score\":5,"
				     "\"status\":\"passed\",\"output\":"));
	res = rl_read_file(gs, NULL);
	ck_assert_ptr_nonnull(res);
	ck_assert_ptr_nonnull(strstr(res, "{\"score\":100,"));
	ck_assert_ptr_nonnull(strstr(res, "\"visibility\":\"visible\""));
	ck_assert_ptr_nonnull(strstr(res, "{\"name\":\"tsan\",\"score\":15,"
					  "\"max_score\":15,"));
	free(res);
	res = rl_read_file(ju, NULL);
	ck_assert_ptr_nonnull(res);
	ck_assert_ptr_nonnull(strstr(res, "<testsuite name=\"racelab grade "
					  "counter\" tests=\"11\" "
					  "failures=\"0\""));
	ck_assert_ptr_nonnull(strstr(res, "<testcase classname=\"grade."
					  "counter\" name=\"sched-pct\""));
	free(res);
	unlink(gs);
	unlink(ju);
	free(gs);
	free(ju);
	rl_proc_free(&p);
}
END_TEST

/* every lab's reference solution, good/LAB.c, at full marks: a check that
 * fails the reference fails every correct submission written like it
 * (counter: good_counter_json_gradescope). good/lfqueue.c lost sched-pct
 * (85/100) when the hazard scan could miss a new thread's record under
 * the C11 model. */
START_TEST(references_full)
{
	static const char *const lab[] = {"atomic",  "transfer", "queue",
					  "lfqueue", "rwlock",	 "pool",
					  "condvar", "once"};
	char file[64];

	snprintf(file, sizeof(file), "good/%s.c", lab[_i]);
	assert_full(lab[_i], file);
}
END_TEST

/* --only helgrind judges as a whole grading does: its policy (a race TSan
 * does not confirm is advisory) needs the tsan run, which --only used to
 * skip, so Helgrind's false positives on atomics were held against the
 * file */
START_TEST(only_helgrind_keeps_policy)
{
	struct rl_proc p =
	    gradelib_grade((char *[]){"counter", "tests/grade/counter-spin.c",
				      "--only", "helgrind", NULL});

	if (!gradelib_has_result(p.out, "PASS", "helgrind"))
		fprintf(stderr, "%s\n%s", p.out, p.err);
	ck_assert(gradelib_has_result(p.out, "PASS", "helgrind"));
	ck_assert_ptr_nonnull(strstr(p.out, "advisory"));
	ck_assert_ptr_null(strstr(p.out, " tsan "));
	rl_proc_free(&p);
}
END_TEST

START_TEST(gate_transfer_full)
{
	assert_full("transfer", "gate/transfer.c");
}
END_TEST

/* correct but unusual: signal after the unlock draws Helgrind's known
 * false positive, and still scores full marks (the counter, atomic,
 * transfer, queue and lfqueue fixes: tests/check_labfixes.c) */
START_TEST(unusual_fixes_full)
{
	static const char *const f[][2] = {
	    {"condvar", "tests/grade/condvar-after-unlock.c"},
	};

	assert_full(f[_i][0], f[_i][1]);
}
END_TEST

START_TEST(bad_variants_lose)
{
	static const char *const f[][3] = {
	    {"counter", "bad/counter.c", "sched-random"},
	    {"counter", "bad/counter.c", "tsan"},
	    {"transfer", "bad/transfer.c", "sched-pct"},
	    {"condvar", "bad/condvar.c", "spurious"},
	    {"queue", "bad/queue.c", "sched-random"},
	    {"atomic", "bad/atomic.c", "cas-one-winner"},
	    {"once", "bad/once.c", "concurrent"},
	    {"rwlock", "bad/rwlock.c", "sched-random"},
	    {"pool", "bad/pool.c", "runs-all"},
	    {"lfqueue", "bad/lfqueue.c", "sched-random"},
	};

	assert_loses(f[_i][0], f[_i][1], f[_i][2], NULL);
}
END_TEST

/* plausible wrong fixes lose exactly the check written for them */
START_TEST(wrong_fixes_lose)
{
	static const char *const f[][4] = {
	    {"condvar", "tests/grade/condvar-if.c", "spurious", "tsan"},
	};

	assert_loses(f[_i][0], f[_i][1], f[_i][2], "3");
	/* ... and not the others: this one holds */
	assert_passes(f[_i][0], f[_i][1], f[_i][3]);
}
END_TEST

/* ------------------------------------------------------------ hostile */

/* Is a contract program of this test's gradings still running? Polled for
 * up to 3 s: SIGKILL'd processes take a moment to be gone. */
static bool contract_running_now(void);

static bool contract_running(void)
{
	for (int i = 0; i < 30; i++) {
		if (!contract_running_now())
			return false;
		usleep(100000);
	}
	return true;
}

static bool contract_running_now(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	bool found = false;

	while (d != NULL && (e = readdir(d)) != NULL && !found) {
		char *path = rl_xasprintf("/proc/%s/cmdline", e->d_name);
		size_t len = 0;
		char *cmd = rl_read_file(path, &len);

		for (size_t i = 0; cmd != NULL && i + 1 < len; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		found = cmd != NULL && strstr(cmd, gradelib_tmpdir) != NULL &&
			strstr(cmd, "contract-native") != NULL;
		free(cmd);
		free(path);
	}
	if (d != NULL)
		closedir(d);
	return found;
}

START_TEST(hostile_contained)
{
	static const char *const f[][2] = {
	    {"tests/grade/hostile-loop.c", "did not finish within 2 s"},
	    {"tests/grade/hostile-fork.c", "did not finish within 2 s"},
	    {"tests/grade/hostile-flood.c", "output flood"},
	    {"tests/grade/hostile-hog.c", "SIGSEGV"},
	};
	struct rl_proc p = gradelib_grade(
	    (char *[]){"counter", (char *)f[_i][0], "--only", "create-zero",
		       "--timeout", _i == 3 ? "30" : "2", NULL});

	ck_assert_int_eq(p.status, 1);
	ck_assert(gradelib_has_result(p.out, "FAIL", "create-zero"));
	ck_assert_ptr_nonnull(strstr(p.out, f[_i][1]));
	/* where bwrap cannot run (a chroot, no user namespaces) the verdict
	 * must be the same under the rlimits fallback, which says so */
	if (strstr(p.out, "sandbox: bwrap") == NULL) {
		ck_assert_ptr_nonnull(strstr(p.out, "sandbox: rlimits only"));
		fprintf(stderr,
			"SKIP (part): %s under bwrap: bwrap cannot "
			"run here; checked under the rlimits fallback\n",
			f[_i][0]);
	}
	ck_assert(!contract_running());
	rl_proc_free(&p);
}
END_TEST

START_TEST(hostile_escape)
{
	char *src = rl_read_file("tests/grade/hostile-escape.c", NULL);
	char *good = realpath("good/counter.c", NULL), *at, *text;
	char *file = rl_xasprintf("%s/out-escape.c", gradelib_tmpdir);
	char *home = rl_xasprintf("%s/racelab-escape", getenv("HOME"));
	FILE *f;
	struct rl_proc p;

	ck_assert_ptr_nonnull(src);
	/* what an earlier unsandboxed run may have left must not count */
	unlink(home);
	unlink("/tmp/racelab-escape");
	at = strstr(src, "\"@GOOD@\"");
	ck_assert_ptr_nonnull(at);
	*at = '\0';
	text = rl_xasprintf("%s\"%s\"%s", src, good, at + 8);
	f = fopen(file, "w");
	fputs(text, f);
	fclose(f);
	p = gradelib_grade((char *[]){"counter", file, "--only", "create-zero",
				      "--json", NULL});
	if (strstr(p.out, "rlimits only") != NULL) {
		/* hiding files needs bwrap's namespaces: a visible skip */
		fprintf(stderr, "SKIP: hostile_escape: bwrap cannot run here, "
				"so good/ cannot be hidden (rlimits only)\n");
		unlink("/tmp/racelab-escape");
		unlink(home);
		unlink(file);
		free(file);
		free(home);
		free(good);
		free(text);
		free(src);
		rl_proc_free(&p);
		return;
	}
	ck_assert_int_eq(p.status, 0);
	/* the read of the reference solution is refused; the writes land in
	 * the sandbox's private $HOME and /tmp, which vanish with it */
	ck_assert_ptr_nonnull(strstr(p.out, "counter.c: refused"));
	ck_assert_int_ne(access(home, F_OK), 0);
	ck_assert_int_ne(access("/tmp/racelab-escape", F_OK), 0);
	unlink(file);
	free(file);
	free(home);
	free(good);
	free(text);
	free(src);
	rl_proc_free(&p);
}
END_TEST

/* Without bwrap a correct file still gets full marks: every tool, Helgrind
 * and the compiler included, runs as the sandbox user with its temporary
 * files in the work directory (not in racelab's own, which it cannot
 * write). */
START_TEST(fallback_full_marks)
{
	struct rl_proc p;

	gradelib_extra_env = "RACELAB_NO_BWRAP=1";
	p = gradelib_grade((char *[]){"transfer", "gate/transfer.c", NULL});
	gradelib_extra_env = NULL;
	ck_assert_msg(p.status == 0, "exit %d:\n%s", p.status, p.out);
	ck_assert_ptr_nonnull(strstr(p.out, "sandbox: rlimits only"));
	ck_assert_ptr_nonnull(strstr(p.out, "Score: 100/100"));
	rl_proc_free(&p);
}
END_TEST

/* Without bwrap the grade goes on with rlimits and the process group, and
 * says so. */
START_TEST(fallback_rlimits)
{
	struct rl_proc p;

	gradelib_extra_env = "RACELAB_NO_BWRAP=1";
	p = gradelib_grade((char *[]){"counter", "tests/grade/hostile-loop.c",
				      "--only", "create-zero", "--timeout", "2",
				      NULL});
	gradelib_extra_env = NULL;
	ck_assert_int_eq(p.status, 1);
	ck_assert_ptr_nonnull(strstr(p.out, "sandbox: rlimits only"));
	ck_assert_ptr_nonnull(strstr(p.out, "did not finish within 2 s"));
	ck_assert(!contract_running());
	rl_proc_free(&p);
}
END_TEST

/* ------------------------------------------------------------ bad input */

static void write_tmp(const char *name, const char *text)
{
	char *path = rl_xasprintf("%s/%s", gradelib_tmpdir, name);
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	free(path);
}

START_TEST(bad_input_usage)
{
	struct rl_proc p;

	p = gradelib_grade((char *[]){"nosuchcase", "good/counter.c", NULL});
	ck_assert_int_eq(p.status, 2);
	ck_assert_ptr_nonnull(strstr(p.err, "unknown case"));
	rl_proc_free(&p);
	p = gradelib_grade((char *[]){"counter", "/nonexistent/x.c", NULL});
	ck_assert_int_eq(p.status, 2);
	ck_assert_ptr_nonnull(strstr(p.err, "No such file"));
	rl_proc_free(&p);
	write_tmp("out-empty.c", "");
	p = gradelib_grade((char *[]){"counter", "out-empty.c", NULL});
	rl_proc_free(&p);
	{
		char *e = rl_xasprintf("%s/out-empty.c", gradelib_tmpdir);

		p = gradelib_grade((char *[]){"counter", e, NULL});
		ck_assert_int_eq(p.status, 2);
		ck_assert_ptr_nonnull(strstr(p.err, "is empty"));
		rl_proc_free(&p);
		unlink(e);
		free(e);
	}
	p = gradelib_grade((char *[]){"counter", "README.md", NULL});
	ck_assert_int_eq(p.status, 2);
	ck_assert_ptr_nonnull(strstr(p.err, "not a C source file"));
	rl_proc_free(&p);
	{
		/* a link is not followed: it could name a file its owner
		 * cannot read, which the compiler's errors would show */
		char *l = rl_xasprintf("%s/link.c", gradelib_tmpdir);
		char *to = realpath("good/counter.c", NULL);

		ck_assert_int_eq(symlink(to, l), 0);
		p = gradelib_grade((char *[]){"counter", l, NULL});
		ck_assert_int_eq(p.status, 2);
		ck_assert_ptr_nonnull(strstr(p.err, "is a symbolic link"));
		rl_proc_free(&p);
		unlink(l);
		free(to);
		free(l);
	}
	p = gradelib_grade((char *[]){"counter", NULL});
	ck_assert_int_eq(p.status, 2);
	rl_proc_free(&p);
}
END_TEST

/* does not compile / does not link / defines main: graded 0 with the
 * tools' first errors shown */
START_TEST(bad_input_build)
{
	static const char *const src[][2] = {
	    {"#include \"counter.h\"\nthis is not C;\n", "error"},
	    {"#include \"counter.h\"\n#include <stdlib.h>\nstruct counter "
	     "*counter_create(void) { return malloc(8); }\n",
	     "counter_increment"},
	    {"int main(void) { return 0; }\n", "main"},
	};
	char *path = rl_xasprintf("%s/out-%d.c", gradelib_tmpdir, _i);
	struct rl_proc p;

	write_tmp(strrchr(path, '/') + 1, src[_i][0]);
	p = gradelib_grade((char *[]){"counter", path, NULL});
	ck_assert_int_eq(p.status, 1);
	ck_assert(gradelib_has_result(p.out, "FAIL", "compiles"));
	ck_assert_ptr_nonnull(strstr(p.out, src[_i][1]));
	ck_assert_ptr_nonnull(strstr(p.out, "Score: 0/100"));
	unlink(path);
	free(path);
	rl_proc_free(&p);
}
END_TEST

START_TEST(bulk_csv)
{
	char *dir = rl_xasprintf("%s/out-class", gradelib_tmpdir);
	char *a = rl_xasprintf("%s/alice.c", dir);
	char *b = rl_xasprintf("%s/bob.c", dir);
	char *ga = rl_read_file("tests/grade/counter-global.c", NULL);
	struct rl_proc p;

	/* DIR with a trailing slash; --out a folder not there yet */
	char *slash = rl_xasprintf("%s/", dir);
	char *rep = rl_xasprintf("%s/out-reports", gradelib_tmpdir);
	char *ra = rl_xasprintf("%s/alice.c.txt", rep);
	char *rb = rl_xasprintf("%s/bob.c.txt", rep);
	char *rtext;

	ck_assert_int_eq(mkdir(dir, 0755), 0);
	write_tmp("out-class/alice.c", ga);
	write_tmp("out-class/bob.c", "not C at all\n");
	p = gradelib_grade((char *[]){"counter", slash, "--jobs", "2",
				      "--timeout", "20", "--out", rep, NULL});
	ck_assert_int_eq(p.status, 0);
	ck_assert_ptr_nonnull(strstr(p.out, "file,score,max_score,status,"
					    "compiles,create-zero,"));
	ck_assert_ptr_nonnull(strstr(p.out, "/alice.c,90,100,partial,5,10,"
					    "10,0,"));
	ck_assert_ptr_nonnull(strstr(p.out, "/bob.c,0,100,partial,0,0,"));
	ck_assert_ptr_null(strstr(p.out, "//"));
	/* the graded file's report is there; the one that did not compile
	 * has a CSV row only */
	rtext = rl_read_file(ra, NULL);
	ck_assert_ptr_nonnull(rtext);
	ck_assert_ptr_nonnull(strstr(rtext, "Score: 90/100"));
	free(rtext);
	unlink(ra);
	unlink(rb);
	rmdir(rep);
	rl_proc_free(&p);
	/* --out under a folder that does not exist: exit 2, nothing graded */
	free(rep);
	rep = rl_xasprintf("%s/no-such/reports", gradelib_tmpdir);
	p = gradelib_grade((char *[]){"counter", dir, "--out", rep, NULL});
	ck_assert_int_eq(p.status, 2);
	ck_assert_ptr_nonnull(strstr(p.err, "cannot create it"));
	ck_assert_ptr_null(strstr(p.out, "alice.c"));
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(slash);
	free(rep);
	free(ra);
	free(rb);
	free(ga);
	free(a);
	free(b);
	free(dir);
	rl_proc_free(&p);
}
END_TEST

/* A CSV field with a quote is quoted and the quote doubled (RFC 4180),
 * in a graded row and in an error row, also when the quote ends it. */
START_TEST(csv_quotes)
{
	char *path = rl_xasprintf("%s/out-o\"brien.c", gradelib_tmpdir);
	char *want = rl_xasprintf("\"%s/out-o\"\"brien.c\",0,100,partial,",
				  gradelib_tmpdir);
	char *row = rl_grade_csv_error("a,\"", 5);
	struct rl_proc p;

	ck_assert_str_eq(row, "\"a,\"\"\",0,5,error\n");
	free(row);
	write_tmp("out-o\"brien.c", "not C at all\n");
	p = gradelib_grade((char *[]){"counter", path, "--csv", NULL});
	ck_assert_msg(p.status == 1, "exit %d\n%s%s", p.status, p.out, p.err);
	ck_assert_msg(strncmp(p.out, want, strlen(want)) == 0, "%s", p.out);
	unlink(path);
	free(path);
	free(want);
	rl_proc_free(&p);
}
END_TEST

/* --gradescope/--junit into a folder that is not there: exit 2 with the
 * reason before anything is graded (the grade is not made and then lost). */
START_TEST(report_path_checked)
{
	char *path = rl_xasprintf("%s/no-such/results.json", gradelib_tmpdir);
	const char *opt[] = {"--gradescope", "--junit"};

	for (int i = 0; i < 2; i++) {
		struct rl_proc p = gradelib_grade((char *[]){
		    "counter", "good/counter.c", (char *)opt[i], path, NULL});

		ck_assert_msg(p.status == 2, "%s: exit %d\n%s%s", opt[i],
			      p.status, p.out, p.err);
		ck_assert_ptr_nonnull(strstr(p.err, "is not there"));
		ck_assert_ptr_nonnull(strstr(p.err, opt[i]));
		ck_assert_ptr_null(strstr(p.out, "Score"));
		rl_proc_free(&p);
	}
	free(path);
}
END_TEST

/* An option of the other form (--out, --jobs with one FILE.c; --json,
 * --gradescope, --junit with a DIR) is exit 2 naming the form it needs,
 * with nothing graded or written, never silently ignored. */
START_TEST(other_form_rejected)
{
	char *rep = rl_xasprintf("%s/out-rep", gradelib_tmpdir);
	char *gs = rl_xasprintf("%s/out-gs.json", gradelib_tmpdir);
	char *const cases[][6] = {
	    {"counter", "good/counter.c", "--out", rep, NULL},
	    {"counter", "good/counter.c", "--jobs", "2", NULL},
	    {"counter", "good", "--json", NULL},
	    {"counter", "good", "--gradescope", gs, NULL},
	};
	const char *want[] = {"CASE DIR --out", "CASE DIR --jobs",
			      "--json writes one", "--gradescope writes one"};

	for (int i = 0; i < 4; i++) {
		struct rl_proc p = gradelib_grade(cases[i]);

		ck_assert_msg(p.status == 2, "%d: exit %d\n%s%s", i, p.status,
			      p.out, p.err);
		ck_assert_msg(strstr(p.err, want[i]) != NULL, "%s", p.err);
		ck_assert_ptr_null(strstr(p.out, "Score"));
		ck_assert_ptr_null(strstr(p.out, "counter.c"));
		rl_proc_free(&p);
	}
	ck_assert_int_ne(access(rep, F_OK), 0);
	ck_assert_int_ne(access(gs, F_OK), 0);
	free(rep);
	free(gs);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("racelab grade");
	TCase *tc = testlib_tcase("marks");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, good_counter_json_gradescope);
	tcase_add_loop_test(tc, references_full, 0, 8);
	tcase_add_test(tc, gate_transfer_full);
	tcase_add_test(tc, only_helgrind_keeps_policy);
	tcase_add_loop_test(tc, unusual_fixes_full, 0, 1);
	tcase_add_loop_test(tc, bad_variants_lose, 0, 10);
	tcase_add_loop_test(tc, wrong_fixes_lose, 0, 1);
	suite_add_tcase(s, tc);
	tc = testlib_tcase("sandbox");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, hostile_contained, 0, 4);
	tcase_add_test(tc, hostile_escape);
	tcase_add_test(tc, fallback_rlimits);
	tcase_add_test(tc, fallback_full_marks);
	suite_add_tcase(s, tc);
	tc = testlib_tcase("input");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, bad_input_usage);
	tcase_add_loop_test(tc, bad_input_build, 0, 3);
	tcase_add_test(tc, bulk_csv);
	tcase_add_test(tc, csv_quotes);
	tcase_add_test(tc, report_path_checked);
	tcase_add_test(tc, other_form_rejected);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
