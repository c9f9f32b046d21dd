/*
 * schedlib.h - what the scheduler's Check suites share: where a sched
 * build of a program is (build/sched/NAME; RACELAB_BUILD overrides
 * "build"), and rl_explore that fails the test when the program cannot
 * be run at all (a verdict about it would mean nothing).
 */
#ifndef RACELAB_SCHEDLIB_H
#define RACELAB_SCHEDLIB_H

#include "explore.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* BUF = the path of build/sched/NAME; returns BUF. */
static inline char *schedlib_bin(const char *name, char *buf, size_t len)
{
	const char *b = getenv("RACELAB_BUILD");

	snprintf(buf, len, "%s/sched/%s", b ? b : "build", name);
	return buf;
}

static inline void schedlib_explore(const struct rl_explore_opts *o,
				    struct rl_explore_result *r)
{
	ck_assert_msg(rl_explore(o, r) == 0, "cannot run %s: %s", o->binary,
		      r->note ? r->note : "?");
}

#endif
