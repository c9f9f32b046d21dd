/*
 * run_native.c - the native row: the plain -O2 program, repeated runs, the
 * driver's result lines counted into an outcome histogram; every run
 * watched for a real deadlock (watchdog.h).
 */
#include "color.h"
#include "runners.h"
#include "util.h"
#include "watchdog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One watched run, taken into o. */
static void run_watched(const struct rl_run_req *r, char **argv,
			struct rl_obs *o)
{
	struct rl_proc p = {.argv = argv, .timeout_s = r->timeout};
	struct rl_watchdog w;

	rl_watchdog_init(&w);
	if (rl_watchdog_run(&w, &p) != 0) {
		rl_obs_cannot_run(o, rl_xasprintf("cannot run %s: %s",
						  r->binary, strerror(errno)));
	} else if (w.caught) {
		o->fail_kind = rl_xstrdup("deadlock");
		o->trace = w.report;
		w.report = NULL;
		o->status = p.status;
		o->seconds += p.seconds;
		o->runs++;
	} else {
		rl_obs_settle(o, r, &p, 0);
		if (w.note != NULL) /* why the watchdog held back */
			rl_obs_note(
			    o, o->note ? rl_xasprintf("%s; %s", o->note, w.note)
				       : rl_xstrdup(w.note));
	}
	rl_watchdog_free(&w);
	rl_proc_free(&p);
}

/* A real deadlock is caught, explained and killed, and ends the runs. */
int rl_native_run(const struct rl_tool *t, const struct rl_run_req *r,
		  struct rl_obs *o)
{
	char **argv = rl_argv_join(NULL, r->binary, r->argv);

	(void)t;
	for (long i = 0; i < r->runs && !o->broken && !o->fail_kind; i++)
		run_watched(r, argv, o);
	free(argv);
	return 0;
}

static void print_histogram(FILE *f, const struct rl_obs *o)
{
	fprintf(f, "  %s%-52s %7s %7s  %s%s\n", rl_c_dim(), "outcome", "count",
		"freq", "verdict", rl_c_off());
	for (size_t i = 0; i < o->nhist; i++) {
		const struct rl_outcome *h = &o->hist[i];

		fprintf(f, "  %-52s %7ld %6.1f%%  %s%s%s\n", h->outcome,
			h->count, 100.0 * (double)h->count / (double)o->runs,
			h->ok ? rl_c_green() : rl_c_red(),
			h->ok ? "ok" : "invariant broken", rl_c_off());
	}
}

void rl_native_print(FILE *f, const struct rl_obs *o)
{
	if (o->nhist > 0)
		print_histogram(f, o);
	else
		rl_print_invariant(f, o);
	rl_print_deadlock(f, o);
}
