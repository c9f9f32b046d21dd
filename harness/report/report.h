/*
 * report.h - what a detector said, in one shape for every tool.
 *
 * The parsers turn a tool's real output into findings: ThreadSanitizer's text
 * report (clang's and gcc's runtime; tsan.c) and Valgrind's --xml=yes output
 * from Helgrind and DRD (vgxml.c, read with expat). Nothing here runs a tool;
 * harness/core does that and decides verdicts.
 *
 * Ownership: a struct rl_report owns every string and array under it;
 * rl_report_free() releases them all. Parsers never abort: malformed or
 * truncated input yields the findings read so far plus rep->truncated and a
 * one-line rep->error. The private helpers they share are in report_util.h.
 */
#ifndef RACELAB_REPORT_H
#define RACELAB_REPORT_H

#include <stdbool.h>
#include <stddef.h>

struct rl_frame {
	char *function; /* "counter_increment", or NULL when unknown */
	char *file;	/* path as the tool printed it ("/src/bad/counter.c") */
	int line;	/* 0 when unknown */
};

/*
 * One access (or lock acquisition, thread creation, heap block ...) inside a
 * finding, with its stack (which may be empty). tsan.c and vgxml.c say at
 * their top exactly how each tool's text becomes what and thread.
 */
struct rl_access {
	char *what;   /* "Write of size 8", "Mutex M1 acquired here while
			 holding mutex M0", "This conflicts with a previous
			 write of size 8 by thread #2" ...; may be NULL */
	char *thread; /* "T2", "main thread", "#3" as the tool names it, or
			 NULL when the tool does not say */
	struct rl_frame *frames;
	size_t nframes;
};

struct rl_finding {
	/*
	 * The tool's own name for the kind, unchanged: TSan "data race",
	 * "lock-order-inversion", "thread leak", "heap-use-after-free",
	 * "SEGV on unknown address" (addresses dropped), ...; Helgrind "Race",
	 * "LockOrder", "Misc", ...; DRD "ConflictingAccess", "CondErr", ...
	 * TSan's parenthesised qualifiers ("(potential deadlock)") are
	 * dropped. Never NULL: "(unknown)" if the input did not say.
	 */
	char *kind;
	char *summary; /* one line in the tool's words; never NULL */
	struct rl_access *accesses;
	size_t naccesses;
};

struct rl_report {
	struct rl_finding *findings;
	size_t nfindings;
	bool truncated; /* input ended or broke before a report was complete */
	char *error;	/* NULL, or one line saying what was wrong with input */
};

/*
 * Parse ThreadSanitizer stderr text (clang or gcc runtime); lines that are
 * not part of a report are ignored. rep need not be initialised. 0, or -1
 * with rep->error set (rep is still valid and must be freed; error is NULL
 * only if memory ran out even for the message). Every report is a finding,
 * "WARNING: ThreadSanitizer: ..." and "ERROR: ThreadSanitizer: ..." (a fatal
 * signal) alike. A report cut off (no closing "=====" line, or for an ERROR
 * no SUMMARY line) is kept as far as it was read, as the last finding,
 * with rep->truncated set.
 */
int rl_tsan_parse(const char *text, size_t len, struct rl_report *rep);

/*
 * Parse AddressSanitizer / LeakSanitizer / UndefinedBehaviorSanitizer stderr
 * text (clang -fsanitize=address,undefined; asan.c). Kinds as the runtime
 * names them: "heap-use-after-free", "heap-buffer-overflow", "double-free",
 * "SEGV on unknown address", "detected memory leaks", and
 * "undefined-behavior" for UBSan's "runtime error" lines. The accesses: the
 * bad one ("READ of size 8"), "freed", "previously allocated", "Thread T3
 * created", a leak's "Direct leak of ...". Same contract as rl_tsan_parse: a
 * report cut before its SUMMARY line is -1 with rep->truncated and
 * rep->error.
 */
int rl_asan_parse(const char *text, size_t len, struct rl_report *rep);

/*
 * Parse Valgrind --xml=yes output (Helgrind or DRD) with expat. Same
 * contract as rl_tsan_parse, except that only complete <error>s become
 * findings: XML that is cut short or broken keeps those before the damage.
 * XML that simply stops (Valgrind killed at a time-out) says so in
 * rep->error: "... (the XML ends early: ...)".
 */
int rl_vgxml_parse(const char *xml, size_t len, struct rl_report *rep);

/*
 * Is file (as a frame names it) a system file rather than the program's
 * own: /usr/..., a tool's runtime (libsanitizer, compiler-rt, Valgrind's
 * coregrind and preloads), or glibc's sources, which Debian's debug info
 * names relative ("./nptl/./nptl/pthread_kill.c", "./misc/../sysdeps/unix/
 * sysv/linux/x86_64/clone.S", "./stdlib/./stdlib/msort.c"). The one rule
 * every "where to look" choice uses (rl_finding_where, judge.c).
 */
bool rl_is_system_file(const char *file);

/*
 * The frame a person should look at: the first frame, searching the
 * accesses in order, whose file is known and is not a system file
 * (rl_is_system_file). NULL when there is none.
 */
const struct rl_frame *rl_finding_where(const struct rl_finding *f);

/* Free everything rep owns and zero it; NULL is fine. */
void rl_report_free(struct rl_report *rep);

#endif
