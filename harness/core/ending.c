/*
 * ending.c - say how a program's run ended, in the program's own words
 * where it left some: a failed assert, a crash, a hang, an exit status.
 *
 * Room: harness/core, beside tools.c. Reads captured stderr (already
 * sanitized by proc.c) and the rl_proc result; never runs anything. The
 * tools' own output in the same stream (TSan's report blocks, Valgrind's
 * "==PID==" lines, proc.c's cut marker) is not the program's and is skipped.
 */
#include "proc.h"
#include "tools.h"
#include "util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAID_MAX 300

/* glibc: "PROG: FILE:LINE: FUNC: Assertion `EXPR' failed." */
static char *assertion(const char *err)
{
	const char *a = NULL, *start, *end;
	char *line, *parts[8];
	int n = 0;
	char *res = NULL;

	for (const char *p = err; (p = strstr(p, "Assertion `")); p++)
		a = p; /* the last one */
	if (a == NULL)
		return NULL;
	for (start = a; start > err && start[-1] != '\n'; start--)
		;
	end = strchr(a, '\n');
	line = end ? strndup(start, (size_t)(end - start)) : rl_xstrdup(start);
	for (char *p = line, *q; n < 8 && (q = strstr(p, ": ")); p = q + 2) {
		*q = '\0';
		parts[n++] = p;
		if (strncmp(q + 2, "Assertion `", 11) == 0) {
			parts[n++] = q + 2;
			break;
		}
	}
	if (n >= 3) {
		size_t k = strlen(parts[n - 1]);

		if (k > 0 && parts[n - 1][k - 1] == '.')
			parts[n - 1][k - 1] = '\0'; /* "failed." */
		res = rl_xasprintf("%.*s at %s (%s)", 200, parts[n - 1],
				   parts[n - 3], parts[n - 2]);
	} else
		res = rl_xasprintf("%.*s", 200, a);
	free(line);
	return res;
}

/* Is this stderr line the tool's rather than the program's? */
static bool tool_line(const char *l, size_t n, bool *in_report)
{
	if (n >= 18 && strncmp(l, "==================", 18) == 0) {
		*in_report = !*in_report;
		return true;
	}
	if (*in_report || n == 0)
		return true;
	if (l[0] == '=' && n > 2 && l[1] == '=' && l[2] >= '0' && l[2] <= '9')
		return true; /* Valgrind: "==1234== ..." */
	return strncmp(l, "ThreadSanitizer: reported", 25) == 0 ||
	       strncmp(l, "SUMMARY: ThreadSanitizer", 24) == 0 ||
	       strncmp(l, "[racelab: ", 10) == 0;
}

char *rl_program_said(const char *err)
{
	const char *lines[3];
	size_t lens[3], k = 0;
	bool in_report = false;
	struct rl_buf b = {0};
	char *a;

	if (err == NULL || *err == '\0')
		return NULL;
	if ((a = assertion(err)) != NULL)
		return a;
	for (const char *p = err; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (!tool_line(p, n, &in_report)) {
			lines[k % 3] = p;
			lens[k % 3] = n;
			k++;
		}
		p += n + (e != NULL);
	}
	for (size_t i = k > 3 ? k - 3 : 0; i < k; i++)
		rl_buf_printf(&b, "%s%.*s", b.len ? " / " : "",
			      (int)(lens[i % 3] > 160 ? 160 : lens[i % 3]),
			      lines[i % 3]);
	if (b.len > SAID_MAX)
		b.len = SAID_MAX;
	return b.len ? rl_buf_take(&b) : (free(b.s), NULL);
}

static const char *sig_name(int sig, char *buf, size_t n)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev != NULL)
		snprintf(buf, n, "SIG%s", abbrev);
	else
		snprintf(buf, n, "signal %d", sig);
	return buf;
}

static char *by_signal(int sig, const char *said)
{
	char name[32];
	bool asserted = said && strncmp(said, "Assertion `", 11) == 0;

	sig_name(sig, name, sizeof(name));
	if (sig == SIGABRT && asserted)
		return rl_xasprintf("the program aborted: %s", said);
	if (sig == SIGABRT)
		return rl_xasprintf("the program aborted (%s)%s%s", name,
				    said ? "; its last words: " : "",
				    said ? said : "");
	return rl_xasprintf(
	    "the program %s (%s%s)%s%s",
	    sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL
		? "crashed"
		: "was killed",
	    name,
	    sig == SIGSEGV || sig == SIGBUS ? ", a bad memory access" : "",
	    said ? "; its last words: " : "", said ? said : "");
}

char *rl_ending_text(const struct rl_proc *p, const char *said, double timeout)
{
	if (p->timed_out && p->idle_s >= 1)
		return rl_xasprintf("the program hung (no progress for %.0f s; "
				    "timed out at the %.0f s bound)",
				    p->idle_s, timeout);
	if (p->timed_out)
		return rl_xasprintf(
		    "the program timed out at the %.0f s bound, "
		    "still running and busy (a livelock, or it "
		    "is only slow: then raise the bound with "
		    "--timeout)",
		    timeout);
	if (p->signal != 0)
		return by_signal(p->signal, said);
	return rl_xasprintf("the program exited with status %d%s%s", p->status,
			    said ? ": " : "", said ? said : "");
}
