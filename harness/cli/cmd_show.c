/*
 * cmd_show.c - `racelab show CASE`: what the bug is, how it is fixed, and
 * what every tool is expected to say — read from the sources' own header
 * comments and the case's expect file, so it can never drift from them.
 */
#include "commands.h"
#include "opts.h"
#include "out.h"
#include "paths.h"
#include "proc.h"
#include "runcase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print the first comment block of path (the file's "what room" header). */
static void print_header_comment(const char *path)
{
	char *text = rl_read_file(path, NULL), *start, *end;

	if (text == NULL) {
		printf("  (cannot read %s)\n", path);
		return;
	}
	start = strstr(text, "/*");
	end = start ? strstr(start, "*/") : NULL;
	if (start == NULL || end == NULL) {
		printf("  (no header comment in %s)\n", path);
		free(text);
		return;
	}
	*end = '\0';
	/* The opening line holds only the comment marker: skip it. */
	if (strchr(start, '\n') != NULL)
		start = strchr(start, '\n') - 1;
	for (char *line = start + 2, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*line == ' ')
			line++;
		if (*line == '*')
			line++;
		if (*line == ' ')
			line++;
		if (*line != '\0' || next != NULL) {
			if (line[0] == '\0' && next == NULL)
				break;
			printf("  %s\n", line);
		}
	}
	free(text);
}

int cmd_show(int argc, char **argv)
{
	struct rl_catalogue cat;
	const struct rl_case *c;
	struct rl_cli o;
	int rc = rl_cli_parse("show", argc, argv, "", &o);

	if (rc != 0)
		return rc;
	if (o.help) {
		printf("usage: racelab show CASE\n"
		       "The bug and its interleaving, the fix, and what each "
		       "tool is expected to say.\n");
		return RL_EXIT_OK;
	}
	if (o.nargs != 1)
		return rl_usage_error("show: name one case (racelab list "
				      "shows them)");
	if ((rc = rl_cli_catalogue(&cat)) != 0)
		return rc;
	c = rl_cli_case(&cat, o.args[0]);
	if (c == NULL) {
		rl_catalogue_free(&cat);
		return RL_EXIT_USAGE;
	}
	printf("%s%s%s - %s\n", rl_c_bold(), c->id, rl_c_off(),
	       c->title ? c->title : "");
	for (int v = 0; v < c->nvariants; v++) {
		char *rel = rl_xasprintf("%s/%s.c", c->variants[v], c->id);
		char *path = rl_path_join(rl_srcdir(), rel);

		printf("\n%s%s%s\n", rl_c_bold(), rel, rl_c_off());
		print_header_comment(path);
		free(rel);
		free(path);
	}
	printf("\n%sExpected, per tool%s (%s)\n", rl_c_bold(), rl_c_off(),
	       rl_path_short(c->expect_path));
	for (int v = 0; v < c->nvariants; v++) {
		for (size_t t = 0; t < rl_ntools; t++) {
			const struct rl_expect *e =
			    rl_case_expect(c, c->variants[v], rl_tools[t].name);
			char *d = rl_expect_describe(e);

			printf("  %-5s %-9s %s\n", c->variants[v],
			       rl_tools[t].name, d);
			if (e != NULL && e->reason != NULL)
				printf("  %-5s %-9s   %sbecause: %s%s\n", "",
				       "", rl_c_dim(), e->reason, rl_c_off());
			free(d);
		}
	}
	printf("\nTry: racelab run %s --variant bad --tool tsan\n", c->id);
	rl_catalogue_free(&cat);
	return RL_EXIT_OK;
}
