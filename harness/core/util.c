/*
 * util.c - checked allocation, growable strings, number parsing.
 * Allocation failure in the harness is fatal: it prints and exits 70.
 */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void oom(void)
{
	fputs("racelab: out of memory\n", stderr);
	exit(70);
}

void *rl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *rl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *rl_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *rl_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		oom();
	return p;
}

static char *vasprintf_x(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	return s;
}

char *rl_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vasprintf_x(fmt, ap);
	va_end(ap);
	return s;
}

void rl_buf_add(struct rl_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = rl_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void rl_buf_printf(struct rl_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vasprintf_x(fmt, ap);
	va_end(ap);
	rl_buf_add(b, s, strlen(s));
	free(s);
}

char *rl_buf_take(struct rl_buf *b)
{
	char *s = b->s ? b->s : rl_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

bool rl_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool rl_parse_double(const char *s, double min, double max, double *out)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(v >= min && v <= max))
		return false;
	*out = v;
	return true;
}

bool rl_path_endswith(const char *path, const char *suffix)
{
	size_t lp = strlen(path), ls = strlen(suffix);

	if (ls > lp)
		return false;
	if (strcmp(path + lp - ls, suffix) != 0)
		return false;
	return ls == lp || path[lp - ls - 1] == '/';
}

void rl_buf_shell_word(struct rl_buf *b, const char *s)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789_-+=./,:@%";

	if (*s != '\0' && strspn(s, plain) == strlen(s)) {
		rl_buf_add(b, s, strlen(s));
		return;
	}
	rl_buf_add(b, "'", 1);
	for (; *s; s++) {
		if (*s == '\'')
			rl_buf_add(b, "'\\''", 4);
		else
			rl_buf_add(b, s, 1);
	}
	rl_buf_add(b, "'", 1);
}

double rl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char **rl_argv_join(char *const *prefix, const char *binary, char *const *args)
{
	size_t np = 0, na = 0, k = 0;
	char **v;

	while (prefix && prefix[np])
		np++;
	while (args && args[na])
		na++;
	v = rl_xcalloc(np + na + 2, sizeof(char *));
	for (size_t i = 0; i < np; i++)
		v[k++] = prefix[i];
	v[k++] = (char *)binary;
	for (size_t i = 0; i < na; i++)
		v[k++] = args[i];
	return v;
}

void rl_argv_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
