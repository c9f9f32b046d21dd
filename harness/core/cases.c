/*
 * cases.c - discover the cases and read their `expect` files (the grammar is
 * in cases.h). Expectations are data; this file only reads them.
 */
#include "cases.h"
#include "paths.h"
#include "proc.h"
#include "tools.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const rl_variant_dirs[] = {"bad", "good", "gate", NULL};

static const char *const verdict_names[] = {
    [RLV_CLEAN] = "clean",
    [RLV_REPORT] = "report",
    [RLV_FALSE_POSITIVE] = "false-positive",
    [RLV_NOT_DETECTABLE] = "not-detectable",
    [RLV_MAY_FAIL] = "may-fail",
    [RLV_FAIL] = "fail",
    [RLV_DEADLOCK] = "deadlock",
};

const char *rl_verdict_name(enum rl_verdict v)
{
	return verdict_names[v];
}

static bool verdict_parse(const char *s, enum rl_verdict *v)
{
	for (size_t i = 0; i < sizeof(verdict_names) / sizeof(*verdict_names);
	     i++) {
		if (strcmp(s, verdict_names[i]) == 0) {
			*v = (enum rl_verdict)i;
			return true;
		}
	}
	return false;
}

#define MAX_WORDS 16 /* words on one line before the ':' reason */

/*
 * Split a line into words (double quotes group), stopping at ':' which
 * starts the free-text reason. Returns the word count, or -1 when there are
 * more than MAX_WORDS (w holds MAX_WORDS entries) or a quote is not closed;
 * *why then says which.
 */
