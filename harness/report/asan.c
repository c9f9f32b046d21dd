/*
 * asan.c - parse AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer
 * reports (clang -fsanitize=address,undefined, on stderr) into findings.
 *
 * A report starts at "==PID==ERROR: AddressSanitizer: KIND on address ..."
 * (or "ERROR: LeakSanitizer: detected memory leaks") and ends at its
 * "SUMMARY: ..." line. Inside it each block is one access: the bad access
 * ("READ of size 8 at 0x... thread T3"), "freed by thread T2 here:",
 * "previously allocated by thread T1 here:", "Thread T3 created by T0 here:",
 * a leak's "Direct leak of 16 byte(s) in 1 object(s) allocated from:", each
 * followed by its frames ("#0 0x... in FUNC FILE:LINE:COL"). A UBSan report
 * starts at "FILE:LINE:COL: runtime error: MESSAGE" (kind
 * "undefined-behavior"). Lines outside reports (the program's own output)
 * and inside them that name nothing (shadow byte maps, hints) are skipped.
 */
#include "report_util.h"

#include <stdlib.h>
#include <string.h>

struct asan_state {
	struct rl_report *rep;
	struct rl_finding *f;  /* the open report, or NULL */
	struct rl_access *acc; /* the block frames go to, or NULL */
	bool oom;
};

/* The block headers: what the block is (the words before end) and the
 * thread named after thread_at ("T3"), if any. */
static const struct {
	const char *start, *end, *thread_at;
} headers[] = {
    {"READ of size ", " at 0x", " thread "},
    {"WRITE of size ", " at 0x", " thread "},
    {"freed by thread ", " by ", " by thread "},
    {"previously allocated by thread ", " by ", " by thread "},
    {"Thread T", " by ", " created by "},
    {"Direct leak of ", " allocated from:", NULL},
    {"Indirect leak of ", " allocated from:", NULL},
};

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int nomem(struct asan_state *st)
{
	st->oom = true;
	return -1;
}

/* "==123==" at the start of a runtime line, skipped. */
static char *skip_pid_tag(char *line)
{
	char *end;

	if (line[0] != '=' || line[1] != '=')
		return line;
	end = strstr(line + 2, "==");
	if (end == NULL ||
	    strspn(line + 2, "0123456789") != (size_t)(end - (line + 2)))
		return line;
	return end + 2;
}

/* A thread's name at s ("T12 here:" -> "T12"); NULL when s names none. */
static char *thread_at(const char *s, bool *oom)
{
	char *t;

	if (s[0] != 'T' || s[1] < '0' || s[1] > '9')
		return NULL;
	t = rlr_strndup(s, 1 + strspn(s + 1, "0123456789"));
	*oom = t == NULL;
	return t;
}

static int add_access(struct asan_state *st, const char *what, size_t n,
		      const char *thread)
{
	bool oom = false;

	st->acc = rlr_add_access(st->f);
	if (st->acc == NULL)
		return nomem(st);
	st->acc->what = rlr_strndup(what, n);
	if (thread != NULL)
		st->acc->thread = thread_at(thread, &oom);
	return st->acc->what == NULL || oom ? nomem(st) : 0;
}

static int open_finding(struct asan_state *st, const char *kind, size_t n,
			const char *summary)
{
	st->acc = NULL;
	st->f = rlr_add_finding(st->rep);
	if (st->f == NULL)
		return nomem(st);
	st->f->kind = rlr_strndup(kind, n);
	st->f->summary = rlr_strdup(summary);
	return st->f->kind && st->f->summary ? 0 : nomem(st);
}

/*
 * "ERROR: AddressSanitizer: REST". The kind is REST's words before the
 * first address or "(" group, less a leading "attempting " and a trailing
 * " on address" / " on": "heap-use-after-free", "SEGV on unknown address",
 * "double-free", "detected memory leaks". A SEGV or a bad free names its
 * thread here ("... T0)", "in thread T0:"); that is the first block.
 */
static int open_report(struct asan_state *st, const char *line)
{
	const char *rest = strstr(line, "Sanitizer: ") + 11, *k = rest, *t;
	size_t n = 0;

	while (k[n] != '\0' && !starts_with(k + n, " 0x") &&
	       !starts_with(k + n, " ("))
		n++;
	if (starts_with(k, "attempting ") && n > 11)
		k += 11, n -= 11;
	if (n > 11 && strncmp(k + n - 11, " on address", 11) == 0)
		n -= 11;
	else if (n > 3 && strncmp(k + n - 3, " on", 3) == 0)
		n -= 3;
	if (open_finding(st, k, n, rest) < 0)
		return -1;
	t = strstr(rest, " in thread T");
	t = t != NULL ? t + 11 : strstr(rest, " T");
	if (t != NULL && t[0] == ' ')
		t++;
	if (t != NULL && (starts_with(k, "SEGV") || k != rest))
		return add_access(st, st->f->kind, strlen(st->f->kind), t);
	return 0;
}

