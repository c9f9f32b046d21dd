/*
 * explore.h - drive the sched build: run schedules until one fails, replay
 * one exactly. (The runtime itself is in harness/sched/.)
 */
#ifndef RACELAB_EXPLORE_H
#define RACELAB_EXPLORE_H

#include "tools.h"

/*
 * The `sched` tool for rl_tool_run: explore up to r->runs schedules of
 * r->binary with driver args r->argv, from seed r->seed, strategy
 * r->strategy (NULL = random) and depth r->depth. Fills o->schedules, and on
 * the first failing schedule o->fail_kind ("invariant", "deadlock", "crash",
 * ...), o->trace and o->replay; o->broken when the binary misbehaves
 * outside any schedule. 0, or -1 when it could not run at all.
 */
int rl_explore_run(const struct rl_run_req *r, struct rl_obs *o);

/*
 * `racelab scan --tool sched FILE.c...`: build the files (their own main; a
 * failed assert is an invariant failure) with the sched runtime in a
 * temporary directory, then explore them as rl_explore_run does (r->binary
 * and r->argv are ignored). 0, or -1 after printing one line saying why the
 * files could not be built (not C, compile error, no compiler).
 */
int rl_explore_scan(int nfiles, char **files, const struct rl_run_req *r,
		    struct rl_obs *o);

#endif