static int split(char *line, char **w, char **reason, const char **why)
{
	int n = 0;
	char *p = line;

	*reason = NULL;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (*p == ':' && (p[1] == ' ' || p[1] == '\0')) {
			*reason = p + 1 + (p[1] == ' ');
			break;
		}
		if (n == MAX_WORDS) {
			*why = "more than 16 words before the ':' reason";
			return -1;
		}
		if (*p == '"') {
			w[n++] = ++p;
			while (*p != '\0' && *p != '"')
				p++;
			if (*p == '\0') {
				*why = "a '\"' is not closed";
				return -1;
			}
		} else {
			w[n++] = p;
			while (*p != '\0' && *p != ' ' && *p != '\t')
				p++;
		}
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

/* A tool racelab runs, or "*" (all tools) when star is allowed. */
static bool known_tool(const char *tool, bool star)
{
	return (star && strcmp(tool, "*") == 0) || rl_tool_find(tool) != NULL;
}

static char *tool_names(void)
{
	struct rl_buf b = {0};

	for (size_t i = 0; i < rl_ntools; i++)
		rl_buf_printf(&b, "%s%s", i ? ", " : "", rl_tools[i].name);
	return rl_buf_take(&b);
}

static int unknown_tool(const char *where, const char *tool, bool star,
			char **err)
{
	char *names = tool_names();

	*err = rl_xasprintf("%s: unknown tool '%s' (one of %s%s)", where, tool,
			    names, star ? ", or * for all" : "");
	free(names);
	return -1;
}

static struct rl_tool_setting *setting_for(struct rl_case *c, const char *tool)
{
	for (size_t i = 0; i < c->nsettings; i++)
		if (strcmp(c->settings[i].tool, tool) == 0)
			return &c->settings[i];
	c->settings =
	    rl_xrealloc(c->settings, (c->nsettings + 1) * sizeof(*c->settings));
	c->settings[c->nsettings] =
	    (struct rl_tool_setting){.tool = rl_xstrdup(tool)};
	return &c->settings[c->nsettings++];
}

/* A setting line given twice for one tool: which one, or NULL. */
static const char *duplicate_setting(const struct rl_tool_setting *s,
				     const char *name)
{
	if (strcmp(name, "args") == 0 && s->argv != NULL)
		return "args";
	if (strcmp(name, "runs") == 0 && s->runs > 0)
		return "runs";
	if (strcmp(name, "timeout") == 0 && s->timeout > 0)
		return "timeout";
	return NULL;
}

static int directive(struct rl_case *c, char **w, int n, char **err,
		     const char *where)
{
	struct rl_tool_setting *s;
	const char *dup;

	if (strcmp(w[0], "title") == 0) {
		struct rl_buf b = {0};

		if (c->title != NULL) {
			*err = rl_xasprintf("%s: a second 'title' line (one "
					    "per case)",
					    where);
			return -1;
		}
		for (int i = 1; i < n; i++)
			rl_buf_printf(&b, "%s%s", i > 1 ? " " : "", w[i]);
		c->title = rl_buf_take(&b);
		return 0;
	}
	if (n < 3) {
		*err = rl_xasprintf("%s: '%s' needs a tool and a value", where,
				    w[0]);
		return -1;
	}
	if (!known_tool(w[1], true))
		return unknown_tool(where, w[1], true, err);
	if (strcmp(w[0], "args") != 0 && n > 3) {
		*err = rl_xasprintf("%s: '%s' takes a tool and one value, "
				    "got %d words",
				    where, w[0], n);
		return -1;
	}
	s = setting_for(c, w[1]);
	if ((dup = duplicate_setting(s, w[0])) != NULL) {
		*err = rl_xasprintf("%s: a second '%s' line for tool '%s' "
				    "(one per tool; merge them)",
				    where, dup, w[1]);
		return -1;
	}
	if (strcmp(w[0], "args") == 0) {
		s->argv = rl_xcalloc((size_t)n - 1, sizeof(char *));
		for (int i = 2; i < n; i++)
			s->argv[i - 2] = rl_xstrdup(w[i]);
		return 0;
	}
	if (strcmp(w[0], "runs") == 0 &&
	    rl_parse_long(w[2], 1, 1000000, &s->runs))
		return 0;
	if (strcmp(w[0], "timeout") == 0 &&
	    rl_parse_double(w[2], 0.1, 86400, &s->timeout))
		return 0;
	*err = rl_xasprintf("%s: bad value '%s' for '%s'", where, w[2], w[0]);
	return -1;
}

static bool known_variant(const char *v)
{
	for (int i = 0; rl_variant_dirs[i] != NULL; i++)
		if (strcmp(v, rl_variant_dirs[i]) == 0)
			return true;
	return false;
}

/* The rule's variant and tool exist and were not declared before. */
static int check_rule_target(const struct rl_case *c, char **w,
			     const char *where, char **err)
{
	const struct rl_expect *first;

	if (!known_variant(w[0])) {
		*err = rl_xasprintf("%s: unknown variant '%s' (one of bad, "
				    "good, gate; or a directive: title, "
				    "args, runs, timeout)",
				    where, w[0]);
		return -1;
	}
	if (!known_tool(w[1], false))
		return unknown_tool(where, w[1], false, err);
	first = rl_case_expect(c, w[0], w[1]);
	if (first != NULL) {
		*err = rl_xasprintf("%s: a second rule for %s under %s (the "
				    "first is at line %d; keep one)",
				    where, w[0], w[1], first->lineno);
		return -1;
	}
	return 0;
}

static int rule(struct rl_case *c, char **w, int n, const char *reason,
		int lineno, char **err, const char *where)
{
	struct rl_expect e = {.lineno = lineno};

	if (n < 3 || !verdict_parse(w[2], &e.verdict)) {
		*err = rl_xasprintf("%s: expected 'VARIANT TOOL VERDICT ...' "
				    "with a verdict from cases.h, got '%s'",
				    where, n >= 3 ? w[2] : w[0]);
		return -1;
	}
	if (check_rule_target(c, w, where, err) < 0)
		return -1;
	if (n > 6) {
		*err = rl_xasprintf("%s: too many words: a rule is 'VARIANT "
				    "TOOL VERDICT [KIND [FUNCTION [FILE]]] "
				    "[: REASON]' (quote a KIND with spaces)",
				    where);
		return -1;
	}
	if ((e.verdict == RLV_FALSE_POSITIVE ||
	     e.verdict == RLV_NOT_DETECTABLE) &&
	    (reason == NULL || *reason == '\0')) {
		*err = rl_xasprintf("%s: '%s' needs a reason after ':'", where,
				    w[2]);
		return -1;
	}
	e.variant = rl_xstrdup(w[0]);
	e.tool = rl_xstrdup(w[1]);
	e.kind = n > 3 ? rl_xstrdup(w[3]) : NULL;
	e.function = n > 4 ? rl_xstrdup(w[4]) : NULL;
	e.file = n > 5 ? rl_xstrdup(w[5]) : NULL;
	e.reason = reason ? rl_xstrdup(reason) : NULL;
	c->rules = rl_xrealloc(c->rules, (c->nrules + 1) * sizeof(*c->rules));
	c->rules[c->nrules++] = e;
	return 0;
}

static bool is_directive(const char *w)
{
	return strcmp(w, "title") == 0 || strcmp(w, "args") == 0 ||
	       strcmp(w, "runs") == 0 || strcmp(w, "timeout") == 0;
}

int rl_case_parse(struct rl_case *c, const char *text, char **err)
{
	char *copy = rl_xstrdup(text), *line = copy, *next;
	int rc = 0;

	for (int lineno = 1; line != NULL && rc == 0; lineno++, line = next) {
		char *w[MAX_WORDS], *reason, *hash, *where;
		const char *why = NULL;
		int n;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		n = split(line, w, &reason, &why);
		if (n == 0)
			continue;
		where = rl_xasprintf("%s:%d", c->expect_path, lineno);
		if (n < 0) {
			*err = rl_xasprintf("%s: %s", where, why);
			rc = -1;
		} else if (is_directive(w[0]))
			rc = directive(c, w, n, err, where);
		else
			rc = rule(c, w, n, reason, lineno, err, where);
		free(where);
	}
	free(copy);
	return rc;
}

void rl_case_free(struct rl_case *c)
{
	free(c->id);
	free(c->title);
	free(c->expect_path);
	for (size_t i = 0; i < c->nrules; i++) {
		struct rl_expect *e = &c->rules[i];

		free(e->variant);
		free(e->tool);
		free(e->kind);
		free(e->function);
		free(e->file);
		free(e->reason);
	}
	free(c->rules);
	for (size_t i = 0; i < c->nsettings; i++) {
		for (char **a = c->settings[i].argv; a && *a; a++)
			free(*a);
		free(c->settings[i].argv);
		free(c->settings[i].tool);
	}
	free(c->settings);
	memset(c, 0, sizeof(*c));
}

/* The tool's default line for variant ("VARIANT RULE..."), or NULL. */
static const char *default_for(const struct rl_tool *t, const char *variant)
{
	size_t n = strlen(variant);

	for (const char *const *d = t->default_rules; d && *d; d++)
		if (strncmp(*d, variant, n) == 0 && (*d)[n] == ' ')
			return *d + n + 1;
	return NULL;
}

/*
 * A variant with no rule under a tool whose row has a default for it
 * (tools.h) gets that rule, read as if the expect file said
 * "VARIANT TOOL RULE" (line 0).
 */
static int add_defaults(struct rl_case *c, char **err)
{
	int rc = 0;

	for (int v = 0; v < c->nvariants && rc == 0; v++) {
		for (size_t t = 0; t < rl_ntools && rc == 0; t++) {
			const struct rl_tool *tool = &rl_tools[t];
			const char *d = default_for(tool, c->variants[v]);
			char *line, *w[MAX_WORDS], *reason, *where;
			const char *why = NULL;
			int n;

			if (d == NULL ||
			    rl_case_expect(c, c->variants[v], tool->name))
				continue;
			line = rl_xasprintf("%s %s %s", c->variants[v],
					    tool->name, d);
			where = rl_xasprintf("the default rules of tool '%s'",
					     tool->name);
			n = split(line, w, &reason, &why);
			rc = n < 0 ? (*err = rl_xasprintf("%s: %s", where, why),
				      -1)
				   : rule(c, w, n, reason, 0, err, where);
			free(line);
			free(where);
		}
	}
	return rc;
}

static int load_case(struct rl_case *c, const char *casedir, const char *id,
		     char **err)
{
	char *text;
	int rc;

	c->id = rl_xstrdup(id);
	c->expect_path = rl_xasprintf("%s/%s/expect", casedir, id);
	text = rl_read_file(c->expect_path, NULL);
	if (text == NULL) {
		*err = rl_xasprintf("cannot read %s", c->expect_path);
		return -1;
	}
	rc = rl_case_parse(c, text, err);
	free(text);
	for (int i = 0; rl_variant_dirs[i] != NULL; i++) {
		char *src = rl_xasprintf("%s/%s/%s.c", rl_srcdir(),
					 rl_variant_dirs[i], id);

		if (access(src, F_OK) == 0)
			c->variants[c->nvariants++] =
			    (char *)rl_variant_dirs[i];
		free(src);
	}
	return rc == 0 ? add_defaults(c, err) : rc;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct rl_case *)a)->id,
		      ((const struct rl_case *)b)->id);
}

