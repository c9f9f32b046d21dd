/*
 * report.c - the parts of a report every parser shares: freeing, the
 * "where to look" frame, and the private helpers of report_util.h.
 * Touches only memory it is handed; no I/O.
 */
#include "report.h"
#include "report_util.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *rlr_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = malloc(len + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *rlr_strdup(const char *s)
{
	return rlr_strndup(s, strlen(s));
}

char *rlr_trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

int rlr_parse_lineno(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		int d = s[i] - '0';

		if (v > (INT_MAX - d) / 10)
			return INT_MAX;
		v = v * 10 + d;
	}
	return v;
}

void *rlr_grow(void *array, size_t n, size_t elsize)
{
	size_t cap;

	/* Full exactly when n is 0 or a power of two (see the header). */
	if ((n & (n - 1)) != 0)
		return array;
	cap = n == 0 ? 1 : n * 2;
	if (cap < n || cap > SIZE_MAX / elsize)
		return NULL;
	return realloc(array, cap * elsize);
}

struct rl_finding *rlr_add_finding(struct rl_report *rep)
{
	struct rl_finding *grown =
	    rlr_grow(rep->findings, rep->nfindings, sizeof(*grown));

	if (grown == NULL)
		return NULL;
	rep->findings = grown;
	memset(&grown[rep->nfindings], 0, sizeof(*grown));
	return &grown[rep->nfindings++];
}

struct rl_access *rlr_add_access(struct rl_finding *f)
{
	struct rl_access *grown =
	    rlr_grow(f->accesses, f->naccesses, sizeof(*grown));

	if (grown == NULL)
		return NULL;
	f->accesses = grown;
	memset(&grown[f->naccesses], 0, sizeof(*grown));
	return &grown[f->naccesses++];
}

struct rl_frame *rlr_add_frame(struct rl_access *a)
{
	struct rl_frame *grown =
	    rlr_grow(a->frames, a->nframes, sizeof(*grown));

	if (grown == NULL)
		return NULL;
	a->frames = grown;
	memset(&grown[a->nframes], 0, sizeof(*grown));
	return &grown[a->nframes++];
}

