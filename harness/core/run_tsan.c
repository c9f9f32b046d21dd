/*
 * run_tsan.c - the tsan and tsan-gcc rows: a -fsanitize=thread build run
 * with TSAN_OPTIONS set by racelab, its stderr parsed (harness/report/tsan.c).
 */
#include "paths.h"
#include "runners.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The exit code TSan is told to use on findings (docs/exit-codes.md). */
#define TSAN_EXITCODE 66

/*
 * TSan's atexit_sleep_ms stays at its default (1000): when threads are still
 * running as main returns, TSan waits that long so that their races are
 * reported (with 0, a race in an unjoined thread was reported in 0 of 10
 * runs, against 10 of 10). It sleeps only when such threads exist, so the
 * case drivers, which join every thread, pay nothing (docs/tools.md).
 */
static void run_once(const struct rl_tool *t, const struct rl_run_req *r,
		     struct rl_obs *o)
{
	static char *const env[] = {
	    "TSAN_OPTIONS=exitcode=66 second_deadlock_stack=1 "
	    "halt_on_error=0 report_signal_unsafe=1 history_size=4 "
	    "color=never",
	    NULL};
	static char *const no_aslr[] = {"setarch", "-R", NULL};
	char **argv = rl_argv_join(NULL, r->binary, r->argv);
	struct rl_proc p = {
	    .argv = argv, .env_add = env, .timeout_s = r->timeout};
	int rc = rl_proc_run(&p);

	(void)t;
	if (rc == 0 && strstr(p.err, "unexpected memory mapping") != NULL) {
		/* Newer kernels randomise mmap beyond what TSan's shadow
		 * layout allows: rerun with ASLR off for this process. */
		rl_proc_free(&p);
		free(argv);
		argv = rl_argv_join(no_aslr, r->binary, r->argv);
		p.argv = argv;
		rc = rl_proc_run(&p);
	}
	if (rc != 0)
		rl_obs_cannot_run(o, rl_xasprintf("cannot run %s: %s",
						  r->binary, strerror(errno)));
	else
		rl_obs_take_report(o, r, &p, TSAN_EXITCODE, rl_tsan_parse,
				   "ThreadSanitizer");
	rl_proc_free(&p);
	free(argv);
}

int rl_tsan_run(const struct rl_tool *t, const struct rl_run_req *r,
		struct rl_obs *o)
{
	return rl_obs_repeat(t, r, o, run_once);
}