int rl_catalogue_load(struct rl_catalogue *cat, char **err)
{
	char *casedir = rl_path_join(rl_srcdir(), "harness/cases");
	DIR *d = opendir(casedir);
	struct dirent *de;
	int rc = 0;

	memset(cat, 0, sizeof(*cat));
	if (d == NULL) {
		*err = rl_xasprintf("cannot open %s: is racelab installed "
				    "(make install) or run from build/?",
				    casedir);
		free(casedir);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char *ex = rl_xasprintf("%s/%s/expect", casedir, de->d_name);
		bool is_case = de->d_name[0] != '.' && access(ex, F_OK) == 0;

		free(ex);
		if (!is_case)
			continue;
		cat->cases = rl_xrealloc(cat->cases, (cat->ncases + 1) *
							 sizeof(*cat->cases));
		memset(&cat->cases[cat->ncases], 0, sizeof(*cat->cases));
		rc = load_case(&cat->cases[cat->ncases++], casedir, de->d_name,
			       err);
	}
	closedir(d);
	free(casedir);
	qsort(cat->cases, cat->ncases, sizeof(*cat->cases), by_id);
	return rc;
}

void rl_catalogue_free(struct rl_catalogue *cat)
{
	for (size_t i = 0; i < cat->ncases; i++)
		rl_case_free(&cat->cases[i]);
	free(cat->cases);
	memset(cat, 0, sizeof(*cat));
}

