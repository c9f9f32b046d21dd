/*
 * check_labs.c - the lab handouts say what the grader and the contract say.
 *
 * For every case of the catalogue, docs/labs/CASE.md must exist and:
 *   - its grading table (the rows "| `check` | points | ..." under
 *     "## Grading") names the same checks, with the same points, in the same
 *     order, as harness/cases/CASE/grade (lines "NAME POINTS KIND ..."),
 *     and so does the case's table in docs/labs/README.md (under a
 *     heading "CASE (N points)", at any level);
 *   - every line of its contract block (the first ```c block under
 *     "## The contract") is a line of harness/cases/CASE/CASE.h, verbatim.
 * A case without a grade file yet, or a handout whose table has no rows
 * yet, is skipped visibly (one line on stdout); once both exist, any
 * difference fails.
 *
 * And every `racelab replay CASE ... --schedule S` a handout prints
 * replays: run from the build (RACELAB_BUILD, default build), it must end
 * as a schedule failure or a pass (exit 3-6 or 0), never diverged (7): a
 * change to a structure or a driver that adds or moves a schedule point
 * makes the recorded schedule name other threads, and the handout then
 * shows the student something racelab no longer does. Runs from the
 * project root (where harness/ and docs/ are), like the other suites.
 */
#include "cases.h"
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One check as a grade file or a handout's table names it. */
struct row {
	char name[64];
	long points;
};

struct rows {
	struct row r[64];
	size_t n;
};

/* The next line of *p (without its newline) into buf; false at the end. */
static bool next_line(const char **p, char *buf, size_t size)
{
	const char *s = *p, *e;
	size_t n;

	if (*s == '\0')
		return false;
	e = strchr(s, '\n');
	n = e ? (size_t)(e - s) : strlen(s);
	snprintf(buf, size, "%.*s", (int)n, s);
	*p = e ? e + 1 : s + n;
	return true;
}

/* Append (name, points) to t; an error message or NULL. */
static char *add_row(struct rows *t, const char *name, size_t len,
		     const char *points)
{
	long v;
	char num[32];
	size_t k = strspn(points, "0123456789");

	snprintf(num, sizeof(num), "%.*s", (int)k, points);
	if (len == 0 || len >= sizeof(t->r[0].name) || k == 0 ||
	    !rl_parse_long(num, 0, 1000, &v))
		return rl_xasprintf("malformed row near \"%.*s\"", (int)len,
				    name);
	if (t->n == sizeof(t->r) / sizeof(t->r[0]))
		return rl_xstrdup("too many rows");
	snprintf(t->r[t->n].name, sizeof(t->r[0].name), "%.*s", (int)len, name);
	t->r[t->n++].points = v;
	return NULL;
}

/* The checks of a grade file's text: "NAME POINTS ..." per line. */
static char *grade_rows(const char *text, struct rows *t)
{
	char line[1024], *err = NULL;

	t->n = 0;
	while (err == NULL && next_line(&text, line, sizeof(line))) {
		const char *s = line + strspn(line, " \t");
		size_t len = strcspn(s, " \t");

		if (*s == '#' || *s == '\0')
			continue;
		err = add_row(t, s, len, s + len + strspn(s + len, " \t"));
	}
	return err;
}

/* The rows "| `name` | points |" of the section of text whose heading (at
 * any level: "## Grading", "#### counter (100 points)") starts with title,
 * up to the next heading. */
static char *section_rows(const char *text, const char *title, struct rows *t)
{
	char line[2048], *err = NULL;
	bool in = false;

	t->n = 0;
	while (err == NULL && next_line(&text, line, sizeof(line))) {
		if (line[0] == '#') {
			const char *h = line + strspn(line, "#");

			h += strspn(h, " ");
			in = strncmp(h, title, strlen(title)) == 0;
		}
		if (!in || strncmp(line, "| `", 3) != 0)
			continue;
		const char *name = line + 3, *end = strchr(name, '`');
		const char *cell = end ? strchr(end, '|') : NULL;

		if (cell == NULL)
			return rl_xasprintf("malformed row: %s", line);
		err = add_row(t, name, (size_t)(end - name),
			      cell + 1 + strspn(cell + 1, " "));
	}
	return err;
}

/* NULL when the two tables agree, else what differs (first difference). */
static char *compare_rows(const struct rows *want, const struct rows *got)
{
	size_t i;

	for (i = 0; i < want->n && i < got->n; i++) {
		if (strcmp(want->r[i].name, got->r[i].name) != 0)
			return rl_xasprintf("row %zu: handout says `%s`, "
					    "grade file says `%s`",
					    i + 1, got->r[i].name,
					    want->r[i].name);
		if (want->r[i].points != got->r[i].points)
			return rl_xasprintf("`%s`: handout says %ld points, "
					    "grade file says %ld",
					    want->r[i].name, got->r[i].points,
					    want->r[i].points);
	}
	if (i < want->n)
		return rl_xasprintf("handout lacks `%s` (and %zu more)",
				    want->r[i].name, want->n - i - 1);
	if (i < got->n)
		return rl_xasprintf("handout has `%s`, not in the grade file",
				    got->r[i].name);
	return NULL;
}

