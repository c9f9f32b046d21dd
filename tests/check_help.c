/*
 * check_help.c - `racelab help [COMMAND]` and the man page racelab(1)
 * (docs/racelab.1): help prints what --help prints; the man page names
 * every command and exactly the options each command's --help names (and
 * the global ones), renders without a warning, and `make install` puts it
 * under DESTDIR/PREFIX. Runs from the project root (make unit does) on
 * build/racelab (RACELAB_BUILD overrides the folder).
 */
#include "proc.h"
#include "testlib.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAN_PAGE  "docs/racelab.1"
#define MAX_WORDS 64

struct words {
	char *w[MAX_WORDS];
	int n;
};

static void words_add(struct words *ws, const char *s, size_t len)
{
	for (int i = 0; i < ws->n; i++)
		if (strlen(ws->w[i]) == len && strncmp(ws->w[i], s, len) == 0)
			return;
	ck_assert_msg(ws->n < MAX_WORDS, "more than %d words", MAX_WORDS);
	ws->w[ws->n] = rl_xmalloc(len + 1);
	memcpy(ws->w[ws->n], s, len);
	ws->w[ws->n++][len] = '\0';
}

static bool words_has(const struct words *ws, const char *w)
{
	for (int i = 0; i < ws->n; i++)
		if (strcmp(ws->w[i], w) == 0)
			return true;
	return false;
}

static void words_free(struct words *ws)
{
	for (int i = 0; i < ws->n; i++)
		free(ws->w[i]);
	ws->n = 0;
}

/* Every option named in text after mark ("--" in help text, "Fl -" in the
 * man page's source), without --help, which every command takes. */
static struct words options_in(const char *text, size_t text_len,
			       const char *mark)
{
	struct words ws = {.n = 0};
	size_t m = strlen(mark);

	for (size_t i = 0; i + m < text_len; i++) {
		const char *s = text + i + m;
		size_t n = 0;

		if (strncmp(text + i, mark, m) != 0 ||
		    !islower((unsigned char)*s))
			continue;
		while (islower((unsigned char)s[n]) ||
		       isdigit((unsigned char)s[n]) || s[n] == '-')
			n++;
		if (!(n == 4 && strncmp(s, "help", 4) == 0))
			words_add(&ws, s, n);
		i += m + n - 1;
	}
	return ws;
}

/* The two sets are equal; else which word is missing where. */
static void assert_same(const struct words *help, const struct words *man,
			const char *what)
{
	for (int i = 0; i < help->n; i++)
		ck_assert_msg(words_has(man, help->w[i]),
			      "%s: --%s is in --help but not in " MAN_PAGE,
			      what, help->w[i]);
	for (int i = 0; i < man->n; i++)
		ck_assert_msg(words_has(help, man->w[i]),
			      "%s: --%s is in " MAN_PAGE " but not in --help",
			      what, man->w[i]);
}

static struct rl_proc run(char *const *argv)
{
	static char *env[] = {"NO_COLOR=1", NULL};
	struct rl_proc p = {.argv = argv, .env_add = env, .timeout_s = 60};

	ck_assert_int_eq(rl_proc_run(&p), 0);
	return p;
}

/* racelab ARGS...: its stdout (exit status in *status). */
static char *racelab_out(int *status, const char *a1, const char *a2)
{
	const char *b = getenv("RACELAB_BUILD");
	char *bin = rl_xasprintf("%s/racelab", b && *b ? b : "build");
	char *argv[] = {bin, (char *)a1, (char *)a2, NULL};
	struct rl_proc p = run(argv);
	char *out = rl_xstrdup(p.out ? p.out : "");

	*status = p.status;
	rl_proc_free(&p);
	free(bin);
	return out;
}

/* The commands `racelab --help` lists: "  NAME  about" after "Commands:". */
static struct words help_commands(void)
{
	int st;
	char *out = racelab_out(&st, "--help", NULL);
	char *p = strstr(out, "Commands:\n");
	struct words ws = {.n = 0};

	ck_assert_msg(st == 0 && p != NULL, "racelab --help: exit %d", st);
	for (p = strchr(p, '\n') + 1; strncmp(p, "  ", 2) == 0;
	     p = strchr(p, '\n') + 1) {
		size_t n = strcspn(p + 2, " \n");

		words_add(&ws, p + 2, n);
	}
	free(out);
	ck_assert_msg(ws.n >= 5, "racelab --help lists %d commands", ws.n);
	return ws;
}

