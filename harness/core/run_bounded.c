/*
 * run_bounded.c - the bounded-proof row: a case's sched build run for
 * every schedule with at most RL_BOUNDED_PREEMPTIONS preemptions
 * (explore.h, --exhaustive; docs/sched.md "Bounded proof"). Clean means
 * the enumeration ended: "no failing schedule with <= 2 preemptions (N
 * schedules, exhaustive)". An enumeration the time budget stopped proves
 * nothing and is could not judge; on a bad variant the first failing
 * schedule is the finding, judged as the sched row's (rl_sched_judge).
 */
#include "explore.h"
#include "runners.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

int rl_bounded_run(const struct rl_tool *t, const struct rl_run_req *r,
		   struct rl_obs *o)
{
	struct rl_explore_result x;
	struct rl_explore_opts opts = {
	    .binary = r->binary,
	    .argv = r->argv,
	    .exhaustive = true,
	    .preemptions = RL_BOUNDED_PREEMPTIONS,
	    .sc = r->sc,
	    .timeout = r->timeout,
	    /* replay_prefix NULL: the replay line is the runtime's own
	     * (RACELAB_SCHED_REPLAY=STR BINARY ARGS), exact for any args */
	};
	int rc = rl_explore(&opts, &x);

	(void)t;
	rl_sched_obs(rc, &x, o); /* rc != 0: broken, below does nothing */
	if (x.kind == NULL && !x.exhausted && !o->broken) {
		/* not every schedule ran: no proof, no verdict */
		o->broken = true;
		free(o->note);
		o->note =
		    rl_xasprintf("%s", x.text ? x.text : "not exhaustive");
	} else if (x.kind == NULL && !o->broken) {
		o->trace = x.text ? rl_xstrdup(x.text) : NULL;
	}
	rl_explore_result_free(&x);
	return rc;
}

void rl_bounded_print(FILE *f, const struct rl_obs *o)
{
	if (o->fail_kind == NULL && !o->broken && o->trace != NULL) {
		rl_print_invariant(f, o);
		fprintf(f, "  %s", o->trace); /* "no failing schedule ..." */
		return;
	}
	rl_sched_print(f, o);
}
