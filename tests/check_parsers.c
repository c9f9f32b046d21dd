/*
 * check_parsers.c - the detector report parsers (harness/report) against
 * real recorded tool output in tests/fixtures (see its README.md).
 *
 * Reads fixture files only: from tests/fixtures relative to the working
 * directory (make unit runs from the project root) or from the directory in
 * $RACELAB_FIXTURES. Writes nothing.
 */
#include "judge.h"
#include "report.h"
#include "testlib.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RACE_SRC      "tests/fixtures/src/race.c"
#define LOCKORDER_SRC "tests/fixtures/src/lockorder.c"
#define MISUSE_SRC    "tests/fixtures/src/misuse.c"
#define SEGV_SRC      "tests/fixtures/src/segv.c"
#define UAF_SRC	      "tests/fixtures/src/uaf.c"
#define SIGUNSAFE_SRC "tests/fixtures/src/sigunsafe.c"
#define MUTEXES_SRC   "tests/fixtures/src/mutexes.c"
#define VPTR_SRC      "tests/fixtures/src/vptr.cc"
#define LIBCRACE_SRC  "tests/fixtures/src/libcrace.c"
#define HANG_SRC      "tests/fixtures/src/hang.c"
#define RELOCK_SRC    "tests/fixtures/src/relock.c"

enum tool { TSAN, VGXML };

struct fixture {
	char *data;
	size_t len;
};

static struct fixture load(const char *name)
{
	const char *dir = getenv("RACELAB_FIXTURES");
	char path[4096];
	struct fixture fx = {NULL, 0};
	FILE *fp;
	long size;

	if (dir == NULL || *dir == '\0')
		dir = "tests/fixtures";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open fixture %s", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	ck_assert_int_ge(size, 0);
	rewind(fp);
	/* One spare byte so an empty file still gets a non-NULL buffer. */
	fx.data = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(fx.data);
	fx.len = fread(fx.data, 1, (size_t)size, fp);
	ck_assert_uint_eq(fx.len, (size_t)size);
	fclose(fp);
	return fx;
}

static int parse_buf(enum tool tool, const char *data, size_t len,
		     struct rl_report *rep)
{
	int rc = tool == TSAN ? rl_tsan_parse(data, len, rep)
			      : rl_vgxml_parse(data, len, rep);

	/* The contract: -1 exactly when there is an error message. */
	ck_assert_int_eq(rc, rep->error != NULL ? -1 : 0);
	return rc;
}

static int parse(enum tool tool, const char *name, struct rl_report *rep)
{
	struct fixture fx = load(name);
	int rc;

	/* Parsers must not rely on what the caller left in rep. */
	memset(rep, 0xa5, sizeof(*rep));
	rc = parse_buf(tool, fx.data, fx.len, rep);
	free(fx.data);
	return rc;
}

