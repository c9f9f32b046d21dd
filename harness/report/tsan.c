/*
 * tsan.c - ThreadSanitizer's stderr report text into findings.
 *
 * Reads the text clang 14's runtime and gcc 12's libtsan print; touches only
 * the report it is given. The input is read line by line in one pass with
 * no recursion, and every string is heap-allocated to the length it needs,
 * so any input (program output, binary garbage, a report cut short) is safe.
 *
 * The shape read (both runtimes):
 *
 *   ==================
 *   WARNING: ThreadSanitizer: data race (pid=3964)
 *     Write of size 8 at 0x5653a2818258 by thread T2:        <- access header
 *       #0 counter_increment /src/race.c:10:9 (race+0xd01e1) (BuildId: ..)
 *                                                             <- blank: ends it
 *     Location is global 'counter' of size 8 at 0x... (race+0x1476258)
 *     ...
 *   SUMMARY: ThreadSanitizer: data race /src/race.c:10:9 in counter_increment
 *   ==================
 *
 * gcc's frames have no ":col" and name libtsan's own source files; clang's
 * runtime frames are "<null>" and end with a "(BuildId: ...)" group. Some
 * reports ("unlock of an unlocked mutex", "signal-unsafe call ...") start
 * with frames and no header.
 *
 * A fatal signal in the program (both runtimes) has another shape: no
 * "=====" lines, a "==PID==" prefix, and the SUMMARY line ends it:
 *
 *   ThreadSanitizer:DEADLYSIGNAL
 *   ==9633==ERROR: ThreadSanitizer: SEGV on unknown address 0x000 (pc ..)
 *   ==9633==The signal is caused by a WRITE memory access.   <- access
 *   ==9633==Hint: address points to the zero page.
 *       #0 store_result /src/segv.c:9:8 (segv+0xd0196) (BuildId: ..)
 *   ...
 *   SUMMARY: ThreadSanitizer: SEGV /src/segv.c:9:8 in store_result
 *   ==9633==ABORTING
 *
 * Its kind drops the addresses too: "SEGV on unknown address".
 *
 * Accesses, documented here because callers print them:
 *   what   - the header with parenthesised groups and addresses dropped, cut
 *            before " at 0x", " by " or " in thread": "Write of size 8",
 *            "Previous read of size 8", "Mutex M1 acquired here while holding
 *            mutex M0", "Mutex M0 previously acquired", "Mutex M0 created",
 *            "Thread T1 created", "Location is heap block of size 8",
 *            "Location is global 'counter' of size 8" (that one has no
 *            frames). Frames with no header get the finding's kind.
 *            A fatal signal's stack is "The signal is caused by a WRITE
 *            memory access" (or the kind, when the runtime does not say).
 *   thread - whoever the header says ran the stack: "T2" for "by thread T2"
 *            or "in thread T2", "main thread"; "the same thread" is resolved
 *            to the previous access's thread; NULL when not said.
 */
#include "report.h"
#include "report_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARNING_PREFIX "WARNING: ThreadSanitizer: "
#define ERROR_PREFIX   "ERROR: ThreadSanitizer: "
#define SIGNAL_CAUSE   "The signal is caused by "
#define SUMMARY_PREFIX "SUMMARY: ThreadSanitizer: "
#define SEPARATOR      "=================="

struct tsan_state {
	struct rl_report *rep;
	struct rl_finding *cur; /* the report being read, or NULL */
	struct rl_access *acc;	/* where frames go now, or NULL */
	size_t lineno;
	size_t cur_lineno; /* line of cur's WARNING */
	bool fatal;	   /* cur is an ERROR report: SUMMARY ends it */
	bool failed;	   /* out of memory: stop, report nothing more */
	char *buf;	   /* the current line, NUL-terminated */
	size_t bufcap;
};

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void cut_suffix(char *s, const char *suffix)
{
	if (ends_with(s, suffix))
		s[strlen(s) - strlen(suffix)] = '\0';
}

/*
 * Drop every "(...)" group and the blanks before it, in place:
 * "lock-order-inversion (potential deadlock) (pid=1)" -> "lock-order-
 * inversion", "Mutex M0 (0x55..) created at" -> "Mutex M0 created at".
 * An unclosed "(" drops the rest of the line.
 */
static void drop_paren_groups(char *s)
{
	size_t out = 0, depth = 0;

	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '(') {
			if (depth++ == 0)
				while (out > 0 && s[out - 1] == ' ')
					out--;
		} else if (s[i] == ')' && depth > 0) {
			depth--;
		} else if (depth == 0) {
			s[out++] = s[i];
		}
	}
	s[out] = '\0';
}

static int nomem(struct tsan_state *st)
{
	st->failed = true;
	rlr_set_error(st->rep, "out of memory");
	return -1;
}

/* Drop every word that starts with "0x" and the blanks before it, in
 * place: "SEGV on unknown address 0x000000000000" -> "SEGV on unknown
 * address". */
