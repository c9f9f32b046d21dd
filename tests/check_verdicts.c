/*
 * check_verdicts.c - every small program under tests/verdicts/ and
 * tests/conformance/ run through racelab, its verdict compared with the one
 * the program declares in its own header (like LLVM's lit `// CHECK:` lines).
 *
 * A program carries its expectations as comment lines at the top:
 *
 *   // BUILD: tsan            build %b first: tsan (clang -fsanitize=thread),
 *                             plain (cc -O1 -g), or none (default)
 *   // RUN: racelab scan --tool sched %s
 *   // EXIT: 0                racelab's exit status
 *   // CHECK: no failing schedule      text that must appear (stdout+stderr)
 *   // CHECK-NOT: deadlock             text that must not appear
 *   // ENV: TMPDIR=/nonexistent        added to the environment of the run
 *   // TIMEOUT: 30                     seconds for the run (default 60)
 *
 * Each RUN line starts a block: the EXIT, CHECK, CHECK-NOT, ENV and TIMEOUT
 * lines after it belong to it; ENV lines before the first RUN apply to all.
 * In a RUN line, `racelab` is build/racelab, %s the source, %b the built
 * program, %t a fresh private directory, %S the source's folder. Words are
 * split at blanks; '...' and "..." quote. No shell is involved.
 *
 * One Check test per file; a file whose header is malformed fails its test.
 */
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_BLOCKS 16
#define MAX_LINES  32
#define MAX_WORDS  64

struct vblock {
	char *run;
	int exit_code; /* -1: not declared (an error) */
	char *check[MAX_LINES];
	int ncheck;
	char *check_not[MAX_LINES];
	int ncheck_not;
	char *env[MAX_LINES + 2];
	int nenv;
	double timeout;
};

struct vfile {
	char *build; /* NULL, "tsan" or "plain" */
	char *env[MAX_LINES];
	int nenv;
	struct vblock b[MAX_BLOCKS];
	int nb;
};

static glob_t files;

static const char *build_dir(void)
{
	const char *b = getenv("RACELAB_BUILD");

	return b && *b ? b : "build";
}

static char *directive(char *line, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(line, "// ", 3) != 0 || strncmp(line + 3, name, n) != 0 ||
	    line[3 + n] != ':')
		return NULL;
	line += 3 + n + 1;
	while (*line == ' ' || *line == '\t')
		line++;
	line[strcspn(line, "\n")] = '\0';
	return line;
}

/* Store one header line into f; false (with *why) on a malformed one. */
static bool header_line(struct vfile *f, char *line, const char **why)
{
	struct vblock *b = f->nb ? &f->b[f->nb - 1] : NULL;
	char *v;

	if ((v = directive(line, "RUN"))) {
		if (f->nb == MAX_BLOCKS)
			return *why = "too many RUN lines", false;
		b = &f->b[f->nb++];
		b->run = rl_xstrdup(v);
		b->exit_code = -1;
		b->timeout = 60;
		for (int i = 0; i < f->nenv; i++)
			b->env[b->nenv++] = f->env[i];
		return true;
	}
	if ((v = directive(line, "BUILD")))
		return f->build = rl_xstrdup(v), true;
	if ((v = directive(line, "ENV"))) {
		if (b) {
			if (b->nenv == MAX_LINES)
				return *why = "too many ENV lines", false;
			b->env[b->nenv++] = rl_xstrdup(v);
		} else {
			if (f->nenv == MAX_LINES)
				return *why = "too many ENV lines", false;
			f->env[f->nenv++] = rl_xstrdup(v);
		}
		return true;
	}
	if (b == NULL)
		return true; /* prose before the first RUN */
	if ((v = directive(line, "EXIT")))
		return rl_parse_long(v, 0, 255, &(long){0})
			   ? (b->exit_code = atoi(v), true)
			   : (*why = "EXIT is not a number", false);
	if ((v = directive(line, "TIMEOUT")))
		return rl_parse_double(v, 1, 600, &b->timeout)
			   ? true
			   : (*why = "TIMEOUT is not 1..600", false);
	if ((v = directive(line, "CHECK"))) {
		if (b->ncheck == MAX_LINES)
			return *why = "too many CHECK lines", false;
		return b->check[b->ncheck++] = rl_xstrdup(v), true;
	}
	if ((v = directive(line, "CHECK-NOT"))) {
		if (b->ncheck_not == MAX_LINES)
			return *why = "too many CHECK-NOT lines", false;
		return b->check_not[b->ncheck_not++] = rl_xstrdup(v), true;
	}
	return true;
}

/* Read the header (every leading comment line). */
static void header_read(const char *path, struct vfile *f)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	const char *why = NULL;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	memset(f, 0, sizeof(*f));
	while (fgets(line, sizeof(line), fp)) {
		if (strncmp(line, "//", 2) != 0 &&
		    strncmp(line, "/*", 2) != 0 &&
		    strncmp(line, " *", 2) != 0 && line[0] != '\n')
			break;
		ck_assert_msg(header_line(f, line, &why), "%s: %s: %s", path,
			      why, line);
	}
	fclose(fp);
	ck_assert_msg(f->nb > 0, "%s: no // RUN: line", path);
	for (int i = 0; i < f->nb; i++)
		ck_assert_msg(f->b[i].exit_code >= 0,
			      "%s: RUN '%s' has no // EXIT: line", path,
			      f->b[i].run);
}