static bool starts_with(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n, m = strlen(suffix);

	if (s == NULL)
		return false;
	n = strlen(s);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The where-frame is function at a file ending in src, at line. */
static void assert_where(const struct rl_finding *f, const char *function,
			 const char *src, int line)
{
	const struct rl_frame *w = rl_finding_where(f);

	ck_assert_ptr_nonnull(w);
	ck_assert_pstr_eq(w->function, function);
	ck_assert_msg(ends_with(w->file, src), "where file %s, want *%s",
		      w->file, src);
	ck_assert_int_eq(w->line, line);
}

/* The first frame of a in the program's own source (not libc/runtime). */
static const struct rl_frame *own_frame(const struct rl_access *a,
					const char *src)
{
	for (size_t i = 0; i < a->nframes; i++)
		if (ends_with(a->frames[i].file, src))
			return &a->frames[i];
	return NULL;
}

static void assert_own_frame(const struct rl_access *a, const char *src,
			     const char *function, int line)
{
	const struct rl_frame *fr = own_frame(a, src);

	ck_assert_msg(fr != NULL, "access \"%s\" has no frame in %s", a->what,
		      src);
	ck_assert_pstr_eq(fr->function, function);
	ck_assert_int_eq(fr->line, line);
}

/* Every string a consumer may print without checking is there. */
static void assert_well_formed(const struct rl_report *rep)
{
	ck_assert(rep->nfindings == 0 || rep->findings != NULL);
	for (size_t i = 0; i < rep->nfindings; i++) {
		const struct rl_finding *f = &rep->findings[i];

		ck_assert_ptr_nonnull(f->kind);
		ck_assert_ptr_nonnull(f->summary);
		ck_assert(f->naccesses == 0 || f->accesses != NULL);
		for (size_t j = 0; j < f->naccesses; j++) {
			const struct rl_access *a = &f->accesses[j];

			ck_assert(a->nframes == 0 || a->frames != NULL);
			for (size_t k = 0; k < a->nframes; k++)
				ck_assert_int_ge(a->frames[k].line, 0);
		}
	}
	if (rep->truncated)
		ck_assert_ptr_nonnull(rep->error);
}

static bool is_tsan_thread(const char *t)
{
	return t != NULL && (strcmp(t, "T1") == 0 || strcmp(t, "T2") == 0);
}

/* ------------------------------------------------------------ TSan */

/* Which racing access TSan calls current varies from run to run. */
static void check_tsan_race(const char *name, const char *src_prefix)
{
	struct rl_report rep;
	const struct rl_finding *f;
	const struct rl_access *a;

	ck_assert_int_eq(parse(TSAN, name, &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 1);
	ck_assert(!rep.truncated);
	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "data race");
	ck_assert_msg(starts_with(f->summary, "data race ") &&
			  ends_with(f->summary, " in counter_increment"),
		      "summary: %s", f->summary);
	assert_where(f, "counter_increment", RACE_SRC, 10);
	ck_assert(starts_with(rl_finding_where(f)->file, src_prefix));

	ck_assert_uint_eq(f->naccesses, 5);
	a = &f->accesses[0];
	ck_assert_msg(strcmp(a->what, "Write of size 8") == 0 ||
			  strcmp(a->what, "Read of size 8") == 0,
		      "what: %s", a->what);
	ck_assert(is_tsan_thread(a->thread));
	ck_assert_uint_eq(a->nframes, 2);
	ck_assert_str_eq(a->frames[0].function, "counter_increment");
	ck_assert_int_eq(a->frames[0].line, 10);
	ck_assert_str_eq(a->frames[1].function, "worker");
	ck_assert_int_eq(a->frames[1].line, 17);

	a = &f->accesses[1];
	ck_assert(starts_with(a->what, "Previous "));
	ck_assert(ends_with(a->what, " of size 8"));
	ck_assert(is_tsan_thread(a->thread));
	ck_assert_str_ne(a->thread, f->accesses[0].thread);
	assert_own_frame(a, RACE_SRC, "counter_increment", 10);

	a = &f->accesses[2];
	ck_assert_str_eq(a->what, "Location is global 'counter' of size 8");
	ck_assert_ptr_null(a->thread);
	ck_assert_uint_eq(a->nframes, 0);

	for (size_t i = 3; i < 5; i++) {
		a = &f->accesses[i];
		ck_assert(starts_with(a->what, "Thread T"));
		ck_assert(ends_with(a->what, " created"));
		ck_assert_str_eq(a->thread, "main thread");
		ck_assert_uint_eq(a->nframes, 2);
		ck_assert_str_eq(a->frames[0].function, "pthread_create");
		ck_assert_str_eq(a->frames[1].function, "main");
		ck_assert(a->frames[1].line == 25 || a->frames[1].line == 26);
	}
	rl_report_free(&rep);
}

START_TEST(tsan_clang_race)
{
	struct rl_report rep;

	check_tsan_race("tsan-clang-race.txt", "/");
	/* clang's runtime frames have no source at all. */
	ck_assert_int_eq(parse(TSAN, "tsan-clang-race.txt", &rep), 0);
	ck_assert_ptr_null(rep.findings[0].accesses[3].frames[0].file);
	ck_assert_int_eq(rep.findings[0].accesses[3].frames[0].line, 0);
	rl_report_free(&rep);
}
END_TEST

START_TEST(tsan_gcc_race)
{
	struct rl_report rep;
	const struct rl_frame *fr;

	/* gcc prints the path as given to the compiler: relative here. */
	check_tsan_race("tsan-gcc-race.txt", RACE_SRC);
	ck_assert_int_eq(parse(TSAN, "tsan-gcc-race.txt", &rep), 0);
	fr = &rep.findings[0].accesses[3].frames[0];
	ck_assert(ends_with(fr->file, "/libsanitizer/tsan/"
				      "tsan_interceptors_posix.cpp"));
	ck_assert_int_gt(fr->line, 0);
	rl_report_free(&rep);
}
END_TEST

static void check_tsan_lockorder(const char *name)
{
	static const struct {
		const char *what, *thread, *function;
		int line;
	} want[] = {
	    {"Mutex M1 acquired here while holding mutex M0", "T1",
	     "take_a_then_b", 13},
	    {"Mutex M0 previously acquired", "T1", "take_a_then_b", 12},
	    {"Mutex M0 acquired here while holding mutex M1", "T2",
	     "take_b_then_a", 23},
	    {"Mutex M1 previously acquired", "T2", "take_b_then_a", 22},
	    {"Thread T1 created", "main thread", "main", 33},
	    {"Thread T2 created", "main thread", "main", 35},
	};
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse(TSAN, name, &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 1);
	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "lock-order-inversion");
	ck_assert(starts_with(f->summary,
			      "lock-order-inversion (potential deadlock) "));
	assert_where(f, "take_a_then_b", LOCKORDER_SRC, 13);
	ck_assert_uint_eq(f->naccesses, 6);
	for (size_t i = 0; i < 6; i++) {
		const struct rl_access *a = &f->accesses[i];

		ck_assert_str_eq(a->what, want[i].what);
		ck_assert_pstr_eq(a->thread, want[i].thread);
		ck_assert_uint_eq(a->nframes, 2);
		assert_own_frame(a, LOCKORDER_SRC, want[i].function,
				 want[i].line);
	}
	rl_report_free(&rep);
}

START_TEST(tsan_clang_lockorder)
{
	check_tsan_lockorder("tsan-clang-lockorder.txt");
}
END_TEST

START_TEST(tsan_gcc_lockorder)
{
	check_tsan_lockorder("tsan-gcc-lockorder.txt");
}
END_TEST