/* A line of the handout's contract block that is not in header, or NULL. */
static char *contract_misquote(const char *handout, const char *header)
{
	char line[1024], *hit = NULL;
	bool in_section = false, in_block = false;

	while (next_line(&handout, line, sizeof(line))) {
		if (!in_block && strncmp(line, "## ", 3) == 0)
			in_section = strcmp(line, "## The contract") == 0;
		if (in_section && !in_block && strcmp(line, "```c") == 0) {
			in_block = true;
			continue;
		}
		if (!in_block)
			continue;
		if (strcmp(line, "```") == 0)
			return hit ? NULL : rl_xstrdup("(no lines quoted)");
		hit = line;
		const char *h = header;
		char hl[1024];
		bool found = line[0] == '\0';

		while (!found && next_line(&h, hl, sizeof(hl)))
			found = strcmp(hl, line) == 0;
		if (!found)
			return rl_xstrdup(line);
	}
	return rl_xstrdup(in_block ? "(block not closed)"
				   : "(no ```c block under ## The contract)");
}

static char *read_text(const char *path)
{
	return access(path, R_OK) == 0 ? rl_read_file(path, NULL) : NULL;
}

/* The parsers see what they should: a test that cannot fail is a defect. */
START_TEST(parsers_catch_drift)
{
	const char *grade = "# comment\na 5 build : x\n\nb 10 unit : y\n";
	const char *good = "## Grading\n\n| check | points | promise |\n"
			   "|---|---|---|\n| `a` | 5 | x |\n| `b` | 10 | y |\n";
	const char *points = "## Grading\n| `a` | 5 | x |\n| `b` | 15 | y |\n";
	const char *missing = "## Grading\n| `a` | 5 | x |\n## Questions\n"
			      "| `b` | 10 | y |\n";
	struct rows w, g;
	char *err;

	ck_assert_ptr_null(grade_rows(grade, &w));
	ck_assert_uint_eq(w.n, 2);
	ck_assert_ptr_null(section_rows(good, "Grading", &g));
	ck_assert_ptr_null(compare_rows(&w, &g));
	ck_assert_ptr_null(section_rows(points, "Grading", &g));
	err = compare_rows(&w, &g);
	ck_assert_msg(err && strstr(err, "15 points"), "%s", err ? err : "-");
	free(err);
	ck_assert_ptr_null(section_rows(missing, "Grading", &g));
	err = compare_rows(&w, &g);
	ck_assert_msg(err && strstr(err, "lacks `b`"), "%s", err ? err : "-");
	free(err);
	err = contract_misquote("## The contract\n```c\nint f(void);\n```\n",
				"int f(void);\nint g(void);\n");
	ck_assert_ptr_null(err);
	err = contract_misquote("## The contract\n```c\nint h(void);\n```\n",
				"int f(void);\n");
	ck_assert_msg(err && strcmp(err, "int h(void);") == 0, "%s",
		      err ? err : "-");
	free(err);
}
END_TEST

/* The table under heading in path's text against the grade file's checks:
 * 0 when they agree or the table has no rows yet (said on stdout). */
static int check_table(const char *path, const char *text, const char *heading,
		       const char *grade)
{
	struct rows want, got;
	char *err = section_rows(text, heading, &got);

	if (err == NULL && got.n == 0) {
		printf("check_labs: %s: no rows under \"%s\" yet: not "
		       "compared\n",
		       path, heading);
		return 0;
	}
	if (err == NULL)
		err = grade_rows(grade, &want);
	if (err == NULL)
		err = compare_rows(&want, &got);
	if (err == NULL)
		return 0;
	printf("check_labs: %s: table \"%s\": %s\n", path, heading, err);
	free(err);
	return 1;
}

/* One case's handout (and its table in the README) against its grade
 * file and header; problems counted. */
static int check_case(const char *id, const char *readme)
{
	char *md_path = rl_xasprintf("docs/labs/%s.md", id);
	char *g_path = rl_xasprintf("harness/cases/%s/grade", id);
	char *h_path = rl_xasprintf("harness/cases/%s/%s.h", id, id);
	char *md = read_text(md_path), *grade = read_text(g_path);
	char *header = read_text(h_path), *err = NULL;
	int bad = 0;

	if (md == NULL) {
		printf("check_labs: %s: no %s\n", id, md_path);
		bad = 1;
		goto out;
	}
	err = header ? contract_misquote(md, header)
		     : rl_xasprintf("cannot read %s", h_path);
	if (err != NULL) {
		printf("check_labs: %s: contract line not in %s: %s\n", md_path,
		       h_path, err);
		bad++;
		free(err);
	}
	if (grade == NULL) {
		printf("check_labs: %s: no %s: tables not compared\n", id,
		       g_path);
		goto out;
	}
	bad += check_table(md_path, md, "Grading", grade);
	if (readme != NULL) {
		char *heading = rl_xasprintf("%s (", id);

		bad +=
		    check_table("docs/labs/README.md", readme, heading, grade);
		free(heading);
	}
out:
	fflush(stdout); /* Check's fork mode may end the child with _exit */
	free(md), free(grade), free(header);
	free(md_path), free(g_path), free(h_path);
	return bad;
}

