/*
 * check_expect.c - malformed `expect` files are refused with file:line and
 * a message naming the problem (harness/core/cases.c, grammar in cases.h).
 *
 * Each file under tests/fixtures/expect/ is loaded through the cases API
 * (rl_case_parse, as rl_catalogue_load does for harness/cases/ID/expect);
 * racelab turns the refusal into exit 70 (docs/exit-codes.md). Reads
 * fixture files only, from tests/fixtures relative to the working directory
 * or from $RACELAB_FIXTURES.
 */
#include "cases.h"
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* Load tests/fixtures/expect/name: rl_case_parse's result, *err, and c. */
static int load(const char *name, struct rl_case *c, char **err)
{
	const char *d = getenv("RACELAB_FIXTURES");
	char *path =
	    rl_xasprintf("%s/expect/%s", d ? d : "tests/fixtures", name);
	char *text = rl_read_file(path, NULL);
	int rc;

	ck_assert_msg(text != NULL, "cannot read %s", path);
	memset(c, 0, sizeof(*c));
	c->expect_path = path;
	*err = NULL;
	rc = rl_case_parse(c, text, err);
	free(text);
	return rc;
}

/* name is refused at line, with every one of the words in its message. */
static void refused(const char *name, int line, const char *const *words)
{
	struct rl_case c;
	char *err, where[256];
	int rc = load(name, &c, &err);

	ck_assert_msg(rc == -1, "%s loaded (%zu rules)", name, c.nrules);
	ck_assert_ptr_nonnull(err);
	snprintf(where, sizeof(where), "expect/%s:%d: ", name, line);
	ck_assert_msg(strstr(err, where) != NULL, "no \"%s\" in: %s", where,
		      err);
	for (; *words != NULL; words++)
		ck_assert_msg(strstr(err, *words) != NULL, "no \"%s\" in: %s",
			      *words, err);
	ck_assert_msg(strchr(err, '\n') == NULL, "more than one line: %s", err);
	free(err);
	rl_case_free(&c);
}

#define REFUSED(name, line, ...)                                               \
	do {                                                                   \
		static const char *const w_[] = {__VA_ARGS__, NULL};           \
		refused(name, line, w_);                                       \
	} while (0)

START_TEST(unknown_tools_and_variants)
{
	REFUSED("unknown-tool.expect", 3, "unknown tool 'tsna'", "tsan-gcc");
	REFUSED("unknown-variant.expect", 3, "unknown variant 'bda'", "gate");
	REFUSED("unknown-setting-tool.expect", 2, "unknown tool 'valgrind'",
		"helgrind", "*");
	REFUSED("star-rule.expect", 2, "unknown tool '*'");
}
END_TEST

START_TEST(duplicates)
{
	REFUSED("duplicate-rule.expect", 5, "second rule for bad under tsan",
		"line 3");
	REFUSED("second-args.expect", 4, "second 'args' line", "'*'");
	REFUSED("second-runs.expect", 3, "second 'runs' line", "'native'");
}
END_TEST

START_TEST(too_many_words)
{
	REFUSED("too-many-words.expect", 2, "more than 16 words");
	REFUSED("rule-too-long.expect", 2, "too many words");
	REFUSED("open-quote.expect", 2, "not closed");
}
END_TEST

/* Every real expect file still loads, through the catalogue. */
START_TEST(catalogue_loads)
{
	struct rl_catalogue cat;
	char *err = NULL;

	/* the tests run from the project root (harness/cases/ is there) */
	setenv("RACELAB_HOME", ".", 0);
	ck_assert_msg(rl_catalogue_load(&cat, &err) == 0, "%s",
		      err ? err : "-");
	ck_assert_uint_gt(cat.ncases, 5);
	rl_catalogue_free(&cat);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("expect");
	TCase *tc = testlib_tcase("refused");

	tcase_add_test(tc, unknown_tools_and_variants);
	tcase_add_test(tc, duplicates);
	tcase_add_test(tc, too_many_words);
	tcase_add_test(tc, catalogue_loads);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
