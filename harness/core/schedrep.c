/*
 * schedrep.c - parse the sched runtime's records (sched_channel.h): one
 * line "WORD ARGS", or a blob "WORD LEN" followed by LEN bytes and "\n".
 *
 * Room: harness/core, owned with the sched runtime. A record this file does
 * not know, a blob that runs past the end, or a result without "end" makes
 * the report unreadable: never guess a verdict from half a report.
 */
#include "schedrep.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct cursor {
	const char *p, *end;
};

static char *dup_n(const char *s, size_t n)
{
	char *d = rl_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* The next line without its '\n' (malloc'd), or NULL at the end. */
static char *next_line(struct cursor *c)
{
	const char *nl;
	char *line;

	if (c->p >= c->end)
		return NULL;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	if (nl == NULL)
		nl = c->end;
	line = dup_n(c->p, (size_t)(nl - c->p));
	c->p = nl < c->end ? nl + 1 : nl;
	return line;
}

static bool parse_ull(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (*s == '-' || *s == '\0')
		return false;
	*out = strtoull(s, &end, 0);
	return errno == 0 && *end == '\0';
}

/* One "key=value" of a result line into r; false when it is not one. */
static bool result_field(struct rl_schedrep *r, const char *key,
			 const char *val)
{
	unsigned long long x;

	if (strcmp(key, "kind") == 0 || strcmp(key, "strategy") == 0) {
		char **dst = key[0] == 'k' ? &r->kind : &r->strategy;

		free(*dst);
		*dst = rl_xstrdup(val);
		return *val != '\0';
	}
	if (!parse_ull(val, &x))
		return false;
	if (strcmp(key, "seed") == 0)
		r->seed = x;
	else if (strcmp(key, "run") == 0)
		r->run = (long)x;
	else if (strcmp(key, "steps") == 0)
		r->steps = (unsigned long)x;
	else if (strcmp(key, "decisions") == 0)
		r->decisions = (unsigned long)x;
	else if (strcmp(key, "status") == 0)
		r->status = (int)(long)x;
	else if (strcmp(key, "depth") == 0)
		r->depth = (int)x;
	else if (strcmp(key, "k") == 0)
		r->k = (long)x;
	else if (strcmp(key, "bound") == 0)
		r->bound = (long)x;
	else if (strcmp(key, "maxsteps") == 0)
		r->maxsteps = (long)x;
	else
		return false;
	return true;
}

/* "key=value key=value ..." through set; false at the first bad one. */
static bool fields(struct rl_schedrep *r, char *args,
		   bool (*set)(struct rl_schedrep *, const char *,
			       const char *))
{
	char *save = NULL;

	for (char *tok = strtok_r(args, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (eq == NULL)
			return false;
		*eq = '\0';
		if (!set(r, tok, eq + 1))
			return false;
	}
	return true;
}

static bool done_field(struct rl_schedrep *r, const char *key, const char *val)
{
	unsigned long long x;

	if (strcmp(key, "stopped") == 0) {
		free(r->stopped);
		r->stopped = rl_xstrdup(val);
		return strcmp(val, "all") == 0 || strcmp(val, "fail") == 0 ||
		       strcmp(val, "budget") == 0 ||
		       strcmp(val, "exhausted") == 0;
	}
	if (strcmp(key, "runs") == 0 && parse_ull(val, &x)) {
		r->runs_done = (long)x;
		return true;
	}
	return false;
}

/* A blob's LEN bytes and the '\n' after them (malloc'd), or NULL. */
static char *blob(struct cursor *c, const char *len_text)
{
	unsigned long long n;
	char *s;

	if (!parse_ull(len_text, &n) || n > (size_t)(c->end - c->p) ||
	    (size_t)(c->end - c->p) - n < 1 || c->p[n] != '\n')
		return NULL;
	s = dup_n(c->p, (size_t)n);
	c->p += n + 1;
	/* names in it come from the program (files, symbols, its assert
	 * text): they must not drive the terminal either */
	rl_text_sanitize(s, (size_t)n);
	return s;
}

static int fail(struct rl_schedrep *r, const char *why, const char *line)
{
	free(r->error);
	r->error = rl_xasprintf("%s (at \"%.60s\")", why, line ? line : "");
	return -1;
}

/* One record whose first line is line (its WORD and ARGS split). */
static int record(struct rl_schedrep *r, struct cursor *c, char *word,
		  char *args, bool *in_result)
{
	char **dst = NULL;

	if (strcmp(word, "result") == 0) {
		if (r->kind != NULL)
			return fail(r, "a second result", word);
		*in_result = true;
		return fields(r, args, result_field) && r->kind != NULL
			   ? 0
			   : fail(r, "a malformed result", args);
	}
	if (strcmp(word, "done") == 0) {
		r->has_done = true;
		return fields(r, args, done_field) && r->stopped != NULL
			   ? 0
			   : fail(r, "a malformed done", args);
	}
	if (!*in_result)
		return fail(r, "a record outside a result", word);
	if (strcmp(word, "end") == 0) {
		*in_result = false;
		r->has_result = true;
		return 0;
	}
	if (strcmp(word, "schedule") == 0) {
		free(r->schedule);
		r->schedule = strcmp(args, "-") == 0 ? NULL : rl_xstrdup(args);
		return *args != '\0' ? 0 : fail(r, "an empty schedule", word);
	}
	if (strcmp(word, "headline") == 0)
		dst = &r->headline;
	else if (strcmp(word, "text") == 0)
		dst = &r->text;
	else
		return fail(r, "an unknown record", word);
	free(*dst);
	*dst = blob(c, args);
	return *dst != NULL ? 0 : fail(r, "a truncated blob", word);
}

int rl_schedrep_parse(const char *buf, size_t len, struct rl_schedrep *r)
{
	struct cursor c = {buf, buf + len};
	bool in_result = false;
	char *line;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	while (rc == 0 && (line = next_line(&c)) != NULL) {
		char *sp = strchr(line, ' ');

		if (sp != NULL)
			*sp = '\0';
		rc = record(r, &c, line, sp ? sp + 1 : line + strlen(line),
			    &in_result);
		free(line);
	}
	if (rc == 0 && in_result)
		rc = fail(r, "a result without its end", r->kind);
	if (rc == 0 && r->has_result && r->text == NULL)
		r->text = rl_xstrdup("");
	return rc;
}

void rl_schedrep_free(struct rl_schedrep *r)
{
	free(r->kind);
	free(r->strategy);
	free(r->schedule);
	free(r->headline);
	free(r->text);
	free(r->stopped);
	free(r->error);
	memset(r, 0, sizeof(*r));
}