const struct rl_case *rl_case_find(const struct rl_catalogue *cat,
				   const char *id)
{
	for (size_t i = 0; i < cat->ncases; i++)
		if (strcmp(cat->cases[i].id, id) == 0)
			return &cat->cases[i];
	return NULL;
}

bool rl_case_has_variant(const struct rl_case *c, const char *variant)
{
	for (int i = 0; i < c->nvariants; i++)
		if (strcmp(c->variants[i], variant) == 0)
			return true;
	return false;
}

const struct rl_expect *rl_case_expect(const struct rl_case *c,
				       const char *variant, const char *tool)
{
	for (size_t i = 0; i < c->nrules; i++)
		if (strcmp(c->rules[i].variant, variant) == 0 &&
		    strcmp(c->rules[i].tool, tool) == 0)
			return &c->rules[i];
	return NULL;
}

/* The exact tool's setting if it sets the field, else "*"'s, else NULL. */
static const struct rl_tool_setting *
find_setting(const struct rl_case *c, const char *tool,
	     bool (*has)(const struct rl_tool_setting *))
{
	const struct rl_tool_setting *star = NULL;

	for (size_t i = 0; i < c->nsettings; i++) {
		const struct rl_tool_setting *s = &c->settings[i];

		if (!has(s))
			continue;
		if (strcmp(s->tool, tool) == 0)
			return s;
		if (strcmp(s->tool, "*") == 0)
			star = s;
	}
	return star;
}

static bool has_args(const struct rl_tool_setting *s)
{
	return s->argv != NULL;
}

static bool has_runs(const struct rl_tool_setting *s)
{
	return s->runs > 0;
}

static bool has_timeout(const struct rl_tool_setting *s)
{
	return s->timeout > 0;
}

char *const *rl_case_args(const struct rl_case *c, const char *tool)
{
	const struct rl_tool_setting *s = find_setting(c, tool, has_args);
	static char *const none[] = {NULL};

	return s ? s->argv : none;
}

long rl_case_runs(const struct rl_case *c, const char *tool, long dflt)
{
	const struct rl_tool_setting *s = find_setting(c, tool, has_runs);

	return s ? s->runs : dflt;
}

double rl_case_timeout(const struct rl_case *c, const char *tool, double dflt)
{
	const struct rl_tool_setting *s = find_setting(c, tool, has_timeout);

	return s ? s->timeout : dflt;
}
