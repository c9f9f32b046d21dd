/*
 * tools.c - the detectors racelab runs: one row each, and the one entry
 * point rl_tool_run that every command uses. A row says how the tool is
 * built, run, judged and printed; its runner file (run_*.c, runners.h)
 * holds the functions. Adding a detector: docs/tools.md.
 */
#include "tools.h"
#include "paths.h"
#include "runners.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Most concurrency bugs are no memory error: where a case says nothing
 * under asan, it is silent on the bug and clean on the fix. */
static const char *const asan_defaults[] = {
    "bad not-detectable : the bug is no memory error ASan can see (a lost "
    "update, a deadlock, an ordering); measured silent, docs/tools.md",
    "good clean", "gate clean", NULL};

const struct rl_tool rl_tools[] = {
    {.name = "native",
     .build = "native",
     .about = "plain -O2 build, repeated runs, outcome histogram",
     .timeout = 60,
     .runs = 5,
     .histogram = true,
     .run = rl_native_run,
     .print = rl_native_print},
    {.name = "tsan",
     .build = "tsan",
     .about = "ThreadSanitizer, clang -fsanitize=thread",
     .timeout = 60,
     .runs = 1,
     .reports = true,
     .runtime = "__tsan_init",
     .build_flag = "-fsanitize=thread",
     .run = rl_tsan_run},
    {.name = "tsan-gcc",
     .build = "tsan-gcc",
     .about = "ThreadSanitizer, gcc's runtime",
     .timeout = 60,
     .runs = 1,
     .reports = true,
     .runtime = "__tsan_init",
     .build_flag = "-fsanitize=thread",
     .run = rl_tsan_run},
    {.name = "helgrind",
     .build = "vg",
     .about = "Valgrind Helgrind (happens-before + lock order)",
     .timeout = 180,
     .runs = 1,
     .reports = true,
     .plain_only = true,
     .missing = rl_valgrind_missing,
     .run = rl_valgrind_run},
    {.name = "drd",
     .build = "vg",
     .about = "Valgrind DRD (happens-before, no lock-order check)",
     .timeout = 180,
     .runs = 1,
     .reports = true,
     .plain_only = true,
     .missing = rl_valgrind_missing,
     .run = rl_valgrind_run},
    {.name = "sched",
     .build = "sched",
     .about = "racelab's deterministic scheduler, from a seed",
     .timeout = 20,
     .runs = 200,
     .schedules = true,
     .run = rl_sched_run,
     .judge = rl_sched_judge,
     .print = rl_sched_print,
     .scan_sources = rl_sched_scan},
    {.name = "bounded",
     .build = "sched",
     .about = "every schedule of the sched build with at most 2 "
	      "preemptions (a bounded proof)",
     /* the enumeration's budget: idle, each declared one ends within
      * seconds; this only bounds one that cannot end */
     .timeout = 900,
     .runs = 1,
     .run = rl_bounded_run,
     .judge = rl_sched_judge,
     .print = rl_bounded_print,
     .declared_only = true},
    {.name = "asan",
     .build = "asan",
     .about = "AddressSanitizer + UBSan, clang -fsanitize=address,undefined",
     .timeout = 60,
     .runs = 1,
     .reports = true,
     .runtime = "__asan_init",
     .build_flag = "-fsanitize=address,undefined",
     .run = rl_asan_run,
     .default_rules = asan_defaults},
};
const size_t rl_ntools = sizeof(rl_tools) / sizeof(rl_tools[0]);

const struct rl_tool *rl_tool_find(const char *name)
{
	for (size_t i = 0; i < rl_ntools; i++)
		if (strcmp(rl_tools[i].name, name) == 0)
			return &rl_tools[i];
	return NULL;
}

const struct rl_tool *rl_tool_scheduler(void)
{
	for (size_t i = 0; i < rl_ntools; i++)
		if (rl_tools[i].schedules)
			return &rl_tools[i];
	return NULL;
}

const char *rl_tool_missing(const struct rl_tool *t)
{
	return t->missing != NULL ? t->missing(t) : NULL;
}

void rl_obs_free(struct rl_obs *o)
{
	free(o->note);
	rl_report_free(&o->rep);
	for (size_t i = 0; i < o->nhist; i++)
		free(o->hist[i].outcome);
	free(o->hist);
	free(o->result_line);
	free(o->fail_kind);
	free(o->trace);
	free(o->replay);
	free(o->raw);
	free(o->said);
	free(o->ending);
	memset(o, 0, sizeof(*o));
}

int rl_tool_run(const struct rl_tool *t, const struct rl_run_req *req,
		struct rl_obs *o)
{
	struct rl_run_req r = *req;
	char *bin = NULL;
	const char *missing = rl_tool_missing(t);
	int rc;

	o->tool = t;
	if (missing != NULL) {
		o->skipped = true;
		rl_obs_note(o, rl_xstrdup(missing));
		return 0;
	}
	if (r.binary == NULL)
		r.binary = bin = rl_case_binary(t->build, r.case_id, r.variant);
	if (access(r.binary, X_OK) != 0) {
		o->skipped = true;
		rl_obs_note(o, rl_xasprintf("%s is not built (is its compiler "
					    "installed? run make)",
					    rl_path_short(r.binary)));
		free(bin);
		return 0;
	}
	if (r.runs < 1)
		r.runs = 1;
	if (r.timeout <= 0)
		r.timeout = t->timeout;
	rc = t->run(t, &r, o);
	free(bin);
	return rc;
}