/* Substitute %s %b %t %S and split into words (quotes group). */
static int split_run(const char *run, const char *src, const char *bin,
		     const char *tmp, char **argv)
{
	char dir[PATH_MAX];
	struct rl_buf w = {0};
	int n = 0;
	char quote = 0;
	bool inword = false;

	snprintf(dir, sizeof(dir), "%s", src);
	*strrchr(dir, '/') = '\0';
	for (const char *p = run;; p++) {
		if (*p == '\0' || (!quote && (*p == ' ' || *p == '\t'))) {
			if (inword && n < MAX_WORDS - 1) {
				char *word = rl_buf_take(&w);

				if (n == 0 && strcmp(word, "racelab") == 0) {
					free(word);
					word = rl_xasprintf("%s/racelab",
							    build_dir());
				}
				argv[n++] = word;
			}
			inword = false;
			if (*p == '\0')
				break;
			continue;
		}
		inword = true;
		if (quote ? *p == quote : (*p == '\'' || *p == '"')) {
			quote = quote ? 0 : *p;
			continue;
		}
		if (*p == '%' && strchr("sbtS", p[1])) {
			const char *sub = p[1] == 's'	? src
					  : p[1] == 'b' ? bin
					  : p[1] == 't' ? tmp
							: dir;
			rl_buf_add(&w, sub, strlen(sub));
			p++;
			continue;
		}
		rl_buf_add(&w, p, 1);
	}
	argv[n] = NULL;
	return n;
}

static void build(const struct vfile *f, const char *src, const char *bin)
{
	char *argv[16];
	int n = 0;
	struct rl_proc p = {.argv = argv, .timeout_s = 120};

	if (f->build == NULL || strcmp(f->build, "none") == 0)
		return;
	if (strcmp(f->build, "tsan") == 0) {
		argv[n++] = "clang";
		argv[n++] = "-fsanitize=thread";
	} else {
		ck_assert_msg(strcmp(f->build, "plain") == 0,
			      "%s: BUILD must be tsan, plain or none", src);
		argv[n++] = "cc";
	}
	argv[n++] = "-g";
	argv[n++] = "-O1";
	argv[n++] = "-pthread";
	argv[n++] = (char *)src;
	argv[n++] = "-o";
	argv[n++] = (char *)bin;
	argv[n++] = "-lm";
	argv[n] = NULL;
	ck_assert_int_eq(rl_proc_run(&p), 0);
	ck_assert_msg(p.status == 0, "%s: build failed:\n%s", src, p.err);
	rl_proc_free(&p);
}

/*
 * The output as a failure message shows it: Check refuses messages over
 * about 4 KB, so a long one keeps its head and tail around a note.
 */
static char *shorten(const char *text)
{
	size_t len = strlen(text), keep = 1500;

	if (len <= 2 * keep + 100)
		return rl_xstrdup(text);
	return rl_xasprintf("%.*s\n[... %zu bytes cut ...]\n%s", (int)keep,
			    text, len - 2 * keep, text + len - keep);
}

static void run_block(const struct vblock *b, const char *src, const char *bin,
		      const char *tmp)
{
	char *argv[MAX_WORDS];
	char *env[MAX_LINES + 4];
	int ne = 0;
	struct rl_proc p = {
	    .argv = argv, .env_add = env, .timeout_s = b->timeout};
	struct rl_buf all = {0};
	char *text, *shown;

	split_run(b->run, src, bin, tmp, argv);
	env[ne++] = "NO_COLOR=1";
	for (int i = 0; i < b->nenv; i++)
		env[ne++] = b->env[i];
	env[ne] = NULL;
	ck_assert_int_eq(rl_proc_run(&p), 0);
	rl_buf_printf(&all, "%s%s", p.out ? p.out : "", p.err ? p.err : "");
	text = rl_buf_take(&all);
	shown = shorten(text);
	ck_assert_msg(!p.timed_out, "%s: '%s' did not finish in %.0f s:\n%s",
		      src, b->run, b->timeout, shown);
	ck_assert_msg(p.status == b->exit_code,
		      "%s: '%s' exited %d, expected %d:\n%s", src, b->run,
		      p.status, b->exit_code, shown);
	for (int i = 0; i < b->ncheck; i++)
		ck_assert_msg(strstr(text, b->check[i]) != NULL,
			      "%s: '%s' output lacks '%s':\n%s", src, b->run,
			      b->check[i], shown);
	for (int i = 0; i < b->ncheck_not; i++)
		ck_assert_msg(strstr(text, b->check_not[i]) == NULL,
			      "%s: '%s' output has '%s':\n%s", src, b->run,
			      b->check_not[i], shown);
	free(shown);
	free(text);
	for (int i = 1; argv[i - 1]; i++)
		free(argv[i - 1]);
	rl_proc_free(&p);
}

START_TEST(verdict)
{
	char src[PATH_MAX];
	struct vfile f;
	char *tmp = rl_tmpdir_make();
	char *bin;

	ck_assert_msg(realpath(files.gl_pathv[_i], src) != NULL, "%s",
		      files.gl_pathv[_i]);
	ck_assert(tmp != NULL);
	bin = rl_xasprintf("%s/prog", tmp);
	header_read(src, &f);
	build(&f, src, bin);
	for (int i = 0; i < f.nb; i++)
		run_block(&f.b[i], src, bin, tmp);
	free(bin);
	rl_tmpdir_remove(tmp);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("verdicts");
	TCase *tc = testlib_tcase("programs");
	const char *only = getenv("VERDICTS");

	if (only && *only) {
		glob(only, 0, NULL, &files);
	} else {
		glob("tests/verdicts/*.c", 0, NULL, &files);
		glob("tests/conformance/*.c", GLOB_APPEND, NULL, &files);
	}
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, verdict, 0, (int)files.gl_pathc);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
