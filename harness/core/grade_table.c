/*
 * grade_table.c - read a case's check table, harness/cases/CASE/grade
 * (grammar in grade.h). Data, not code: a course changes points or adds a
 * check without touching C.
 */
#include "grade.h"
#include "paths.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    [RLG_BUILD] = "build",   [RLG_UNIT] = "unit", [RLG_EXPLORE] = "explore",
    [RLG_STRESS] = "stress", [RLG_TSAN] = "tsan", [RLG_HELGRIND] = "helgrind",
    [RLG_SCHED] = "sched",   [RLG_PERF] = "perf",
};

const char *rl_gkind_name(enum rl_gkind k)
{
	return kind_names[k];
}

static int kind_of(const char *s)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(*kind_names); i++)
		if (strcmp(s, kind_names[i]) == 0)
			return (int)i;
	return -1;
}

static char **split_words(char *s, size_t *n)
{
	char **v = NULL, *save = NULL;

	*n = 0;
	for (char *w = strtok_r(s, " \t", &save); w != NULL;
	     w = strtok_r(NULL, " \t", &save)) {
		v = rl_xrealloc(v, (*n + 2) * sizeof(*v));
		v[(*n)++] = w;
		v[*n] = NULL;
	}
	return v;
}

/* One key=value setting; NULL or the problem. */
static char *setting(struct rl_gcheck *c, const char *w)
{
	const char *eq = strchr(w, '=');
	const char *v = eq ? eq + 1 : "";
	long n;
	size_t k = eq ? (size_t)(eq - w) : strlen(w);

	if (eq == NULL)
		return rl_xasprintf("'%s' is not key=value", w);
	if (strncmp(w, "runs", k) == 0 && k == 4 &&
	    rl_parse_long(v, 1, 100000, &n))
		c->runs = n;
	else if (strncmp(w, "timeout", k) == 0 && k == 7 &&
		 rl_parse_double(v, 0.1, 3600, &c->timeout))
		;
	else if (strncmp(w, "depth", k) == 0 && k == 5 &&
		 rl_parse_long(v, 1, 20, &n))
		c->depth = (int)n;
	else if (strncmp(w, "strategy", k) == 0 && k == 8 &&
		 (strcmp(v, "random") == 0 || strcmp(v, "pct") == 0 ||
		  strcmp(v, "pos") == 0 || strcmp(v, "portfolio") == 0))
		c->strategy = rl_xstrdup(v);
	else if (strncmp(w, "check", k) == 0 && k == 5 && *v)
		c->contract = rl_xstrdup(v);
	else if (strncmp(w, "spurious", k) == 0 && k == 8 &&
		 rl_parse_long(v, 1, 1000000L, &n))
		c->spurious = n;
	else if (strncmp(w, "ratio", k) == 0 && k == 5 &&
		 rl_parse_double(v, 1.5, 1000, &c->ratio))
		;
	else if (strcmp(w, "lockorder=advisory") == 0)
		c->lockorder_advisory = true;
	else
		return rl_xasprintf("unknown or malformed setting '%s'", w);
	return NULL;
}

/* NAME POINTS KIND [k=v...] [-- ARGS...] : PROMISE */
static char *parse_line(struct rl_gcheck *c, char *line)
{
	char *colon = strstr(line, " : "), **w, *why = NULL;
	size_t n, i;
	long pts;
	int k;

	if (colon == NULL)
		return rl_xstrdup("no ' : PROMISE' (every check names the "
				  "promise it enforces)");
	*colon = '\0';
	c->promise = rl_xstrdup(colon + 3);
	w = split_words(line, &n);
	if (n < 3) {
		free(w);
		return rl_xstrdup("expected NAME POINTS KIND");
	}
	c->name = rl_xstrdup(w[0]);
	k = kind_of(w[2]);
	if (!rl_parse_long(w[1], 0, 1000, &pts))
		why = rl_xasprintf("points '%s' is not a number 0..1000", w[1]);
	else if (k < 0)
		why = rl_xasprintf("unknown kind '%s'", w[2]);
	c->points = (int)pts;
	c->kind = (enum rl_gkind)(k < 0 ? 0 : k);
	for (i = 3; why == NULL && i < n && strcmp(w[i], "--") != 0; i++)
		why = setting(c, w[i]);
	c->args = rl_xcalloc(n + 1, sizeof(char *));
	for (size_t a = 0; why == NULL && i + 1 < n; a++)
		c->args[a] = rl_xstrdup(w[++i]);
	if (c->contract == NULL)
		c->contract = rl_xstrdup(c->name);
	if (why == NULL && c->kind == RLG_PERF && c->ratio == 0)
		why = rl_xstrdup("a perf check needs ratio=R (the budget, "
				 "x the reference)");
	free(w);
	return why;
}

int rl_gtable_parse(struct rl_gtable *t, const char *case_id, const char *text,
		    char **err)
{
	char *copy = rl_xstrdup(text), *save = NULL;
	int lineno = 0;

	memset(t, 0, sizeof(*t));
	t->case_id = rl_xstrdup(case_id);
	*err = NULL;
	for (char *p = copy, *line; *err == NULL && p != NULL; lineno++) {
		char *why;
		struct rl_gcheck *c;

		line = strsep(&p, "\n");
		(void)save;
		if (strchr(line, '#') != NULL)
			*strchr(line, '#') = '\0';
		if (strspn(line, " \t\r") == strlen(line))
			continue;
		t->checks = rl_xrealloc(t->checks,
					(t->nchecks + 1) * sizeof(*t->checks));
		c = &t->checks[t->nchecks++];
		memset(c, 0, sizeof(*c));
		c->lineno = lineno + 1;
		why = parse_line(c, line);
		if (why != NULL)
			*err = rl_xasprintf("line %d: %s", lineno + 1, why);
		free(why);
		t->max_score += c->points;
	}
	free(copy);
	if (*err == NULL && t->nchecks == 0)
		*err = rl_xstrdup("no checks");
	return *err == NULL ? 0 : -1;
}

int rl_gtable_load(struct rl_gtable *t, const char *case_id, char **err)
{
	char *path =
	    rl_xasprintf("%s/harness/cases/%s/grade", rl_srcdir(), case_id);
	char *text = rl_read_file(path, NULL), *why = NULL;
	int rc;

	if (text == NULL) {
		memset(t, 0, sizeof(*t));
		*err = rl_xasprintf("%s: %s", rl_path_short(path),
				    strerror(errno));
		free(path);
		return -1;
	}
	rc = rl_gtable_parse(t, case_id, text, &why);
	if (rc != 0)
		*err = rl_xasprintf("%s: %s", rl_path_short(path), why);
	free(why);
	free(text);
	free(path);
	return rc;
}

void rl_gtable_free(struct rl_gtable *t)
{
	for (size_t i = 0; i < t->nchecks; i++) {
		struct rl_gcheck *c = &t->checks[i];

		free(c->name);
		free(c->contract);
		free(c->strategy);
		free(c->promise);
		for (size_t a = 0; c->args && c->args[a]; a++)
			free(c->args[a]);
		free(c->args);
	}
	free(t->checks);
	free(t->case_id);
	memset(t, 0, sizeof(*t));
}