/* Every case of the catalogue has a handout that agrees with it. */
START_TEST(handouts_match_cases)
{
	struct rl_catalogue cat;
	char *err = NULL, *readme;
	int bad = 0;

	setenv("RACELAB_HOME", ".", 0);
	ck_assert_msg(rl_catalogue_load(&cat, &err) == 0, "%s",
		      err ? err : "-");
	ck_assert_uint_gt(cat.ncases, 0);
	readme = read_text("docs/labs/README.md");
	ck_assert_msg(readme != NULL, "cannot read docs/labs/README.md");
	for (size_t i = 0; i < cat.ncases; i++)
		bad += check_case(cat.cases[i].id, readme);
	rl_catalogue_free(&cat);
	free(readme);
	ck_assert_msg(bad == 0, "%d problem(s) in docs/labs (listed above)",
		      bad);
}
END_TEST

/* The argv of the racelab replay command at text (after "racelab "): the
 * words up to the end of the line, a backquote or a '>', after
 * BUILD/racelab; NULL-terminated, at most max - 1 words, each its own heap
 * block. */
static char **replay_argv(const char *text, char **words, size_t max)
{
	const char *build = getenv("RACELAB_BUILD");
	size_t len = strcspn(text, "\n`>");
	char *line = rl_xasprintf("%.*s", (int)len, text);
	size_t n = 0;

	words[n++] =
	    rl_xasprintf("%s/racelab", build && *build ? build : "build");
	for (char *w = strtok(line, " "); w != NULL && n < max - 1;
	     w = strtok(NULL, " "))
		words[n++] = rl_xstrdup(w);
	words[n] = NULL;
	free(line);
	return words;
}

/* Replay one handout command; 1 if it diverged or could not run. */
static int check_replay(const char *md_path, const char *cmd)
{
	char *argv[32];
	struct rl_proc p = {.argv = replay_argv(cmd, argv, 32),
			    .env_add = (char *[]){"NO_COLOR=1", NULL},
			    .timeout_s = 120};
	int bad = 0;

	ck_assert_int_eq(rl_proc_run(&p), 0);
	if (p.status == 77) {
		printf("check_labs: %s: `racelab %.60s...`: the sched build is "
		       "missing, not replayed\n",
		       md_path, cmd);
	} else if (p.timed_out || p.exec_failed ||
		   !(p.status == 0 || (p.status >= 3 && p.status <= 6))) {
		printf("check_labs: %s: `racelab %.*s` ended with status %d%s "
		       "(7: diverged): re-record it from `racelab explore`\n%s",
		       md_path, (int)strcspn(cmd, "\n`>"), cmd, p.status,
		       p.timed_out ? " (timed out)" : "", p.err ? p.err : "");
		bad = 1;
	}
	rl_proc_free(&p);
	for (size_t i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	return bad;
}

/* Every replay command a handout prints replays: see the header. */
START_TEST(handout_replays_replay)
{
	struct rl_catalogue cat;
	char *err = NULL;
	int bad = 0, seen = 0;

	setenv("RACELAB_HOME", ".", 0);
	ck_assert_msg(rl_catalogue_load(&cat, &err) == 0, "%s",
		      err ? err : "-");
	for (size_t i = 0; i < cat.ncases; i++) {
		char *path = rl_xasprintf("docs/labs/%s.md", cat.cases[i].id);
		char *md = read_text(path);
		const char *last = NULL;

		for (const char *at = md ? strstr(md, "racelab replay ") : NULL;
		     at != NULL; at = strstr(at + 1, "racelab replay ")) {
			const char *cmd = at + strlen("racelab ");
			size_t len = strcspn(cmd, "\n`>");

			if (memmem(cmd, len, "--schedule ", 11) == NULL)
				continue;
			/* a handout repeats its command: once is enough */
			if (last != NULL && strncmp(last, cmd, len) == 0 &&
			    strcspn(last, "\n`>") == len)
				continue;
			last = cmd;
			seen++;
			bad += check_replay(path, cmd);
		}
		free(md);
		free(path);
	}
	rl_catalogue_free(&cat);
	ck_assert_int_gt(seen, 0);
	ck_assert_msg(bad == 0,
		      "%d handout replay(s) no longer replay (listed above)",
		      bad);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("labs");
	TCase *tc = testlib_tcase("handouts");

	tcase_add_test(tc, parsers_catch_drift);
	tcase_add_test(tc, handouts_match_cases);
	tcase_add_test(tc, handout_replays_replay);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