static void drop_addresses(char *s)
{
	size_t out = 0;

	for (size_t i = 0; s[i] != '\0';) {
		if ((i == 0 || s[i - 1] == ' ') && s[i] == '0' &&
		    s[i + 1] == 'x') {
			while (out > 0 && s[out - 1] == ' ')
				out--;
			while (s[i] != '\0' && s[i] != ' ')
				i++;
			continue;
		}
		s[out++] = s[i++];
	}
	s[out] = '\0';
}

static void close_report(struct tsan_state *st)
{
	st->cur = NULL;
	st->acc = NULL;
	st->fatal = false;
}

/* head: the line from "WARNING: ThreadSanitizer: " or "ERROR: ..." on. */
static int open_report(struct tsan_state *st, char *head, bool fatal)
{
	char *kind = head + strlen(fatal ? ERROR_PREFIX : WARNING_PREFIX);
	char *warning = head;
	struct rl_finding *f;

	if (st->cur != NULL) {
		st->rep->truncated = true;
		rlr_set_error(st->rep,
			      "report %zu (line %zu) cut off by another at "
			      "line %zu",
			      st->rep->nfindings, st->cur_lineno, st->lineno);
		close_report(st);
	}
	f = rlr_add_finding(st->rep);
	if (f == NULL)
		return nomem(st);
	st->cur = f;
	st->cur_lineno = st->lineno;
	st->fatal = fatal;
	/* Until a SUMMARY line says better, the WARNING line is the summary. */
	f->summary = rlr_strdup(rlr_trim(warning));
	drop_paren_groups(kind);
	drop_addresses(kind);
	kind = rlr_trim(kind);
	f->kind = rlr_strdup(*kind != '\0' ? kind : RLR_UNKNOWN_KIND);
	if (f->summary == NULL || f->kind == NULL) {
		/* Keep the promise that no finding lacks a kind. */
		rlr_finding_clear(f);
		st->rep->nfindings--;
		st->cur = NULL;
		return nomem(st);
	}
	return 0;
}

static int set_summary(struct tsan_state *st, char *summary)
{
	char *text = rlr_strdup(rlr_trim(summary + strlen(SUMMARY_PREFIX)));

	if (text == NULL)
		return nomem(st);
	free(st->cur->summary);
	st->cur->summary = text;
	return 0;
}

/* Offset of the first of the markers in s, or strlen(s). */
static size_t first_marker(const char *s, const char *const *markers,
			   size_t nmarkers)
{
	size_t best = strlen(s);

	for (size_t i = 0; i < nmarkers; i++) {
		const char *hit = strstr(s, markers[i]);

		if (hit != NULL && (size_t)(hit - s) < best)
			best = (size_t)(hit - s);
	}
	return best;
}

/*
 * "thread T2" -> "T2", "main thread" stays, "the same thread" -> the thread
 * of the access before (f's last access is the one being named). *out stays
 * NULL when there is no name; -1 only on ENOMEM.
 */
static int thread_name(const struct rl_finding *f, const char *who, char **out)
{
	*out = NULL;
	if (strcmp(who, "the same thread") == 0) {
		if (f->naccesses < 2 ||
		    f->accesses[f->naccesses - 2].thread == NULL)
			return 0;
		who = f->accesses[f->naccesses - 2].thread;
	} else if (starts_with(who, "thread ")) {
		who += strlen("thread ");
	}
	if (*who == '\0')
		return 0;
	*out = rlr_strdup(who);
	return *out == NULL ? -1 : 0;
}

/* Header text (indent and trailing ':' gone) into what and thread. */
static int describe_access(struct rl_finding *f, struct rl_access *a, char *h)
{
	static const char *const what_ends[] = {" at 0x", " by ", " in thread ",
						" in main thread"};
	static const char *const who_starts[] = {" by ", " in "};
	size_t end, who;

	drop_paren_groups(h);
	h = rlr_trim(h);
	cut_suffix(h, ".");
	cut_suffix(h, " at");
	cut_suffix(h, " here");
	end = first_marker(h, what_ends, 4);
	who = first_marker(h + end, who_starts, 2);
	/* Both who_starts markers are 4 characters long. */
	if (h[end + who] != '\0' &&
	    thread_name(f, h + end + who + 4, &a->thread) < 0)
		return -1;
	a->what = rlr_strndup(h, end);
	return a->what == NULL ? -1 : 0;
}

static int add_access(struct tsan_state *st, char *header, bool has_stack)
{
	struct rl_access *a = rlr_add_access(st->cur);

	if (a == NULL || describe_access(st->cur, a, header) < 0)
		return nomem(st);
	st->acc = has_stack ? a : NULL;
	return 0;
}

/* A stack that starts right after WARNING, with no header of its own. */
static int add_headerless_access(struct tsan_state *st)
{
	struct rl_access *a = rlr_add_access(st->cur);

	if (a == NULL || (a->what = rlr_strdup(st->cur->kind)) == NULL)
		return nomem(st);
	st->acc = a;
	return 0;
}

