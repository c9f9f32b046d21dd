/*
 * schedrep.h - read what a sched program reported on racelab's own fd
 * (the protocol: harness/sched/sched_channel.h, docs/sched.md).
 *
 * Room: harness/core, owned with the sched runtime; explore.c is the only
 * caller. Nothing here looks at the program's exit status or output: the
 * verdict is what the runtime wrote, or "no report".
 */
#ifndef RACELAB_SCHEDREP_H
#define RACELAB_SCHEDREP_H

#include <stdbool.h>
#include <stddef.h>

struct rl_schedrep {
	bool has_result; /* a whole result record, "end" included */
	char *kind;	 /* "pass", "invariant", ..., "unsupported" */
	long run;	 /* its index in the fork server (0 = first) */
	unsigned long long seed;
	char *strategy; /* "random", "pct" or "replay" */
	int depth;	/* PCT, else 0 */
	long k, bound;	/* PCT, else 0 */
	long maxsteps;	/* 0: the runtime's default */
	unsigned long steps, decisions;
	int status;	/* the status the run ended with */
	char *schedule; /* NULL when the run made no recorded decision */
	char *headline; /* one line, NULL for a pass */
	char *text;	/* the report, "" when none */
	bool has_done;	/* the fork server's last word */
	long runs_done;
	char *stopped; /* "all", "fail", "budget" or "exhausted" */
	char *error;   /* the report could not be read: why */
};

/* Parse len bytes of a channel into *r (zeroed here). 0, or -1 with
 * r->error set. Free with rl_schedrep_free either way. */
int rl_schedrep_parse(const char *buf, size_t len, struct rl_schedrep *r);
void rl_schedrep_free(struct rl_schedrep *r);

#endif
