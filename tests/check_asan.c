/*
 * check_asan.c - the asan detector: its parser (harness/report/asan.c) on
 * real AddressSanitizer, LeakSanitizer and UBSan output (tests/fixtures/
 * asan-*.txt, recorded by record.sh asan), and racelab scan --tool asan
 * checking that the binary and the tool agree (the table's runtime row).
 *
 * Fixtures from tests/fixtures relative to the project root or from
 * $RACELAB_FIXTURES; racelab from $RACELAB_BUILD (default build).
 */
#include "judge.h"
#include "proc.h"
#include "report.h"
#include "testlib.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse(const char *name, struct rl_report *rep)
{
	const char *dir = getenv("RACELAB_FIXTURES");
	char *path =
	    rl_xasprintf("%s/%s", dir && *dir ? dir : "tests/fixtures", name);
	size_t len = 0;
	char *text = rl_read_file(path, &len);
	int rc;

	ck_assert_msg(text != NULL, "cannot read %s", path);
	memset(rep, 0xa5, sizeof(*rep)); /* nothing taken from the caller */
	rc = rl_asan_parse(text, len, rep);
	ck_assert_int_eq(rc, rep->error != NULL ? -1 : 0);
	free(text);
	free(path);
	return rc;
}

/* Access a of f: what, thread, and where (first frame of the program). */
static void check_access(const struct rl_finding *f, size_t a, const char *what,
			 const char *thread, const char *function,
			 const char *file, int line)
{
	const struct rl_access *acc;
	const struct rl_frame *w;

	ck_assert_uint_gt(f->naccesses, a);
	acc = &f->accesses[a];
	ck_assert_str_eq(acc->what, what);
	if (thread == NULL)
		ck_assert_ptr_null(acc->thread);
	else
		ck_assert_str_eq(acc->thread, thread);
	w = rl_access_where(acc);
	ck_assert_msg(w != NULL, "access %zu (%s) has no program frame", a,
		      what);
	ck_assert_str_eq(w->function, function);
	ck_assert_msg(rl_path_endswith(w->file, file), "%s is not %s", w->file,
		      file);
	ck_assert_int_eq(w->line, line);
}

/* One finding of kind; returned for more checks. */
static const struct rl_finding *one(const struct rl_report *rep,
				    const char *kind)
{
	ck_assert_uint_eq(rep->nfindings, 1);
	ck_assert_str_eq(rep->findings[0].kind, kind);
	ck_assert_ptr_nonnull(rep->findings[0].summary);
	return &rep->findings[0];
}

START_TEST(use_after_free_has_its_three_stacks)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse("asan-uaf.txt", &rep), 0);
	f = one(&rep, "heap-use-after-free");
	ck_assert_ptr_nonnull(strstr(f->summary, "on address 0x"));
	ck_assert_uint_eq(f->naccesses, 4);
	check_access(f, 0, "WRITE of size 4", "T1", "late_write", "src/uaf.c",
		     11);
	check_access(f, 1, "freed", "T0", "main", "src/uaf.c", 26);
	check_access(f, 2, "previously allocated", "T0", "main", "src/uaf.c",
		     23);
	check_access(f, 3, "Thread T1 created", "T0", "main", "src/uaf.c", 25);
	ck_assert(rl_finding_matches(f, "heap-use-after-free", "late_write",
				     "src/uaf.c"));
	rl_report_free(&rep);
}
END_TEST

/* The catalogue's bad lock-free queue, as racelab runs it. */
START_TEST(lfqueue_node_read_after_another_consumer_freed_it)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse("asan-lfqueue.txt", &rep), 0);
	f = one(&rep, "heap-use-after-free");
	ck_assert_str_eq(f->accesses[0].what, "READ of size 8");
	ck_assert_str_eq(rl_access_where(&f->accesses[0])->function,
			 "lfq_dequeue");
	ck_assert_str_eq(f->accesses[1].what, "freed");
	ck_assert_str_eq(rl_access_where(&f->accesses[1])->function,
			 "lfq_dequeue");
	ck_assert_str_ne(f->accesses[0].thread, f->accesses[1].thread);
	ck_assert(rl_finding_matches(f, "heap-use-after-free", "lfq_dequeue",
				     "bad/lfqueue.c"));
	rl_report_free(&rep);
}
END_TEST

START_TEST(overflow_double_free_and_leak)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse("asan-overflow.txt", &rep), 0);
	f = one(&rep, "heap-buffer-overflow");
	check_access(f, 0, "WRITE of size 8", "T1", "put", "src/overflow.c",
		     12);
	rl_report_free(&rep);

	ck_assert_int_eq(parse("asan-doublefree.txt", &rep), 0);
	f = one(&rep, "double-free");
	check_access(f, 0, "double-free", "T2", "release", "src/doublefree.c",
		     8);
	check_access(f, 1, "freed", "T1", "release", "src/doublefree.c", 8);
	rl_report_free(&rep);

	ck_assert_int_eq(parse("asan-leak.txt", &rep), 0);
	f = one(&rep, "detected memory leaks");
	check_access(f, 0, "Direct leak of 8 byte(s) in 1 object(s)", NULL,
		     "worker", "src/leak.c", 8);
	rl_report_free(&rep);
}
END_TEST