static void check_no_findings(enum tool tool, const char *name)
{
	struct rl_report rep;

	ck_assert_int_eq(parse(tool, name, &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 0);
	ck_assert_ptr_null(rep.findings);
	ck_assert(!rep.truncated);
	ck_assert_ptr_null(rep.error);
	rl_report_free(&rep);
}

START_TEST(tsan_clean)
{
	check_no_findings(TSAN, "tsan-clang-clean.txt");
	check_no_findings(TSAN, "tsan-gcc-clean.txt");
	check_no_findings(TSAN, "tsan-clang-atomic.txt");
	check_no_findings(TSAN, "tsan-gcc-atomic.txt");
	check_no_findings(TSAN, "empty.txt");
}
END_TEST

/* The report made of frames only gets its kind as the access's what. */
static void check_tsan_unlock(const struct rl_finding *f)
{
	ck_assert_str_eq(f->kind, "unlock of an unlocked mutex");
	ck_assert(starts_with(f->summary, "unlock of an unlocked mutex (or by "
					  "a wrong thread) "));
	assert_where(f, "release_twice", MISUSE_SRC, 18);
	ck_assert_uint_eq(f->naccesses, 3);
	ck_assert_str_eq(f->accesses[0].what, "unlock of an unlocked mutex");
	ck_assert_ptr_null(f->accesses[0].thread);
	ck_assert_str_eq(f->accesses[0].frames[0].function,
			 "pthread_mutex_unlock");
	ck_assert_str_eq(f->accesses[1].what,
			 "Location is global 'lock' of size 40");
	ck_assert_str_eq(f->accesses[2].what, "Mutex M0 created");
	assert_own_frame(&f->accesses[2], MISUSE_SRC, "release_twice", 16);
}

static void check_tsan_misuse(const char *name)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse(TSAN, name, &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 2);
	check_tsan_unlock(&rep.findings[0]);
	f = &rep.findings[1];
	ck_assert_str_eq(f->kind, "thread leak");
	ck_assert(starts_with(f->summary, "thread leak "));
	assert_where(f, "main", MISUSE_SRC, 25);
	ck_assert_uint_eq(f->naccesses, 1);
	ck_assert_str_eq(f->accesses[0].what, "Thread T1 created");
	ck_assert_str_eq(f->accesses[0].thread, "main thread");
	rl_report_free(&rep);
}

START_TEST(tsan_clang_misuse)
{
	check_tsan_misuse("tsan-clang-misuse.txt");
}
END_TEST

START_TEST(tsan_gcc_misuse)
{
	check_tsan_misuse("tsan-gcc-misuse.txt");
}
END_TEST

START_TEST(tsan_truncated_second_report)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse(TSAN, "tsan-clang-misuse-truncated.txt", &rep),
			 -1);
	ck_assert(rep.truncated);
	ck_assert_msg(strstr(rep.error, "thread leak") != NULL, "error: %s",
		      rep.error);
	ck_assert_uint_eq(rep.nfindings, 2);
	check_tsan_unlock(&rep.findings[0]);
	/* Kept as far as it goes; the half line at the end is not a frame. */
	f = &rep.findings[1];
	ck_assert_str_eq(f->kind, "thread leak");
	ck_assert(starts_with(f->summary, "WARNING: ThreadSanitizer: thread "
					  "leak (pid="));
	ck_assert_uint_eq(f->naccesses, 1);
	ck_assert_uint_eq(f->accesses[0].nframes, 1);
	ck_assert_str_eq(f->accesses[0].frames[0].function, "pthread_create");
	ck_assert_ptr_null(rl_finding_where(f));
	rl_report_free(&rep);
}
END_TEST

START_TEST(tsan_truncated_in_stack)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse(TSAN, "tsan-gcc-race-truncated.txt", &rep), -1);
	ck_assert(rep.truncated);
	ck_assert_ptr_nonnull(rep.error);
	ck_assert_uint_eq(rep.nfindings, 1);
	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "data race");
	assert_where(f, "counter_increment", RACE_SRC, 10);
	ck_assert_uint_eq(f->naccesses, 2);
	ck_assert(starts_with(f->accesses[1].what, "Previous "));
	ck_assert_uint_eq(f->accesses[1].nframes, 1);
	ck_assert_int_eq(f->accesses[1].frames[0].line, 10);
	rl_report_free(&rep);
}
END_TEST

START_TEST(tsan_garbled)
{
	struct rl_report rep;
	const struct rl_finding *f;

	parse(TSAN, "tsan-clang-race-garbled.txt", &rep);
	assert_well_formed(&rep);
	ck_assert_uint_eq(rep.nfindings, 1);
	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "data race");
	/* The fake "#7" line and the frame cut by a NUL are not frames. */
	ck_assert_uint_eq(f->accesses[0].nframes, 1);
	assert_where(f, "counter_increment", RACE_SRC, 10);
	rl_report_free(&rep);

	parse(TSAN, "garbage.bin", &rep);
	assert_well_formed(&rep);
	ck_assert_uint_eq(rep.nfindings, 0);
	rl_report_free(&rep);
}
END_TEST

/*
 * Every kind of report the runtimes print is a finding with its place: the
 * "==PID==ERROR: ThreadSanitizer: SEGV" shape (no "=====" lines, a
 * "==PID==" prefix, ends at SUMMARY) as much as the WARNING ones.
 */