/* A block header inside a report: 1, 0 when line is none, -1 on ENOMEM. */
static int block_header(struct asan_state *st, const char *line)
{
	for (size_t i = 0; i < sizeof(headers) / sizeof(*headers); i++) {
		const char *end, *t = NULL;

		if (!starts_with(line, headers[i].start) ||
		    (end = strstr(line, headers[i].end)) == NULL)
			continue;
		if (headers[i].thread_at != NULL &&
		    (t = strstr(line, headers[i].thread_at)) != NULL)
			t += strlen(headers[i].thread_at);
		return add_access(st, line, (size_t)(end - line), t) < 0 ? -1
									 : 1;
	}
	return 0;
}

/* "#N 0xADDR in FUNC FILE:LINE:COL" or "#N 0xADDR in FUNC (module+0x..)";
 * s is the line from its '#'. */
static int add_frame(struct asan_state *st, char *s)
{
	struct rl_frame *fr;
	char *in = strstr(s, " in "), *src;

	if (in == NULL)
		return 0; /* "#1 0x... (<unknown module>)" names nothing */
	s = in + 4;
	if (st->acc == NULL && add_access(st, "", 0, NULL) < 0)
		return -1;
	fr = rlr_add_frame(st->acc);
	if (fr == NULL)
		return nomem(st);
	/* no module group: the source is the last word */
	if (rlr_cut_module(s) < 0 && (src = strrchr(s, ' ')) != NULL) {
		*src++ = '\0';
		if (rlr_parse_source(src, fr) < 0)
			return nomem(st);
	}
	s = rlr_trim(s);
	if (*s != '\0' && (fr->function = rlr_strdup(s)) == NULL)
		return nomem(st);
	return 0;
}

/* "FILE:LINE:COL: runtime error: MESSAGE": UBSan's report. Its place is
 * the first frame (no function known); the stack, when printed, follows. */
static int ubsan_report(struct asan_state *st, char *line, char *marker)
{
	struct rl_frame *fr;

	*marker = '\0';
	if (open_finding(st, "undefined-behavior", 18, marker + 17) < 0 ||
	    add_access(st, "runtime error", 13, NULL) < 0)
		return -1;
	fr = rlr_add_frame(st->acc);
	if (fr == NULL || rlr_parse_source(line, fr) < 0)
		return nomem(st);
	return 0;
}

static int handle_line(struct asan_state *st, char *raw)
{
	char *line = skip_pid_tag(raw), *t = line + strspn(line, " \t"), *m;

	if (starts_with(line, "ERROR: AddressSanitizer: ") ||
	    starts_with(line, "ERROR: LeakSanitizer: "))
		return open_report(st, line);
	if ((m = strstr(line, ": runtime error: ")) != NULL)
		return ubsan_report(st, line, m);
	if (st->f == NULL)
		return 0;
	if (starts_with(line, "SUMMARY: ")) {
		st->f = NULL;
		st->acc = NULL;
		return 0;
	}
	if (t[0] == '#' && t[1] >= '0' && t[1] <= '9')
		return add_frame(st, t);
	if (*t == '\0') {
		st->acc = NULL; /* a blank line ends a block */
		return 0;
	}
	return block_header(st, t) < 0 ? -1 : 0;
}

int rl_asan_parse(const char *text, size_t len, struct rl_report *rep)
{
	struct asan_state st = {.rep = rep};
	size_t i = 0;

	memset(rep, 0, sizeof(*rep));
	while (i < len && !st.oom) {
		size_t n = 0;
		char *line;

		while (i + n < len && text[i + n] != '\n')
			n++;
		line = rlr_strndup(text + i, n);
		if (line == NULL || handle_line(&st, line) < 0)
			st.oom = true;
		free(line);
		i += n + 1;
	}
	if (st.oom)
		return rlr_set_error(rep, "out of memory reading the report"),
		       -1;
	if (st.f != NULL && strcmp(st.f->kind, "undefined-behavior") != 0) {
		rep->truncated = true;
		rlr_set_error(rep, "the report ends before its SUMMARY line "
				   "(the run was cut short)");
		return -1;
	}
	return 0;
}
