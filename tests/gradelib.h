/*
 * gradelib.h - what the grader's Check suites (check_grade, check_labfixes,
 * check_labfixes2) share: a private TMPDIR the sandbox user can pass
 * through, `racelab grade ARGS...` run from build/racelab (RACELAB_BUILD
 * overrides the folder), the result line of one check, and the graded
 * submissions of tests/grade/ with the grade their header states:
 *
 *   GRADE: loses CHECK    that check FAILS (so the score is below full)
 *   GRADE: full           every check PASSES: Score 100/100
 *
 * Include after testlib.h; every function is static inline, so a suite
 * that uses only some of them compiles without warnings.
 */
#ifndef RACELAB_GRADELIB_H
#define RACELAB_GRADELIB_H

#include "proc.h"
#include "util.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The suite's private TMPDIR, made by gradelib_make_tmpdir. */
static char *gradelib_tmpdir;

/* One more environment entry for the next gradings, or NULL (NO_COLOR=1
 * and TMPDIR are always set), e.g. "RACELAB_NO_BWRAP=1". */
static const char *gradelib_extra_env;

static inline const char *gradelib_build_dir(void)
{
	const char *b = getenv("RACELAB_BUILD");

	return b && *b ? b : "build";
}

/* /tmp/NAME.XXXXXX as gradelib_tmpdir; the sandbox user must be able to
 * pass through it, so it is 0755. */
static inline void gradelib_make_tmpdir(const char *name)
{
	char *tmpl = rl_xasprintf("/tmp/%s.XXXXXX", name);

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	gradelib_tmpdir = tmpl;
	ck_assert_int_eq(chmod(gradelib_tmpdir, 0755), 0);
}

/* A --timeout for racelab grade: base seconds on an idle machine, times
 * the factor run-tests.sh gives Check's own time-outs on a busy one
 * (CK_TIMEOUT_MULTIPLIER), so that a loaded machine makes a check slower,
 * not could-not-judge. The text is in a static buffer. */
static inline const char *gradelib_timeout(int base)
{
	static char text[16];
	const char *m = getenv("CK_TIMEOUT_MULTIPLIER");
	int k = m != NULL && atoi(m) > 1 ? atoi(m) : 1;

	snprintf(text, sizeof(text), "%d", base * k);
	return text;
}

/* racelab grade ARGS... (NULL-terminated), with TMPDIR=gradelib_tmpdir;
 * the finished process. */
static inline struct rl_proc gradelib_grade(char *const *args)
{
	char *argv[24] = {rl_xasprintf("%s/racelab", gradelib_build_dir()),
			  "grade"};
	char *env[] = {"NO_COLOR=1", rl_xasprintf("TMPDIR=%s", gradelib_tmpdir),
		       (char *)gradelib_extra_env, NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 180};
	int n = 2;

	for (; args[n - 2] != NULL && n < 23; n++)
		argv[n] = args[n - 2];
	argv[n] = NULL;
	ck_assert_int_eq(rl_proc_run(&p), 0);
	free(argv[0]);
	free(env[1]);
	return p;
}

/* The line of out that reports check as PASS or FAIL, or NULL. */
static inline const char *gradelib_result_line(const char *out,
					       const char *check)
{
	for (const char *p = out; p != NULL && *p; p = strchr(p, '\n')) {
		char st[8], name[64];

		if (*p == '\n')
			p++;
		if (sscanf(p, "%7s %*s %63s", st, name) == 2 &&
		    strcmp(name, check) == 0 &&
		    (strcmp(st, "PASS") == 0 || strcmp(st, "FAIL") == 0))
			return p;
	}
	return NULL;
}

/* out reports check with status ("PASS" or "FAIL"). */
static inline int gradelib_has_result(const char *out, const char *status,
				      const char *check)
{
	const char *line = gradelib_result_line(out, check);

	return line != NULL && strncmp(line, status, strlen(status)) == 0;
}

static inline void gradelib_free_list(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* The GRADE: lines of a submission, "loses X" or "full", one per entry
 * (malloc'd, NULL-terminated); a file without one fails the test. */
static inline char **gradelib_grade_lines(const char *path)
{
	char *text = rl_read_file(path, NULL), *save = NULL, **v = NULL;
	size_t n = 0;

	ck_assert_msg(text != NULL, "cannot read %s", path);
	for (char *l = strtok_r(text, "\n", &save); l != NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		char *g = strstr(l, "GRADE: ");

		if (g == NULL)
			continue;
		ck_assert_msg(strncmp(g + 7, "loses ", 6) == 0 ||
				  strncmp(g + 7, "full", 4) == 0,
			      "%s: GRADE: is 'loses CHECK' or 'full'", path);
		v = rl_xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = rl_xstrdup(g + 7);
		v[n] = NULL;
	}
	free(text);
	ck_assert_msg(n > 0, "%s states no GRADE: line", path);
	return v;
}

/* tests/grade/LAB-*.c, sorted (malloc'd paths, NULL-terminated). */
static inline char **gradelib_submissions(const char *lab)
{
	DIR *d = opendir("tests/grade");
	struct dirent *e;
	char **v = rl_xrealloc(NULL, sizeof(*v));
	size_t n = 0, len = strlen(lab);

	ck_assert_ptr_nonnull(d);
	v[0] = NULL;
	while ((e = readdir(d)) != NULL) {
		size_t k = strlen(e->d_name);

		if (strncmp(e->d_name, lab, len) != 0 ||
		    e->d_name[len] != '-' || k < 3 ||
		    strcmp(e->d_name + k - 2, ".c") != 0)
			continue;
		v = rl_xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = rl_xasprintf("tests/grade/%s", e->d_name);
		v[n] = NULL;
	}
	closedir(d);
	for (size_t i = 0; i + 1 < n; i++) /* few: a plain sort */
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(v[i], v[j]) > 0) {
				char *t = v[i];

				v[i] = v[j];
				v[j] = t;
			}
	return v;
}

#endif