static void check_tsan_one(const char *name, const char *kind,
			   const char *function, const char *src, int line)
{
	struct rl_report rep;

	ck_assert_msg(parse(TSAN, name, &rep) == 0, "%s: %s", name,
		      rep.error ? rep.error : "-");
	ck_assert_msg(rep.nfindings == 1, "%s: %zu findings", name,
		      rep.nfindings);
	ck_assert_str_eq(rep.findings[0].kind, kind);
	assert_where(&rep.findings[0], function, src, line);
	rl_report_free(&rep);
}

static void check_tsan_segv(const char *name)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_msg(parse(TSAN, name, &rep) == 0, "%s: %s", name,
		      rep.error ? rep.error : "-");
	ck_assert_uint_eq(rep.nfindings, 1);
	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "SEGV on unknown address");
	ck_assert(starts_with(f->summary, "SEGV "));
	ck_assert(strstr(f->summary, "in store_result") != NULL);
	assert_where(f, "store_result", SEGV_SRC, 9);
	ck_assert_uint_eq(f->naccesses, 1);
	ck_assert_str_eq(f->accesses[0].what,
			 "The signal is caused by a WRITE memory access");
	ck_assert_uint_eq(f->accesses[0].nframes, 5);
	ck_assert_str_eq(f->accesses[0].frames[1].function, "worker");
	rl_report_free(&rep);
}

START_TEST(tsan_segv)
{
	struct rl_report rep;

	check_tsan_segv("tsan-clang-segv.txt");
	check_tsan_segv("tsan-gcc-segv.txt");
	/* Killed inside the stack: kept as read, and said to be cut. */
	ck_assert_int_eq(parse(TSAN, "tsan-gcc-segv-truncated.txt", &rep), -1);
	ck_assert(rep.truncated);
	ck_assert_uint_eq(rep.nfindings, 1);
	ck_assert_str_eq(rep.findings[0].kind, "SEGV on unknown address");
	assert_where(&rep.findings[0], "store_result", SEGV_SRC, 9);
	rl_report_free(&rep);
}
END_TEST

START_TEST(tsan_every_kind)
{
	static const char *const cc[] = {"clang", "gcc"};
	struct rl_report rep;
	char name[64];

	for (int i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "tsan-%s-uaf.txt", cc[i]);
		check_tsan_one(name, "heap-use-after-free", "late_write",
			       UAF_SRC, 11);
		snprintf(name, sizeof(name), "tsan-%s-sigunsafe.txt", cc[i]);
		check_tsan_one(name, "signal-unsafe call inside of a signal",
			       "on_usr1", SIGUNSAFE_SRC, 11);
		snprintf(name, sizeof(name), "tsan-%s-mutexes.txt", cc[i]);
		check_tsan_one(name, "destroy of a locked mutex",
			       "destroy_locked", MUTEXES_SRC, 10);
		snprintf(name, sizeof(name), "tsan-%s-relock.txt", cc[i]);
		ck_assert_int_eq(parse(TSAN, name, &rep), 0);
		ck_assert_uint_eq(rep.nfindings, 2);
		ck_assert_str_eq(rep.findings[0].kind,
				 "double lock of a mutex");
		assert_where(&rep.findings[0], "relock", RELOCK_SRC, 22);
		ck_assert_str_eq(rep.findings[1].kind,
				 "read lock of a write locked mutex");
		assert_where(&rep.findings[1], "relock", RELOCK_SRC, 24);
		rl_report_free(&rep);
	}
	/* clang: the race on a global in the destructor, then the race on
	 * the vptr (gcc's runtime reports only the first). */
	ck_assert_int_eq(parse(TSAN, "tsan-clang-vptr.txt", &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 2);
	ck_assert_str_eq(rep.findings[0].kind, "data race");
	assert_where(&rep.findings[0], "Derived::~Derived()", VPTR_SRC, 15);
	ck_assert_str_eq(rep.findings[1].kind, "data race on vptr");
	assert_where(&rep.findings[1], "Base::~Base()", VPTR_SRC, 10);
	rl_report_free(&rep);
	check_tsan_one("tsan-gcc-vptr.txt", "data race", "Derived::~Derived()",
		       VPTR_SRC, 15);
}
END_TEST