static char *man_source(size_t *len)
{
	char *s = rl_read_file(MAN_PAGE, len);

	ck_assert_msg(s != NULL, "cannot read " MAN_PAGE);
	return s;
}

/* The part of the man page's source after the line `head`, up to the next
 * .Sh line (or .Ss line, with end_at_ss). */
static const char *section(const char *src, const char *head, bool end_at_ss,
			   size_t *len)
{
	const char *s = strstr(src, head), *e;

	ck_assert_msg(s != NULL, MAN_PAGE " has no '%s'", head);
	s += strlen(head);
	for (e = s; *e != '\0'; e = strchr(e, '\n') + 1) {
		if (strncmp(e, ".Sh ", 4) == 0 ||
		    (end_at_ss && strncmp(e, ".Ss ", 4) == 0))
			break;
		if (strchr(e, '\n') == NULL) {
			e += strlen(e);
			break;
		}
	}
	*len = (size_t)(e - s);
	return s;
}

START_TEST(help_prints_what_dash_dash_help_prints)
{
	struct words cmds = help_commands();
	int st1, st2;
	char *a = racelab_out(&st1, "help", NULL);
	char *b = racelab_out(&st2, "--help", NULL);

	ck_assert_msg(st1 == 0 && strcmp(a, b) == 0,
		      "racelab help (exit %d) differs from racelab --help",
		      st1);
	free(a);
	free(b);
	for (int i = 0; i < cmds.n; i++) {
		const char *c = cmds.w[i];

		a = racelab_out(&st1, "help", c);
		b = strcmp(c, "help") == 0 ? racelab_out(&st2, "help", "--help")
					   : racelab_out(&st2, c, "--help");
		ck_assert_msg(st1 == 0 && st2 == 0 && strcmp(a, b) == 0 &&
				  strstr(a, "usage: racelab ") != NULL,
			      "racelab help %s (exit %d) differs from its "
			      "--help (exit %d):\n%s",
			      c, st1, st2, a);
		free(a);
		free(b);
	}
	words_free(&cmds);
}
END_TEST

START_TEST(help_bad_input_is_one_line_and_exit_2)
{
	static const char *const cases[][3] = {
	    {"help", "nosuch", "'nosuch'"},
	    {"help", "run", "one command"}, /* with a third word */
	};
	const char *b = getenv("RACELAB_BUILD");
	char *bin = rl_xasprintf("%s/racelab", b && *b ? b : "build");

	for (int i = 0; i < 2; i++) {
		char *argv[] = {bin, (char *)cases[i][0], (char *)cases[i][1],
				i == 1 ? "show" : NULL, NULL};
		struct rl_proc p = run(argv);
		char *nl = strchr(p.err, '\n');

		ck_assert_msg(p.status == 2, "exit %d: %s", p.status, p.err);
		ck_assert_msg(nl != NULL && nl[1] == '\0', "not one line: %s",
			      p.err);
		ck_assert_msg(strstr(p.err, cases[i][2]) != NULL,
			      "'%s' lacks '%s'", p.err, cases[i][2]);
		rl_proc_free(&p);
	}
	free(bin);
}
END_TEST

START_TEST(man_page_has_every_command)
{
	struct words cmds = help_commands(), man = {.n = 0};
	size_t len, n;
	char *src = man_source(&len);
	const char *s = section(src, "\n.Sh COMMANDS\n", false, &n);

	for (const char *p = s; p < s + n; p = strchr(p, '\n') + 1)
		if (strncmp(p, ".Ss ", 4) == 0)
			words_add(&man, p + 4, strcspn(p + 4, " \n"));
	for (int i = 0; i < cmds.n; i++)
		ck_assert_msg(words_has(&man, cmds.w[i]),
			      "command %s has no .Ss in " MAN_PAGE, cmds.w[i]);
	for (int i = 0; i < man.n; i++)
		ck_assert_msg(words_has(&cmds, man.w[i]),
			      MAN_PAGE " has command %s; racelab --help "
				       "does not",
			      man.w[i]);
	words_free(&cmds);
	words_free(&man);
	free(src);
}
END_TEST

