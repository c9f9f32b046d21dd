/*
 * run_asan.c - the asan row: a clang -fsanitize=address,undefined build run
 * with ASAN_OPTIONS and UBSAN_OPTIONS set by racelab, its stderr parsed
 * (harness/report/asan.c). For the memory errors concurrency bugs cause: a
 * node freed while another thread still reads it, a ring index past its
 * end. Unlike TSan it sees only what really happened in the run, so a case
 * whose bug needs a rare interleaving forces it in its driver (lfqueue's
 * -m step).
 */
#include "runners.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The exit code the sanitizers are told to use on findings
 * (docs/exit-codes.md). ASan stops the program at its first error; UBSan
 * is told to do the same, so a report is always the run's last word. */
#define ASAN_EXITCODE 68

static void run_once(const struct rl_tool *t, const struct rl_run_req *r,
		     struct rl_obs *o)
{
	static char *const env[] = {
	    "ASAN_OPTIONS=exitcode=68 color=never symbolize=1",
	    "UBSAN_OPTIONS=exitcode=68 halt_on_error=1 print_stacktrace=1 "
	    "color=never",
	    "LSAN_OPTIONS=exitcode=68", NULL};
	char **argv = rl_argv_join(NULL, r->binary, r->argv);
	struct rl_proc p = {
	    .argv = argv, .env_add = env, .timeout_s = r->timeout};

	(void)t;
	if (rl_proc_run(&p) != 0)
		rl_obs_cannot_run(o, rl_xasprintf("cannot run %s: %s",
						  r->binary, strerror(errno)));
	else
		rl_obs_take_report(o, r, &p, ASAN_EXITCODE, rl_asan_parse,
				   "AddressSanitizer");
	rl_proc_free(&p);
	free(argv);
}

int rl_asan_run(const struct rl_tool *t, const struct rl_run_req *r,
		struct rl_obs *o)
{
	return rl_obs_repeat(t, r, o, run_once);
}