/* Shapes the fixtures do not show, written the way the runtimes print. */
START_TEST(tsan_other_shapes)
{
	static const char text[] =
	    "==================\r\n"
	    "WARNING: ThreadSanitizer: signal-unsafe call inside of a "
	    "signal (pid=7)\r\n"
	    "    #0 malloc <null> (libtsan.so.2+0x3f0c1)\r\n"
	    "    #1 operator new(unsigned long) <null> (x+0x10)\r\n"
	    "    #2 on_alarm /src/sig.c:9:3 (sig+0x4d2)\r\n"
	    "\r\n"
	    "==================\r\n"
	    "program output\n"
	    "WARNING: ThreadSanitizer: heap-use-after-free (pid=7)\n"
	    "  Read of size 4 at 0x7b0400000010 by thread T3 (mutexes: "
	    "write M5):\n"
	    "    #0 reader /src/uaf.c:14 (uaf+0x1)\n"
	    "\n"
	    "  Location is heap block of size 4 at 0x7b0400000010 allocated "
	    "by main thread:\n"
	    "    #0 malloc <null> (uaf+0x2)\n"
	    "    #1 main /src/uaf.c:20 (uaf+0x3)\n"
	    "\n"
	    "WARNING: ThreadSanitizer: data race on vptr (ctor/dtor vs "
	    "virtual call) (pid=7)\n"
	    "SUMMARY: ThreadSanitizer: data race on vptr x.cc:1 in f\n"
	    "==================\n";
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse_buf(TSAN, text, sizeof(text) - 1, &rep), -1);
	/* The second report was cut off by the third. */
	ck_assert(rep.truncated);
	ck_assert_uint_eq(rep.nfindings, 3);

	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "signal-unsafe call inside of a signal");
	ck_assert_uint_eq(f->naccesses, 1);
	ck_assert_uint_eq(f->accesses[0].nframes, 3);
	ck_assert_str_eq(f->accesses[0].frames[1].function,
			 "operator new(unsigned long)");
	assert_where(f, "on_alarm", "/src/sig.c", 9);

	f = &rep.findings[1];
	ck_assert_str_eq(f->kind, "heap-use-after-free");
	ck_assert_str_eq(f->accesses[0].what, "Read of size 4");
	ck_assert_str_eq(f->accesses[0].thread, "T3");
	ck_assert_str_eq(f->accesses[1].what,
			 "Location is heap block of size 4");
	ck_assert_str_eq(f->accesses[1].thread, "main thread");
	ck_assert_int_eq(f->accesses[1].frames[1].line, 20);

	f = &rep.findings[2];
	ck_assert_str_eq(f->kind, "data race on vptr");
	ck_assert_str_eq(f->summary, "data race on vptr x.cc:1 in f");
	ck_assert_uint_eq(f->naccesses, 0);
	ck_assert_ptr_null(rl_finding_where(f));
	rl_report_free(&rep);

	ck_assert_int_eq(parse_buf(TSAN, NULL, 0, &rep), 0);
	rl_report_free(&rep);
	ck_assert_int_eq(parse_buf(TSAN, NULL, 5, &rep), -1);
	rl_report_free(&rep);
}
END_TEST

/* ------------------------------------------------------------ Valgrind */

START_TEST(helgrind_race)
{
	struct rl_report rep;

	ck_assert_int_eq(parse(VGXML, "helgrind-race.xml", &rep), 0);
	/* One per racing instruction pair: the read and the write of ++. */
	ck_assert_uint_eq(rep.nfindings, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct rl_finding *f = &rep.findings[i];
		const struct rl_access *a = &f->accesses[0];
		const char *by = strstr(f->summary, "by thread #");

		ck_assert_str_eq(f->kind, "Race");
		ck_assert(
		    starts_with(f->summary, "Possible data race during "));
		assert_where(f, "counter_increment", "/" RACE_SRC, 10);
		/* <announcethread> stacks are not part of any error. */
		ck_assert_uint_eq(f->naccesses, 2);
		ck_assert_str_eq(a->what, f->summary);
		ck_assert_ptr_nonnull(by);
		ck_assert_pstr_eq(a->thread, by + strlen("by thread "));
		ck_assert_str_eq(a->frames[1].function, "worker");
		ck_assert_int_eq(a->frames[1].line, 17);
		/* Helgrind's preload has no symbols; glibc is relative. */
		ck_assert_ptr_null(a->frames[2].function);
		ck_assert_ptr_null(a->frames[2].file);
		ck_assert_str_eq(a->frames[3].file,
				 "./nptl/./nptl/pthread_create.c");

		a = &f->accesses[1];
		ck_assert(starts_with(a->what, "This conflicts with a previous "
					       "write of size 8 by thread #"));
		ck_assert_pstr_eq(a->thread, strrchr(a->what, '#'));
		assert_own_frame(a, RACE_SRC, "counter_increment", 10);
	}
	rl_report_free(&rep);
}
END_TEST

START_TEST(helgrind_lockorder)
{
	static const struct {
		const char *what_prefix, *function;
		int line;
	} want[] = {
	    {"Thread #", "take_b_then_a", 23},
	    {"Required order was established by acquisition of lock at 0x",
	     "take_a_then_b", 12},
	    {"followed by a later acquisition of lock at 0x", "take_a_then_b",
	     13},
	    {"Lock at 0x", "take_a_then_b", 12},
	    {"Lock at 0x", "take_a_then_b", 13},
	};
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse(VGXML, "helgrind-lockorder.xml", &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 1);
	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "LockOrder");
	ck_assert(strstr(f->summary, ": lock order \"0x") != NULL);
	ck_assert(ends_with(f->summary, "\" violated"));
	assert_where(f, "take_b_then_a", LOCKORDER_SRC, 23);
	ck_assert_uint_eq(f->naccesses, 5);
	ck_assert(starts_with(f->accesses[0].thread, "#"));
	for (size_t i = 0; i < 5; i++) {
		ck_assert_msg(
		    starts_with(f->accesses[i].what, want[i].what_prefix),
		    "access %zu: %s", i, f->accesses[i].what);
		assert_own_frame(&f->accesses[i], LOCKORDER_SRC,
				 want[i].function, want[i].line);
	}
	ck_assert(ends_with(f->accesses[3].what, " was first observed"));
	rl_report_free(&rep);
}
END_TEST