/* Index of the "(" matching the ")" at s[end - 1], or end if none. */
/* "#N function source (module+0x..)" - s points just after the '#'. */
static int add_frame(struct tsan_state *st, char *s)
{
	struct rl_frame *fr;
	char *src;

	s += strspn(s, "0123456789");
	s += strspn(s, " ");
	/* A custom stack_trace_format may put "0x... in " first. */
	if (starts_with(s, "0x")) {
		size_t hex = 2 + strspn(s + 2, "0123456789abcdefABCDEF");

		if (starts_with(s + hex, " in "))
			s += hex + 4;
	}
	if (rlr_cut_module(s) < 0)
		return 0;
	if (st->acc == NULL && add_headerless_access(st) < 0)
		return -1;
	fr = rlr_add_frame(st->acc);
	if (fr == NULL)
		return nomem(st);
	src = strrchr(s, ' ');
	if (src != NULL) {
		*src++ = '\0';
		if (rlr_parse_source(src, fr) < 0)
			return nomem(st);
	}
	s = rlr_trim(s);
	if (*s != '\0' && strcmp(s, "<null>") != 0 &&
	    (fr->function = rlr_strdup(s)) == NULL)
		return nomem(st);
	return 0;
}

static bool is_frame_line(const char *s)
{
	s += strspn(s, " \t");
	return s[0] == '#' && s[1] >= '0' && s[1] <= '9';
}

/* "  Header of an access:" - exactly two blanks of indent. */
static bool is_access_header(const char *s, bool *has_stack)
{
	if (s[0] != ' ' || s[1] != ' ' || s[2] == ' ' || s[2] == '\0' ||
	    s[2] == '#')
		return false;
	*has_stack = ends_with(s, ":");
	/* "Location is global 'x' ..." stands alone; it has no stack. */
	return *has_stack || starts_with(s + 2, "Location is ");
}

/* "The signal is caused by a WRITE memory access." opens the stack. */
static int add_signal_access(struct tsan_state *st, char *text)
{
	struct rl_access *a = rlr_add_access(st->cur);

	text = rlr_trim(text);
	cut_suffix(text, ".");
	if (a == NULL || (a->what = rlr_strdup(text)) == NULL)
		return nomem(st);
	st->acc = a;
	return 0;
}

/* Past the "==1234==" the runtime puts before its own lines, if any. */
static char *skip_pid_tag(char *line)
{
	size_t n;

	if (line[0] != '=' || line[1] != '=')
		return line;
	n = 2 + strspn(line + 2, "0123456789");
	return n > 2 && line[n] == '=' && line[n + 1] == '=' ? line + n + 2
							     : line;
}

static int handle_line(struct tsan_state *st, char *line)
{
	char *hit;
	bool has_stack;
	int rc;

	if (starts_with(line, SEPARATOR)) {
		close_report(st);
		return 0;
	}
	hit = strstr(line, WARNING_PREFIX);
	if (hit != NULL)
		return open_report(st, hit, false);
	hit = strstr(line, ERROR_PREFIX);
	if (hit != NULL)
		return open_report(st, hit, true);
	if (st->cur == NULL)
		return 0;
	hit = strstr(line, SUMMARY_PREFIX);
	if (hit != NULL) {
		rc = set_summary(st, hit);
		if (st->fatal)
			close_report(st);
		return rc;
	}
	if (st->fatal && starts_with(skip_pid_tag(line), SIGNAL_CAUSE))
		return add_signal_access(st, skip_pid_tag(line));
	if (line[strspn(line, " \t")] == '\0') {
		st->acc = NULL;
		return 0;
	}
	if (is_frame_line(line))
		return add_frame(st, strchr(line, '#') + 1);
	if (is_access_header(line, &has_stack)) {
		char *h = line + 2;

		cut_suffix(h, ":");
		return add_access(st, h, has_stack);
	}
	return 0; /* program output, hints, "Cycle in lock order graph" */
}

/* Copy one raw line into st->buf without its "\r\n" ending. */
static int load_line(struct tsan_state *st, const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n + 1 > st->bufcap) {
		char *grown = realloc(st->buf, n + 1);

		if (grown == NULL)
			return nomem(st);
		st->buf = grown;
		st->bufcap = n + 1;
	}
	memcpy(st->buf, s, n);
	st->buf[n] = '\0';
	return 0;
}

static void finish(struct tsan_state *st)
{
	if (st->cur == NULL || st->failed)
		return;
	st->rep->truncated = true;
	rlr_set_error(st->rep,
		      "input ended inside report %zu (\"%s\", line %zu); it is "
		      "kept as read so far",
		      st->rep->nfindings, st->cur->kind, st->cur_lineno);
}

int rl_tsan_parse(const char *text, size_t len, struct rl_report *rep)
{
	struct tsan_state st = {.rep = rep};
	size_t pos = 0;

	memset(rep, 0, sizeof(*rep));
	if (text == NULL && len > 0) {
		rlr_set_error(rep, "no input text");
		return -1;
	}
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - line) : len - pos;

		st.lineno++;
		/* A last line with no newline inside a report was cut off. */
		if (nl == NULL && st.cur != NULL)
			break;
		if (load_line(&st, line, n) < 0 || handle_line(&st, st.buf) < 0)
			break;
		pos += n + (nl != NULL);
	}
	finish(&st);
	free(st.buf);
	return rep->error != NULL || rep->truncated || st.failed ? -1 : 0;
}