START_TEST(segv_from_asan_and_null_store_from_ubsan)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse("asan-segv-nonull.txt", &rep), 0);
	f = one(&rep, "SEGV on unknown address");
	check_access(f, 0, "SEGV on unknown address", "T1", "store_result",
		     "src/segv.c", 9);
	rl_report_free(&rep);

	ck_assert_int_eq(parse("asan-segv.txt", &rep), 0);
	f = one(&rep, "undefined-behavior");
	ck_assert_ptr_nonnull(strstr(f->summary, "store to null pointer"));
	check_access(f, 0, "runtime error", NULL, "store_result", "src/segv.c",
		     9);
	rl_report_free(&rep);

	ck_assert_int_eq(parse("asan-ubsan.txt", &rep), 0);
	f = one(&rep, "undefined-behavior");
	ck_assert_ptr_nonnull(strstr(f->summary, "signed integer overflow"));
	check_access(f, 0, "runtime error", NULL, "bump", "src/ubsan.c", 9);
	rl_report_free(&rep);
}
END_TEST

START_TEST(clean_and_foreign_input_have_no_findings)
{
	static const char *const names[] = {"asan-clean.txt", "empty.txt",
					    "tsan-clang-race.txt",
					    "helgrind-race.xml"};
	struct rl_report rep;

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		ck_assert_int_eq(parse(names[i], &rep), 0);
		ck_assert_uint_eq(rep.nfindings, 0);
		rl_report_free(&rep);
	}
}
END_TEST

START_TEST(a_report_cut_short_is_no_verdict)
{
	struct rl_report rep;

	ck_assert_int_eq(parse("asan-uaf-truncated.txt", &rep), -1);
	ck_assert(rep.truncated);
	ck_assert_ptr_nonnull(strstr(rep.error, "SUMMARY"));
	rl_report_free(&rep);
}
END_TEST

static struct rl_proc racelab(char **args)
{
	const char *b = getenv("RACELAB_BUILD");
	char *argv[12] = {rl_xasprintf("%s/racelab", b && *b ? b : "build")};
	static char *env[] = {"NO_COLOR=1", NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 60};

	for (int n = 1; args[n - 1] != NULL && n < 11; n++)
		argv[n] = args[n - 1];
	ck_assert_int_eq(rl_proc_run(&p), 0);
	free(argv[0]);
	return p;
}

static char *binary(const char *build, const char *name)
{
	const char *b = getenv("RACELAB_BUILD");

	return rl_xasprintf("%s/%s/%s", b && *b ? b : "build", build, name);
}

/* scan: the asan build under asan finds the use after free; a binary the
 * tool cannot run is one usage line naming the flag (the table's row). */
START_TEST(scan_checks_the_build_against_the_row)
{
	char *bad = binary("asan", "lfqueue-bad");
	char *plain = binary("native", "counter-good");
	struct rl_proc p;

	if (access(bad, X_OK) != 0) {
		free(bad);
		free(plain);
		return; /* no clang: make build made no asan binaries */
	}
	p = racelab((char *[]){"scan", "--tool", "asan", "--", bad, "-m",
			       "step", "-i", "200", NULL});
	ck_assert_msg(p.status == 1, "exit %d: %s%s", p.status, p.out, p.err);
	ck_assert_ptr_nonnull(strstr(p.out, "heap-use-after-free"));
	ck_assert_ptr_nonnull(strstr(p.out, "lfq_dequeue"));
	rl_proc_free(&p);
	p = racelab((char *[]){"scan", "--tool", "asan", "--", plain, NULL});
	ck_assert_int_eq(p.status, 2);
	ck_assert_ptr_nonnull(
	    strstr(p.err, "not built with -fsanitize=address,undefined"));
	rl_proc_free(&p);
	p = racelab((char *[]){"scan", "--tool", "drd", "--", bad, NULL});
	ck_assert_int_eq(p.status, 2);
	ck_assert_ptr_nonnull(strstr(p.err, "use --tool asan"));
	rl_proc_free(&p);
	free(bad);
	free(plain);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("asan");
	TCase *tc = testlib_tcase("parser");
	TCase *scan = testlib_tcase("scan");

	tcase_add_test(tc, use_after_free_has_its_three_stacks);
	tcase_add_test(tc, lfqueue_node_read_after_another_consumer_freed_it);
	tcase_add_test(tc, overflow_double_free_and_leak);
	tcase_add_test(tc, segv_from_asan_and_null_store_from_ubsan);
	tcase_add_test(tc, clean_and_foreign_input_have_no_findings);
	tcase_add_test(tc, a_report_cut_short_is_no_verdict);
	suite_add_tcase(s, tc);
	tcase_add_test(scan, scan_checks_the_build_against_the_row);
	suite_add_tcase(s, scan);
	return s;
}

TESTLIB_MAIN