int rlr_set_error(struct rl_report *rep, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *msg;

	if (rep->error != NULL)
		return 0;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -1;
	msg = malloc((size_t)len + 1);
	if (msg == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	rep->error = msg;
	return 0;
}

static bool prefixed(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t matching_open(const char *s, size_t end)
{
	size_t depth = 0;

	for (size_t i = end; i > 0; i--) {
		if (s[i - 1] == ')')
			depth++;
		else if (s[i - 1] == '(' && --depth == 0)
			return i - 1;
	}
	return end;
}

static size_t trim_end(const char *s, size_t end)
{
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

/*
 * Cut the trailing "(module+0x...)" and any "(BuildId: ...)" off a frame.
 * Every real frame has the module group (even "(<unknown module>)"), so a
 * line without one is not taken for a frame. -1 when there is none.
 */
int rlr_cut_module(char *s)
{
	size_t end = trim_end(s, strlen(s));

	while (end > 0 && s[end - 1] == ')') {
		size_t open = matching_open(s, end);
		const char *group = s + open + 1;

		if (open == end)
			return -1;
		if (prefixed(group, "BuildId:")) {
			end = trim_end(s, open);
			continue;
		}
		if (strstr(group, "+0x") != NULL || prefixed(group, "0x") ||
		    prefixed(group, "<unknown module>")) {
			s[trim_end(s, open)] = '\0';
			return 0;
		}
		return -1;
	}
	return -1;
}

/* "file:line:col", "file:line", "file" or "<null>" into file and line. */
int rlr_parse_source(const char *src, struct rl_frame *fr)
{
	size_t n = strlen(src);
	int nums[2] = {0, 0};
	int k = 0;

	if (strcmp(src, "<null>") == 0)
		return 0;
	while (k < 2) {
		size_t i = n;

		while (i > 0 && src[i - 1] >= '0' && src[i - 1] <= '9')
			i--;
		if (i == n || i < 2 || src[i - 1] != ':')
			break;
		nums[k++] = rlr_parse_lineno(src + i, n - i);
		n = i - 1;
	}
	/* With two numbers the last one was the column. */
	fr->line = k == 2 ? nums[1] : nums[0];
	fr->file = rlr_strndup(src, n);
	return fr->file == NULL ? -1 : 0;
}

static void access_clear(struct rl_access *a)
{
	for (size_t i = 0; i < a->nframes; i++) {
		free(a->frames[i].function);
		free(a->frames[i].file);
	}
	free(a->frames);
	free(a->what);
	free(a->thread);
}

void rlr_finding_clear(struct rl_finding *f)
{
	for (size_t i = 0; i < f->naccesses; i++)
		access_clear(&f->accesses[i]);
	free(f->accesses);
	free(f->kind);
	free(f->summary);
	memset(f, 0, sizeof(*f));
}

void rl_report_free(struct rl_report *rep)
{
	if (rep == NULL)
		return;
	for (size_t i = 0; i < rep->nfindings; i++)
		rlr_finding_clear(&rep->findings[i]);
	free(rep->findings);
	free(rep->error);
	memset(rep, 0, sizeof(*rep));
}

/*
 * Directory names that only ever hold the tools' own runtimes or libc, as
 * their debug info spells them: gcc's libtsan ("../../../../src/libsanitizer/
 * tsan/..."), LLVM's compiler-rt, Valgrind's coregrind (and its install
 * directory), and glibc's source tree, which Debian's libc debug info names
 * relative ("./nptl/./nptl", "./misc/../sysdeps/unix/...").
 */
static const char *const runtime_dirs[] = {
    "libsanitizer", "compiler-rt", "sanitizer_common", "coregrind",
    "valgrind",	    "nptl",	   "sysdeps",
};

/* Top-level glibc directories, trusted only in a "./" relative path. */
static const char *const glibc_top_dirs[] = {
    "csu",   "elf",	     "libio",  "malloc", "misc",
    "posix", "stdio-common", "stdlib", "string",
};

/* Files of Valgrind's preloaded intercepts and TSan's runtime. */
static const char *const runtime_file_prefixes[] = {
    "hg_intercepts.",
    "drd_pthread_intercepts.",
    "vg_replace_",
    "tsan_",
};

static bool in_list(const char *s, size_t n, const char *const *list,
		    size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && strncmp(s, list[i], n) == 0)
			return true;
	return false;
}

static bool has_runtime_dir(const char *path)
{
	const char *p = path;

	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (in_list(p, n, runtime_dirs,
			    sizeof(runtime_dirs) / sizeof(*runtime_dirs)))
			return true;
		if (strncmp(p, "glibc-", 6) == 0 && n >= 6)
			return true;
		p += n;
		p += strspn(p, "/");
	}
	return false;
}

static bool is_runtime_file(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t nprefixes =
	    sizeof(runtime_file_prefixes) / sizeof(*runtime_file_prefixes);

	base = base == NULL ? path : base + 1;
	for (size_t i = 0; i < nprefixes; i++) {
		const char *pre = runtime_file_prefixes[i];

		if (strncmp(base, pre, strlen(pre)) == 0)
			return true;
	}
	return false;
}

static bool is_glibc_relative(const char *path)
{
	const char *top = path + 2;

	if (strncmp(path, "./", 2) != 0)
		return false;
	return in_list(top, strcspn(top, "/"), glibc_top_dirs,
		       sizeof(glibc_top_dirs) / sizeof(*glibc_top_dirs));
}

bool rl_is_system_file(const char *path)
{
	return strncmp(path, "/usr/", 5) == 0 || has_runtime_dir(path) ||
	       is_runtime_file(path) || is_glibc_relative(path);
}

const struct rl_frame *rl_finding_where(const struct rl_finding *f)
{
	if (f == NULL)
		return NULL;
	for (size_t i = 0; i < f->naccesses; i++) {
		const struct rl_access *a = &f->accesses[i];

		for (size_t j = 0; j < a->nframes; j++) {
			const char *file = a->frames[j].file;

			if (file != NULL && *file != '\0' &&
			    !rl_is_system_file(file))
				return &a->frames[j];
		}
	}
	return NULL;
}