START_TEST(man_page_options_match_help)
{
	struct words cmds = help_commands(), h, m;
	size_t len, n;
	char *src = man_source(&len), *out, *head;
	const char *s;
	int st;

	out = racelab_out(&st, "--help", NULL);
	s = section(src, "\n.Sh OPTIONS\n", false, &n);
	h = options_in(out, strlen(out), "--");
	m = options_in(s, n, "Fl -");
	assert_same(&h, &m, "racelab");
	words_free(&h);
	words_free(&m);
	free(out);
	for (int i = 0; i < cmds.n; i++) {
		out = strcmp(cmds.w[i], "help") == 0
			  ? racelab_out(&st, "help", "--help")
			  : racelab_out(&st, cmds.w[i], "--help");
		head = rl_xasprintf("\n.Ss %s\n", cmds.w[i]);
		s = section(src, head, true, &n);
		h = options_in(out, strlen(out), "--");
		m = options_in(s, n, "Fl -");
		assert_same(&h, &m, cmds.w[i]);
		words_free(&h);
		words_free(&m);
		free(head);
		free(out);
	}
	words_free(&cmds);
	free(src);
}
END_TEST

/* groff and man-db both stay silent on the page (-ww: every warning). */
START_TEST(man_page_renders_without_warnings)
{
	char *const groff[] = {"groff", "-ww", "-z", "-mdoc", MAN_PAGE, NULL};
	char *const man[] = {"man", "--warnings", "-l", MAN_PAGE, NULL};
	char *const *cmds[] = {groff, man};

	for (int i = 0; i < 2; i++) {
		struct rl_proc p = run(cmds[i]);

		ck_assert_msg(!p.exec_failed, "%s not found", cmds[i][0]);
		ck_assert_msg(p.status == 0 && p.err_len == 0,
			      "%s: exit %d, warnings:\n%s", cmds[i][0],
			      p.status, p.err);
		ck_assert_msg(i == 0 || strstr(p.out, "racelab help") != NULL,
			      "man rendered no text");
		rl_proc_free(&p);
	}
}
END_TEST

/* The DESTDIR of the install test: made and removed by the parent process
 * (an unchecked fixture), so a failing test leaves nothing behind. */
static char install_dir[] = "/tmp/racelab-install-XXXXXX";

static void install_setup(void)
{
	if (mkdtemp(install_dir) == NULL)
		install_dir[0] = '\0';
}

static void install_teardown(void)
{
	char *const argv[] = {"rm", "-rf", install_dir, NULL};
	struct rl_proc p = {.argv = argv, .timeout_s = 60};

	if (install_dir[0] != '\0' && rl_proc_run(&p) == 0)
		rl_proc_free(&p);
}

/* make install DESTDIR=D PREFIX=/usr: D/usr/share/man/man1/racelab.1 is
 * the page, and the installed racelab runs. */
START_TEST(make_install_installs_the_man_page)
{
	char *destdir, *page, *bin, *a, *b;
	size_t la, lb;

	ck_assert_msg(install_dir[0] != '\0', "mkdtemp failed");
	destdir = rl_xasprintf("DESTDIR=%s", install_dir);
	{
		char *const argv[] = {
		    "make",  "--no-print-directory", "-s", "install",
		    destdir, "PREFIX=/usr",	     NULL};
		struct rl_proc p = run(argv);

		ck_assert_msg(p.status == 0, "make install: exit %d: %s",
			      p.status, p.err);
		rl_proc_free(&p);
	}
	page = rl_xasprintf("%s/usr/share/man/man1/racelab.1", install_dir);
	a = rl_read_file(page, &la);
	b = rl_read_file(MAN_PAGE, &lb);
	ck_assert_msg(a != NULL, "%s not installed", page);
	ck_assert_msg(la == lb && memcmp(a, b, la) == 0, "%s is not " MAN_PAGE,
		      page);
	bin = rl_xasprintf("%s/usr/bin/racelab", install_dir);
	{
		char *const argv[] = {bin, "help", "list", NULL};
		struct rl_proc p = run(argv);

		ck_assert_msg(p.status == 0 && p.out != NULL &&
				  strstr(p.out, "usage: racelab list") != NULL,
			      "installed racelab help list: exit %d", p.status);
		rl_proc_free(&p);
	}
	free(a);
	free(b);
	free(page);
	free(bin);
	free(destdir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("help");
	TCase *tc = testlib_tcase("help");
	TCase *inst = testlib_tcase("install");

	tcase_add_test(tc, help_prints_what_dash_dash_help_prints);
	tcase_add_test(tc, help_bad_input_is_one_line_and_exit_2);
	tcase_add_test(tc, man_page_has_every_command);
	tcase_add_test(tc, man_page_options_match_help);
	tcase_add_test(tc, man_page_renders_without_warnings);
	tcase_set_timeout(inst, 300);
	tcase_add_unchecked_fixture(inst, install_setup, install_teardown);
	tcase_add_test(inst, make_install_installs_the_man_page);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, inst);
	return s;
}

TESTLIB_MAIN