START_TEST(helgrind_misuse)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse(VGXML, "helgrind-misuse.xml", &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 1);
	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "UnlockUnlocked");
	ck_assert(strstr(f->summary, "unlocked a not-locked lock") != NULL);
	assert_where(f, "release_twice", MISUSE_SRC, 18);
	ck_assert_str_eq(f->accesses[0].thread, "#1");
	ck_assert_uint_eq(f->naccesses, 2);
	assert_own_frame(&f->accesses[1], MISUSE_SRC, "release_twice", 16);
	rl_report_free(&rep);
}
END_TEST

START_TEST(valgrind_clean)
{
	check_no_findings(VGXML, "helgrind-clean.xml");
	check_no_findings(VGXML, "helgrind-atomic.xml");
	check_no_findings(VGXML, "drd-clean.xml");
	check_no_findings(VGXML, "drd-atomic.xml");
	/* DRD has no lock-order check at all. */
	check_no_findings(VGXML, "drd-lockorder.xml");
}
END_TEST

static void check_drd_race(const char *name, const char *function, int line)
{
	struct rl_report rep;

	ck_assert_int_eq(parse(VGXML, name, &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct rl_finding *f = &rep.findings[i];

		ck_assert_str_eq(f->kind, "ConflictingAccess");
		ck_assert(
		    starts_with(f->summary, "Conflicting load by thread ") ||
		    starts_with(f->summary, "Conflicting store by thread "));
		ck_assert(ends_with(f->summary, " size 8"));
		assert_where(f, function, "/" RACE_SRC, line);
		/* The other segment's stacks are gone with its thread. */
		ck_assert_uint_eq(f->naccesses, 1);
		ck_assert_str_eq(f->accesses[0].what, f->summary);
		ck_assert(starts_with(f->accesses[0].thread, "#"));
	}
	rl_report_free(&rep);
}

START_TEST(drd_race)
{
	/* By default DRD names the caller of the leaf (README.md). */
	check_drd_race("drd-race.xml", "worker", 17);
	check_drd_race("drd-race-nochase.xml", "counter_increment", 10);
}
END_TEST

START_TEST(drd_misuse)
{
	struct rl_report rep;
	const struct rl_finding *f;

	ck_assert_int_eq(parse(VGXML, "drd-misuse.xml", &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 1);
	f = &rep.findings[0];
	ck_assert_str_eq(f->kind, "MutexErr");
	/* The <what> inside <first_observed_at> is not the summary. */
	ck_assert(starts_with(f->summary, "Mutex not locked by calling "
					  "thread: mutex 0x"));
	assert_where(f, "release_twice", MISUSE_SRC, 18);
	ck_assert_uint_eq(f->naccesses, 2);
	ck_assert_str_eq(f->accesses[0].frames[0].function,
			 "pthread_mutex_unlock@*");
	ck_assert_ptr_null(f->accesses[0].frames[0].file);
	ck_assert_str_eq(f->accesses[1].what, "first observed at");
	assert_own_frame(&f->accesses[1], MISUSE_SRC, "release_twice", 16);
	rl_report_free(&rep);
}
END_TEST

/* A damaged file keeps the complete errors before the damage. */
static void check_vg_damaged(const char *name, const char *full, size_t nkept,
			     const char *message)
{
	struct rl_report rep, ref;

	ck_assert_int_eq(parse(VGXML, name, &rep), -1);
	ck_assert(rep.truncated);
	ck_assert_msg(strstr(rep.error, message) != NULL, "error: %s",
		      rep.error);
	ck_assert(starts_with(rep.error, "XML error at line "));
	ck_assert_uint_eq(rep.nfindings, nkept);
	ck_assert_int_eq(parse(VGXML, full, &ref), 0);
	for (size_t i = 0; i < nkept; i++) {
		const struct rl_finding *a = &rep.findings[i];
		const struct rl_finding *b = &ref.findings[i];

		ck_assert_str_eq(a->kind, b->kind);
		ck_assert_str_eq(a->summary, b->summary);
		ck_assert_uint_eq(a->naccesses, b->naccesses);
		ck_assert_int_eq(rl_finding_where(a) != NULL,
				 rl_finding_where(b) != NULL);
		if (rl_finding_where(a) != NULL)
			ck_assert_int_eq(rl_finding_where(a)->line,
					 rl_finding_where(b)->line);
	}
	rl_report_free(&ref);
	rl_report_free(&rep);
}

START_TEST(valgrind_truncated)
{
	check_vg_damaged("helgrind-race-truncated.xml", "helgrind-race.xml", 1,
			 "no element found");
	check_vg_damaged("drd-race-truncated.xml", "drd-race.xml", 1,
			 "unclosed token");
}
END_TEST

/* Valgrind killed at a time-out: the errors it wrote before are kept, and
 * the error says the XML ended early rather than that it was broken. */
static void check_vg_killed(const char *name, const char *kind)
{
	struct rl_report rep;

	ck_assert_int_eq(parse(VGXML, name, &rep), -1);
	ck_assert(rep.truncated);
	ck_assert_msg(strstr(rep.error, "the XML ends early") != NULL,
		      "error: %s", rep.error);
	ck_assert_uint_eq(rep.nfindings, 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_str_eq(rep.findings[i].kind, kind);
		assert_where(&rep.findings[i], "main", HANG_SRC, 19);
	}
	rl_report_free(&rep);
}

START_TEST(valgrind_killed_at_timeout)
{
	struct rl_report rep;

	check_vg_killed("helgrind-hang.xml", "Race");
	check_vg_killed("drd-hang.xml", "ConflictingAccess");
	/* Damage inside the file is not an early end. */
	parse(VGXML, "helgrind-race-garbled.xml", &rep);
	ck_assert(strstr(rep.error, "ends early") == NULL);
	rl_report_free(&rep);
}
END_TEST

START_TEST(valgrind_garbled)
{
	struct rl_report rep;

	check_vg_damaged("helgrind-race-garbled.xml", "helgrind-race.xml", 1,
			 "not well-formed");
	check_vg_damaged("helgrind-lockorder-garbled.xml",
			 "helgrind-lockorder.xml", 0, "not well-formed");
	check_vg_damaged("empty.xml", "helgrind-clean.xml", 0,
			 "no element found");
	ck_assert_int_eq(parse(VGXML, "garbage.bin", &rep), -1);
	ck_assert_uint_eq(rep.nfindings, 0);
	rl_report_free(&rep);
	/* TSan's text is not XML, and XML that is not Valgrind's is refused. */
	ck_assert_int_eq(parse(VGXML, "tsan-clang-race.txt", &rep), -1);
	ck_assert_uint_eq(rep.nfindings, 0);
	rl_report_free(&rep);
	ck_assert_int_eq(parse_buf(VGXML, "<a><error/></a>", 15, &rep), -1);
	ck_assert(starts_with(rep.error, "not Valgrind XML"));
	ck_assert(!rep.truncated);
	rl_report_free(&rep);
	/* And Valgrind's XML is no TSan report. */
	ck_assert_int_eq(parse(TSAN, "helgrind-race.xml", &rep), 0);
	ck_assert_uint_eq(rep.nfindings, 0);
	rl_report_free(&rep);
}
END_TEST

/*
 * A race read inside glibc's qsort: Helgrind and DRD name glibc's frames
 * first ("./stdlib/./stdlib/msort.c"), the program's call further down the
 * same stack. Every place that picks "where to look" (rl_finding_where,
 * judge's rl_access_where) passes over glibc and lands in the program.
 */
static const struct rl_frame *first_with_file(const struct rl_access *a)
{
	for (size_t i = 0; i < a->nframes; i++)
		if (a->frames[i].file != NULL)
			return &a->frames[i];
	return NULL;
}

static void check_where_skips_glibc(const char *name)
{
	struct rl_report rep;
	size_t inside_glibc = 0;

	ck_assert_int_eq(parse(VGXML, name, &rep), 0);
	ck_assert_uint_gt(rep.nfindings, 0);
	for (size_t i = 0; i < rep.nfindings; i++) {
		const struct rl_finding *f = &rep.findings[i];

		for (size_t j = 0; j < f->naccesses; j++) {
			const struct rl_access *a = &f->accesses[j];
			const struct rl_frame *w = rl_access_where(a);

			const struct rl_frame *top = first_with_file(a);
			bool in_glibc =
			    top != NULL && starts_with(top->file, "./stdlib/");

			inside_glibc += in_glibc;
			if (w == NULL)
				continue;
			ck_assert_msg(ends_with(w->file, LIBCRACE_SRC),
				      "%s: finding %zu access %zu is placed "
				      "at %s:%d",
				      name, i, j, w->file, w->line);
			if (in_glibc)
				ck_assert_int_eq(w->line, 29); /* qsort() */
		}
		ck_assert_ptr_nonnull(rl_finding_where(f));
		ck_assert(ends_with(rl_finding_where(f)->file, LIBCRACE_SRC));
	}
	ck_assert_msg(inside_glibc > 0, "%s: no access inside glibc", name);
	rl_report_free(&rep);
}

START_TEST(valgrind_where_skips_glibc)
{
	check_where_skips_glibc("helgrind-libcrace.xml");
	check_where_skips_glibc("drd-libcrace.xml");
	ck_assert(rl_is_system_file("./nptl/./nptl/pthread_kill.c"));
	ck_assert(rl_is_system_file(
	    "./misc/../sysdeps/unix/sysv/linux/x86_64/clone.S"));
	ck_assert(!rl_is_system_file("/src/nptl-demo.c"));
	ck_assert(!rl_is_system_file("tests/fixtures/src/libcrace.c"));
}
END_TEST

/* ------------------------------------------------------------ robustness */

static const char *const all_fixtures[] = {
    "tsan-clang-race.txt",    "tsan-gcc-lockorder.txt",
    "tsan-clang-misuse.txt",  "tsan-clang-race-garbled.txt",
    "helgrind-race.xml",      "helgrind-lockorder.xml",
    "drd-misuse.xml",	      "helgrind-race-garbled.xml",
    "drd-race-truncated.xml", "garbage.bin",
    "tsan-clang-segv.txt",    "tsan-gcc-segv.txt",
    "tsan-gcc-uaf.txt",	      "tsan-clang-sigunsafe.txt",
};

/* Every prefix of a file: what a tool killed at any byte would leave. */
START_TEST(every_prefix)
{
	for (size_t i = 0; i < sizeof(all_fixtures) / sizeof(*all_fixtures);
	     i++) {
		struct fixture fx = load(all_fixtures[i]);
		enum tool tool =
		    ends_with(all_fixtures[i], ".xml") ? VGXML : TSAN;
		struct rl_report full, rep;
		size_t step = fx.len > 4096 ? 3 : 1;

		parse_buf(tool, fx.data, fx.len, &full);
		for (size_t n = 0; n <= fx.len; n += step) {
			parse_buf(tool, fx.data, n, &rep);
			assert_well_formed(&rep);
			ck_assert_uint_le(rep.nfindings, full.nfindings);
			rl_report_free(&rep);
		}
		rl_report_free(&full);
		free(fx.data);
	}
}
END_TEST

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

/* Random bytes overwritten, dropped and duplicated, from a fixed seed. */
static void mutate(char *buf, size_t *len, uint32_t *rnd)
{
	int edits = 1 + (int)(next_random(rnd) % 8);

	for (int e = 0; e<edits && * len> 1; e++) {
		size_t at = next_random(rnd) % *len;

		switch (next_random(rnd) % 3) {
		case 0:
			buf[at] = (char)next_random(rnd);
			break;
		case 1:
			memmove(buf + at, buf + at + 1, *len - at - 1);
			(*len)--;
			break;
		default:
			buf[next_random(rnd) % *len] = buf[at];
			break;
		}
	}
}

START_TEST(random_damage)
{
	uint32_t rnd = 12345;

	for (size_t i = 0; i < sizeof(all_fixtures) / sizeof(*all_fixtures);
	     i++) {
		struct fixture fx = load(all_fixtures[i]);
		char *copy = malloc(fx.len + 1);

		ck_assert_ptr_nonnull(copy);
		for (int round = 0; round < 300; round++) {
			size_t len = fx.len;
			struct rl_report rep;

			memcpy(copy, fx.data, fx.len);
			mutate(copy, &len, &rnd);
			parse_buf(TSAN, copy, len, &rep);
			assert_well_formed(&rep);
			rl_report_free(&rep);
			parse_buf(VGXML, copy, len, &rep);
			assert_well_formed(&rep);
			rl_report_free(&rep);
		}
		free(copy);
		free(fx.data);
	}
}
END_TEST

START_TEST(where_and_free)
{
	struct rl_frame frames[] = {
	    {NULL, NULL, 0},
	    {"f", "/usr/include/x86_64-linux-gnu/bits/x.h", 1},
	    {"g", "../../../../src/libsanitizer/tsan/tsan_rtl.cpp", 2},
	    {"h", "./misc/../sysdeps/unix/clone.S", 3},
	    {"i", "/build/valgrind/helgrind/hg_intercepts.c", 4},
	    {"j", "src/mine.c", 5},
	};
	struct rl_access acc[2] = {
	    {"first", NULL, frames, 5},
	    {"second", NULL, frames, 6},
	};
	struct rl_finding f = {"k", "s", acc, 1};
	struct rl_report rep = {NULL, 0, false, NULL};

	ck_assert_ptr_null(rl_finding_where(&f));
	f.naccesses = 2;
	ck_assert_ptr_eq(rl_finding_where(&f), &frames[5]);
	ck_assert_ptr_null(rl_finding_where(NULL));
	rl_report_free(&rep);
	rl_report_free(NULL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parsers");
	TCase *tsan = testlib_tcase("tsan");
	TCase *vg = testlib_tcase("valgrind");
	TCase *robust = testlib_tcase("robustness");

	tcase_add_test(tsan, tsan_clang_race);
	tcase_add_test(tsan, tsan_gcc_race);
	tcase_add_test(tsan, tsan_clang_lockorder);
	tcase_add_test(tsan, tsan_gcc_lockorder);
	tcase_add_test(tsan, tsan_clean);
	tcase_add_test(tsan, tsan_clang_misuse);
	tcase_add_test(tsan, tsan_gcc_misuse);
	tcase_add_test(tsan, tsan_truncated_second_report);
	tcase_add_test(tsan, tsan_truncated_in_stack);
	tcase_add_test(tsan, tsan_garbled);
	tcase_add_test(tsan, tsan_other_shapes);
	tcase_add_test(tsan, tsan_segv);
	tcase_add_test(tsan, tsan_every_kind);
	tcase_add_test(vg, helgrind_race);
	tcase_add_test(vg, helgrind_lockorder);
	tcase_add_test(vg, helgrind_misuse);
	tcase_add_test(vg, valgrind_clean);
	tcase_add_test(vg, drd_race);
	tcase_add_test(vg, drd_misuse);
	tcase_add_test(vg, valgrind_truncated);
	tcase_add_test(vg, valgrind_garbled);
	tcase_add_test(vg, valgrind_where_skips_glibc);
	tcase_add_test(vg, valgrind_killed_at_timeout);
	tcase_add_test(robust, every_prefix);
	tcase_add_test(robust, random_damage);
	tcase_add_test(robust, where_and_free);
	suite_add_tcase(s, tsan);
	suite_add_tcase(s, vg);
	suite_add_tcase(s, robust);
	return s;
}

TESTLIB_MAIN
