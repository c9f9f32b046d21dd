/*
 * explore.c - run a sched binary over many schedules, stop at the first
 * failing one, and say how to repeat it.
 *
 * Room: harness/core, owned with the sched runtime (harness/sched). Others
 * call it through explore.h only.
 *
 * The runtime does the work: with RACELAB_SCHED="... runs=N budget=MS" one
 * exec runs up to N schedules (seeds seed .. seed+N-1, a fork per
 * schedule) and stops at the first that does not pass. What happened
 * arrives on racelab's own fd (RACELAB_SCHED_FD, protocol in
 * harness/sched/sched_channel.h, read by schedrep.c), never from the exit
 * status or from lines in the program's stderr, which the program itself
 * could have written. exec_per_run does the same with one exec per
 * schedule (slower; kept to measure the fork server against).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create, sigabbrev_np */
#endif
#include "explore.h"
#include "paths.h"
#include "proc.h"
#include "schedrep.h"
#include "util.h"

#include "../sched/sched_channel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* exhaustive: a cap on schedules that only a bug could reach, and the
 * default time budget (s) */
#define EXHAUSTIVE_RUNS	  1000000000L
#define EXHAUSTIVE_BUDGET 60.0
/* racelab's own limit past the budget: the runtime stops itself at the
 * budget; this only catches a runtime that cannot */
#define GRACE_S 10.0

/* ------------------------------------------------------------ schedules */

bool rl_schedule_valid(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (;;) {
		size_t n;

		if (*s == 'r') /* a read decision (the C11 model): rK */
			s++;
		n = strspn(s, "0123456789");

		if (n == 0 || n > 6)
			return false;
		s += n;
		if (*s == 'x') {
			n = strspn(s + 1, "0123456789");
			if (n == 0 || n > 9 || s[1] == '0')
				return false;
			s += n + 1;
		}
		if (*s == '\0')
			return true;
		if (*s != '.')
			return false;
		s++;
	}
}

/* ------------------------------------------------------------ parsing */

static char *last_line(const char *out)
{
	const char *end, *start;
	char *s;

	if (out == NULL)
		return NULL;
	end = out + strlen(out);
	while (end > out && end[-1] == '\n')
		end--;
	if (end == out)
		return NULL;
	for (start = end; start > out && start[-1] != '\n'; start--)
		;
	s = rl_xmalloc((size_t)(end - start) + 1);
	memcpy(s, start, (size_t)(end - start));
	s[end - start] = '\0';
	return s;
}

/* The kinds this file hands out, as static strings; those that are no
 * verdict on the program set *unjudged. */
static const char *kind_static(const char *k, bool *unjudged)
{
	static const char *const found[] = {
	    "invariant", "exit", "deadlock", "crash", "diverged",
	};
	/* step-bound and blocking too: a run too long for sched, or a thread
	 * computing or blocked outside the model, is not shown to fail */
	static const char *const not_judged[] = {
	    "unsupported", "error",  "no-report",  "timeout",
	    "unreadable",  "budget", "step-bound", "blocking",
	};

	*unjudged = false;
	for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++)
		if (k != NULL && strcmp(k, found[i]) == 0)
			return found[i];
	*unjudged = true;
	for (size_t i = 0; i < sizeof(not_judged) / sizeof(not_judged[0]); i++)
		if (k != NULL && strcmp(k, not_judged[i]) == 0)
			return not_judged[i];
	return "unreadable";
}

/* ------------------------------------------------------------ running */

/* The default is the portfolio: the runtime picks each schedule's
 * strategy from its seed and reports which (rs_strategy.c). */
static const char *strategy_of(const struct rl_explore_opts *o)
{
	if (o->exhaustive)
		return "exhaustive";
	if (o->strategy != NULL && strcmp(o->strategy, "pct") == 0)
		return "pct";
	if (o->strategy != NULL && strcmp(o->strategy, "random") == 0)
		return "random";
	if (o->strategy != NULL && strcmp(o->strategy, "pos") == 0)
		return "pos";
	return "portfolio";
}

/* Everything racelab's fd received (malloc'd, NUL-terminated). */
static char *channel_read(int fd, size_t *len)
{
	struct rl_buf b = {0};
	char chunk[65536];
	off_t off = 0;
	ssize_t n;

	while ((n = pread(fd, chunk, sizeof(chunk), off)) > 0) {
		rl_buf_add(&b, chunk, (size_t)n);
		off += n;
	}
	*len = b.len;
	return rl_buf_take(&b);
}

/*
 * One exec of the binary with RACELAB_SCHED=spec (and a replay string),
 * its report parsed into *rep. 0, or -1 when it could not be run (p is
 * then already freed).
 */
static int run_once(const struct rl_explore_opts *o, const char *spec,
		    const char *replay, double timeout, struct rl_proc *p,
		    struct rl_schedrep *rep)
{
	char **argv = rl_argv_join(NULL, o->binary, o->argv);
	int fd = memfd_create("racelab-sched-channel", MFD_CLOEXEC);
	char *env[4] = {NULL};
	int rc = -1;

	memset(p, 0, sizeof(*p));
	memset(rep, 0, sizeof(*rep));
	if (fd >= 0) {
		env[0] = rl_xasprintf("RACELAB_SCHED=%s", spec);
		env[1] = rl_xasprintf("%s=%d", RS_CHANNEL_ENV, fd);
		if (replay != NULL)
			env[2] =
			    rl_xasprintf("RACELAB_SCHED_REPLAY=%s", replay);
		p->argv = argv;
		p->env_add = env;
		p->keep_fd = fd;
		p->timeout_s = timeout;
		rc = rl_proc_run(p);
	}
	if (rc == 0) {
		size_t len;
		char *buf = channel_read(fd, &len);

		rl_schedrep_parse(buf, len, rep);
		free(buf);
	} else {
		rl_proc_free(p);
	}
	if (fd >= 0)
		close(fd);
	free(argv);
	/* putenv in the child kept pointers into env: the child is gone */
	for (int i = 0; i < 3; i++)
		free(env[i]);
	return rc;
}

/* ------------------------------------------------------------ the verdict */

/* The options every replay form repeats. */
static void replay_spurious(const struct rl_explore_opts *o, struct rl_buf *b)
{
	if (o->spurious > 0)
		rl_buf_printf(b, " --spurious %ld", o->spurious);
	if (o->sc) /* c11 is the default */
		rl_buf_printf(b, " --memory sc");
}

/* The options that pick the failing schedule again (after the prefix). */
static void replay_choice(const struct rl_explore_opts *o,
			  const struct rl_explore_result *r, struct rl_buf *b)
{
	bool pct = r->depth > 0;

	if (r->schedule != NULL &&
	    (pct || o->schedule != NULL || o->exhaustive || r->shrunk)) {
		/* robust: a PCT seed depends on the k learned before it; a
		 * shrunk schedule is no seed's */
		rl_buf_printf(b, " --schedule %s", r->schedule);
		replay_spurious(o, b);
		return;
	}
	rl_buf_printf(b, " --seed 0x%llx --strategy %s", r->seed,
		      pct      ? "pct"
		      : r->pos ? "pos"
			       : "random");
	if (pct)
		rl_buf_printf(b, " --depth %d --pct-k %ld", r->depth, r->k);
	replay_spurious(o, b);
}

/* RACELAB_SCHED[_REPLAY]='...' BINARY ARGS: the runtime's own terms. */
static void replay_env(const struct rl_explore_opts *o,
		       const struct rl_explore_result *r, struct rl_buf *b)
{
	char sp[64] = "";

	if (o->spurious > 0)
		snprintf(sp, sizeof(sp), " spurious=%ld", o->spurious);
	if (o->sc)
		snprintf(sp + strlen(sp), sizeof(sp) - strlen(sp),
			 " memory=sc");
	if (r->schedule != NULL)
		rl_buf_printf(b, "%s%s%sRACELAB_SCHED_REPLAY=%s",
			      *sp ? "RACELAB_SCHED='" : "", *sp ? sp + 1 : "",
			      *sp ? "' " : "", r->schedule);
	else if (r->depth > 0)
		rl_buf_printf(b,
			      "RACELAB_SCHED='strategy=pct seed=0x%llx "
			      "depth=%d k=%ld%s'",
			      r->seed, r->depth, r->k, sp);
	else
		rl_buf_printf(b, "RACELAB_SCHED='seed=0x%llx%s%s'", r->seed,
			      r->pos ? " strategy=pos" : "", sp);
	rl_buf_add(b, " ", 1);
	rl_buf_shell_word(b, o->binary);
	for (char *const *a = o->argv; a != NULL && *a != NULL; a++) {
		rl_buf_add(b, " ", 1);
		rl_buf_shell_word(b, *a);
	}
}

static char *replay_command(const struct rl_explore_opts *o,
			    const struct rl_explore_result *r)
{
	struct rl_buf b = {0};

	if (o->replay_prefix == NULL) {
		replay_env(o, r, &b);
	} else {
		rl_buf_printf(&b, "%s", o->replay_prefix);
		replay_choice(o, r, &b);
		if (o->replay_suffix != NULL)
			rl_buf_printf(&b, "%s", o->replay_suffix);
	}
	return rl_buf_take(&b);
}

/* A long run's schedule string is for machines (--json, replay). */
static const char *shown_schedule(const char *sched, char *buf, size_t len)
{
	if (sched == NULL)
		return "(not reported)";
	if (strlen(sched) <= 100)
		return sched;
	snprintf(buf, len, "%.60s... (%zu chars)", sched, strlen(sched));
	return buf;
}

/* r->text: the report, what happened, the schedule, the replay. */
static void compose(const struct rl_explore_opts *o,
		    struct rl_explore_result *r)
{
	struct rl_buf b = {0};
	char shown[112];
	const char *sched = shown_schedule(r->schedule, shown, sizeof(shown));
	/* shrunk and with fewer preemptions: a variant of it failed too */
	bool fewer = r->shrunk && r->preemptions < r->shrunk_from;

	r->replay = replay_command(o, r);
	if (r->trace != NULL)
		rl_buf_printf(&b, "%s", r->trace);
	if (r->unjudged)
		rl_buf_printf(&b, "COULD NOT JUDGE: %s\n",
			      r->headline ? r->headline : r->kind);
	else if (strcmp(r->kind, "invariant") == 0 && r->result_line != NULL)
		rl_buf_printf(&b, "FAIL: %s\n", r->result_line);
	else
		rl_buf_printf(&b, "FAIL: %s (%s)\n", r->kind,
			      r->headline ? r->headline : "see above");
	if (fewer)
		rl_buf_printf(&b, "shrunk from %ld preemptions to %ld\n",
			      r->shrunk_from, r->preemptions);
	else if (r->shrunk)
		rl_buf_printf(&b,
			      "not shrunk: no variant with fewer than its %ld "
			      "preemptions failed the same way\n",
			      r->shrunk_from);
	if (o->schedule != NULL)
		rl_buf_printf(&b, "schedule (replayed): %s\n", sched);
	else if (o->exhaustive)
		rl_buf_printf(&b,
			      "schedule %ld (exhaustive, at most %ld "
			      "preemption%s): %s\n",
			      r->schedules, o->preemptions,
			      o->preemptions == 1 ? "" : "s", sched);
	else
		rl_buf_printf(&b, "schedule %ld (seed 0x%llx, %s%s): %s\n",
			      r->schedules, r->seed,
			      r->depth ? "pct"
			      : r->pos ? "pos"
				       : "random",
			      fewer ? ", shrunk" : "", sched);
	rl_buf_printf(&b, "replay: %s\n", r->replay);
	r->text = rl_buf_take(&b);
}

/* The run ended with no result on the channel: say what was seen. */
static void no_result(const struct rl_explore_opts *o,
		      struct rl_explore_result *r, const struct rl_proc *p,
		      const struct rl_schedrep *rep)
{
	int sig = p->status > 128 ? p->status - 128 : 0;

	if (rep->error != NULL) {
		r->kind = "unreadable";
		r->headline = rl_xasprintf("the sched runtime's report could "
					   "not be read: %s",
					   rep->error);
	} else if (p->timed_out) {
		r->kind = "timeout";
		r->headline = rl_xasprintf("no report from the sched runtime "
					   "within %.0f s",
					   p->seconds);
	} else if (sig != 0 && rs_signal_is_crash(sig)) {
		/* the runtime could not catch it (a stack overflow) */
		r->kind = "crash";
		r->headline =
		    rl_xasprintf("CRASH: killed by SIG%s before the "
				 "runtime could report it",
				 sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
	} else {
		r->kind = "no-report";
		r->headline = rl_xasprintf(
		    "%s ended (%s %d) without a report from the sched "
		    "runtime: it called _exit, closed racelab's fd, or is "
		    "not a sched build",
		    o->binary, sig ? "signal" : "status",
		    sig ? sig : p->status);
	}
}

/* The failing (or unjudged) schedule from rep into r. */
static void take_result(struct rl_explore_result *r,
			const struct rl_schedrep *rep, long done_before,
			const char *o_schedule)
{
	bool pct = rep->strategy != NULL && strcmp(rep->strategy, "pct") == 0;

	r->kind = kind_static(rep->kind, &r->unjudged);
	r->seed = rep->seed;
	/* a fork server's failure, shrunk and replayed exactly
	 * (rs_shrink.c) */
	r->shrunk = rep->shrunk_from >= 0 && o_schedule == NULL;
	r->shrunk_from = rep->shrunk_from;
	r->preemptions = rep->preemptions;
	r->depth = pct ? rep->depth : 0;
	r->pos = rep->strategy != NULL && strcmp(rep->strategy, "pos") == 0;
	r->k = pct ? rep->k : 0;
	r->schedule = rep->schedule ? rl_xstrdup(rep->schedule) : NULL;
	r->headline = rep->headline ? rl_xstrdup(rep->headline) : NULL;
	r->trace = rep->text && *rep->text ? rl_xstrdup(rep->text) : NULL;
	r->schedules =
	    done_before + (rep->has_done ? rep->runs_done : rep->run + 1);
}

enum taken { PASSED, STOPPED };

/* Read one finished process (and its report) into r. */
static enum taken take_process(const struct rl_explore_opts *o,
			       struct rl_explore_result *r, struct rl_proc *p,
			       const struct rl_schedrep *rep, long done_before)
{
	free(r->out);
	free(r->err);
	r->out = p->out ? rl_xstrdup(p->out) : rl_xstrdup("");
	r->err = p->err ? rl_xstrdup(p->err) : rl_xstrdup("");
	r->status = p->status;
	r->seconds += p->seconds;
	r->timed_out = p->timed_out;
	free(r->result_line);
	r->result_line = last_line(r->out);
	if (rep->error == NULL && rep->has_result &&
	    strcmp(rep->kind, "pass") != 0) {
		take_result(r, rep, done_before, o->schedule);
	} else if (rep->error == NULL && (rep->has_result || rep->has_done)) {
		r->schedules =
		    done_before + (rep->has_done ? rep->runs_done : 1);
		r->budget_stopped =
		    rep->has_done && strcmp(rep->stopped, "budget") == 0;
		r->exhausted =
		    rep->has_done && strcmp(rep->stopped, "exhausted") == 0;
		if (!r->budget_stopped || r->schedules > 0)
			return PASSED;
		/* nothing explored, so nothing to replay either */
		r->kind = "budget";
		r->unjudged = true;
		r->headline = rl_xasprintf("no schedule finished within the "
					   "time budget (%.1f s): raise "
					   "--timeout or make the program "
					   "smaller",
					   p->seconds);
		r->text = rl_xasprintf("COULD NOT JUDGE: %s\n", r->headline);
		return STOPPED;
	} else {
		r->unjudged = true;
		r->schedules = done_before + 1;
		r->seed = o->seed + (unsigned long long)done_before;
		no_result(o, r, p, rep);
		r->kind = kind_static(r->kind, &r->unjudged);
	}
	compose(o, r);
	return STOPPED;
}

/* The RACELAB_SCHED value for runs from seed (malloc'd). fork: even
 * one schedule runs in a child of the fork server, so that a failure is
 * shrunk as in a longer exploration (a seed gives the same result). */
static char *spec_for(const struct rl_explore_opts *o, unsigned long long seed,
		      long runs, long k, double budget, long first, bool fork)
{
	struct rl_buf b = {0};

	rl_buf_printf(&b, "strategy=%s seed=0x%llx depth=%d", strategy_of(o),
		      seed, o->depth > 0 ? o->depth : 3);
	if (runs > 1)
		rl_buf_printf(&b, " runs=%ld", runs);
	else if (fork)
		rl_buf_printf(&b, " fork=1");
	if (k > 0)
		rl_buf_printf(&b, " k=%ld", k);
	if (budget > 0)
		rl_buf_printf(&b, " budget=%.0f", budget * 1000.0);
	if (o->main_void)
		rl_buf_printf(&b, " mainvoid=1");
	if (o->spurious > 0)
		rl_buf_printf(&b, " spurious=%ld", o->spurious);
	if (o->sc)
		rl_buf_printf(&b, " memory=sc");
	if (o->exhaustive)
		rl_buf_printf(&b, " preemptions=%ld", o->preemptions);
	if (first > 0)
		rl_buf_printf(&b, " first=%ld", first);
	if (o->jobs > 0)
		rl_buf_printf(&b, " jobs=%ld", o->jobs);
	if (o->fork_per_run)
		rl_buf_printf(&b, " reset=0");
	if (o->no_shrink)
		rl_buf_printf(&b, " shrink=0");
	return rl_buf_take(&b);
}

/* One process; on failure to start, r->note says why. */
static int run_spec(const struct rl_explore_opts *o,
		    struct rl_explore_result *r, char *spec, const char *replay,
		    double timeout, struct rl_proc *p, struct rl_schedrep *rep)
{
	int rc = run_once(o, spec, replay, timeout, p, rep);

	free(spec);
	if (rc != 0)
		r->note = rl_xasprintf("cannot run %s", o->binary);
	return rc;
}

static double budget_of(const struct rl_explore_opts *o, long runs)
{
	if (o->timeout > 0)
		return o->timeout;
	return o->exhaustive ? EXHAUSTIVE_BUDGET : 20 + (double)runs / 50.0;
}

/* runs=N in one exec: the fork server. */
static int explore_server(const struct rl_explore_opts *o,
			  struct rl_explore_result *r, long runs)
{
	double budget = budget_of(o, runs);
	struct rl_schedrep rep;
	struct rl_proc p;

	if (run_spec(o, r,
		     spec_for(o, o->seed, runs, o->pct_k, budget, 0, true),
		     NULL, budget + GRACE_S, &p, &rep) != 0)
		return -1;
	take_process(o, r, &p, &rep, 0);
	rl_schedrep_free(&rep);
	rl_proc_free(&p);
	return 0;
}

/* One exec per schedule; PCT learns k as the fork server does. */
static int explore_execs(const struct rl_explore_opts *o,
			 struct rl_explore_result *r, long runs)
{
	double budget = budget_of(o, runs), t0 = rl_now();
	bool portfolio = strcmp(strategy_of(o), "portfolio") == 0;
	long k = o->pct_k;

	for (long i = 0; i < runs; i++) {
		unsigned long long seed = o->seed + (unsigned long long)i;
		struct rl_schedrep rep;
		struct rl_proc p;
		enum taken s;

		if (rl_now() - t0 > budget) {
			r->budget_stopped = true;
			break;
		}
		/* the portfolio's schedule i: its base seed and i */
		if (run_spec(o, r,
			     spec_for(o, portfolio ? o->seed : seed, 1, k, 0,
				      portfolio ? i : 0, true),
			     NULL, budget + GRACE_S, &p, &rep) != 0)
			return -1;
		s = take_process(o, r, &p, &rep, i);
		if (o->pct_k == 0 && (long)rep.decisions > k)
			k = rep.decisions > 10000 ? 10000 : (long)rep.decisions;
		rl_schedrep_free(&rep);
		rl_proc_free(&p);
		if (s == STOPPED)
			return 0;
	}
	return 0;
}

/* Exactly one schedule, from its string. */
static int replay_one(const struct rl_explore_opts *o,
		      struct rl_explore_result *r)
{
	double timeout = o->timeout > 0 ? o->timeout : 20;
	struct rl_schedrep rep;
	struct rl_proc p;

	if (run_spec(o, r, spec_for(o, o->seed, 1, 0, 0, 0, false), o->schedule,
		     timeout, &p, &rep) != 0)
		return -1;
	if (take_process(o, r, &p, &rep, 0) == PASSED)
		r->text = rl_xasprintf("the schedule ran to the end without "
				       "failing\n");
	rl_schedrep_free(&rep);
	rl_proc_free(&p);
	return 0;
}

/* What a search that found nothing says. */
static char *none_failing(const struct rl_explore_opts *o,
			  const struct rl_explore_result *r)
{
	const char *s = o->preemptions == 1 ? "" : "s";

	if (!o->exhaustive)
		return rl_xasprintf("%ld schedules, none failing%s\n",
				    r->schedules,
				    r->budget_stopped ? " (stopped by the time "
							"budget)"
						      : "");
	if (r->exhausted)
		return rl_xasprintf("no failing schedule with \u2264 %ld "
				    "preemption%s (%ld schedules, "
				    "exhaustive)\n",
				    o->preemptions, s, r->schedules);
	return rl_xasprintf("%ld schedules with \u2264 %ld preemption%s, none "
			    "failing (stopped by the %s: NOT exhaustive)\n",
			    r->schedules, o->preemptions, s,
			    r->budget_stopped ? "time budget"
					      : "schedule limit");
}

int rl_explore(const struct rl_explore_opts *o, struct rl_explore_result *r)
{
	long runs = o->runs > 0	    ? o->runs
		    : o->exhaustive ? EXHAUSTIVE_RUNS
				    : RL_EXPLORE_DEFAULT_RUNS;
	int rc;

	memset(r, 0, sizeof(*r));
	if (access(o->binary, X_OK) != 0) {
		r->note = rl_xasprintf("%s: %s", o->binary, strerror(errno));
		return -1;
	}
	if (o->schedule != NULL)
		return replay_one(o, r);
	rc = o->exec_per_run ? explore_execs(o, r, runs)
			     : explore_server(o, r, runs);
	if (rc == 0 && r->kind == NULL)
		r->text = none_failing(o, r);
	return rc;
}

void rl_explore_result_free(struct rl_explore_result *r)
{
	free(r->schedule);
	free(r->headline);
	free(r->trace);
	free(r->result_line);
	free(r->replay);
	free(r->text);
	free(r->out);
	free(r->err);
	free(r->note);
	memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------------ tool runner */

/* The value of driver option -C in arg (and maybe next): "-C N" or "-CN". */
static const char *opt_value(char *const *a, char c, bool *used_next)
{
	*used_next = false;
	if (a[0][0] != '-' || a[0][1] != c)
		return NULL;
	if (a[0][2] != '\0')
		return a[0] + 2;
	*used_next = a[1] != NULL;
	return a[1];
}

char *rl_replay_prefix(const char *case_id, const char *variant,
		       char *const *argv)
{
	struct rl_buf b = {0};
	const char *threads = NULL, *iters = NULL;

	for (char *const *a = argv; a != NULL && a[0] != NULL; a++) {
		bool next;
		const char *v;

		if ((v = opt_value(a, 't', &next)) != NULL)
			threads = v;
		else if ((v = opt_value(a, 'i', &next)) != NULL)
			iters = v;
		if (next)
			a++;
	}
	rl_buf_printf(&b, "racelab replay %s --variant %s", case_id,
		      variant && *variant ? variant : "bad");
	if (threads != NULL)
		rl_buf_printf(&b, " --threads %s", threads);
	if (iters != NULL)
		rl_buf_printf(&b, " --iters %s", iters);
	return rl_buf_take(&b);
}

/* ------------------------------------------------------------ scan */

static bool is_c_file(const char *f)
{
	size_t n = strlen(f);

	return n > 2 && strcmp(f + n - 2, ".c") == 0;
}

/* The files are C sources we can read; else *err says which is not. */
static bool sources_ok(int nfiles, char **files, char **err)
{
	for (int i = 0; i < nfiles; i++) {
		if (!is_c_file(files[i]) || access(files[i], R_OK) != 0) {
			*err = rl_xasprintf("%s: %s", files[i],
					    is_c_file(files[i])
						? strerror(errno)
						: "not a C source file "
						  "(expected FILE.c)");
			return false;
		}
	}
	return true;
}

/* --cflags "..." as words (split at blanks; no shell, no quoting). */
static char **split_words(const char *s)
{
	size_t n = 0, cap = 8;
	char **v = rl_xcalloc(cap, sizeof(*v));

	while (s != NULL && *s) {
		size_t len;

		s += strspn(s, " \t\n");
		len = strcspn(s, " \t\n");
		if (len == 0)
			break;
		if (n + 2 > cap) {
			cap *= 2;
			v = rl_xrealloc(v, cap * sizeof(*v));
		}
		v[n] = rl_xmalloc(len + 1);
		memcpy(v[n], s, len);
		v[n++][len] = '\0';
		v[n] = NULL;
		s += len;
	}
	return v;
}

static void free_words(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/*
 * cc -g -O1 -pthread -D_GNU_SOURCE CFLAGS FILES -o BINARY @link.rsp LIB.
 * Every string is allocated (free_words): a file named "-v.c" goes as
 * "./-v.c", so that the compiler never reads it as an option.
 */
static char **compile_argv(int nfiles, char **files, const char *cflags,
			   const char *binary, const char *rsp, const char *lib)
{
	const char *cc = getenv("TSAN_CC") ? getenv("TSAN_CC") : "clang";
	static const char *const fixed[] = {"-g", "-O1", "-pthread",
					    "-D_GNU_SOURCE"};
	char **words = split_words(cflags);
	size_t nw = 0;
	char **argv;
	int k = 0;

	while (words[nw] != NULL)
		nw++;
	argv = rl_xcalloc((size_t)nfiles + nw + 16, sizeof(*argv));
	argv[k++] = rl_xstrdup(cc);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		argv[k++] = rl_xstrdup(fixed[i]);
	for (size_t i = 0; i < nw; i++)
		argv[k++] = words[i];
	free(words);
	for (int i = 0; i < nfiles; i++)
		argv[k++] = rl_xasprintf("%s%s", files[i][0] == '-' ? "./" : "",
					 files[i]);
	argv[k++] = rl_xstrdup("-o");
	argv[k++] = rl_xstrdup(binary);
	argv[k++] = rl_xstrdup(rsp);
	argv[k++] = rl_xstrdup(lib);
	argv[k] = NULL;
	return argv;
}

/* The compiler said main is declared void (clang -Wmain-return-type, gcc
 * -Wmain): its return value is no exit status. */
static bool says_main_void(const char *err)
{
	return err != NULL && (strstr(err, "[-Wmain-return-type]") != NULL ||
			       strstr(err, "return type of 'main' is not "
					   "'int'") != NULL);
}

int rl_explore_build(int nfiles, char **files, const char *cflags,
		     const char *dir, char **binary, bool *main_void,
		     char **err)
{
	char *lib = rl_xasprintf("%s/sched/libracesched.a", rl_libdir());
	char *rsp = rl_xasprintf("@%s/sched/link.rsp", rl_libdir());
	char **argv = NULL, *tmpenv[2] = {NULL, NULL};
	struct rl_proc p = {0};
	int rc = -1;

	*binary = NULL;
	*err = NULL;
	*main_void = false;
	if (!sources_ok(nfiles, files, err))
		goto out;
	if (access(lib, R_OK) != 0 || access(rsp + 1, R_OK) != 0) {
		*err = rl_xasprintf("the sched runtime is not built (%s): run "
				    "make",
				    lib);
		goto out;
	}
	*binary = rl_xasprintf("%s/prog", dir);
	argv = compile_argv(nfiles, files, cflags, *binary, rsp, lib);
	p.argv = argv;
	p.timeout_s = 120;
	/* the compiler's temporary objects go in dir, which is removed even
	 * when the build is interrupted before the compiler cleans up */
	tmpenv[0] = rl_xasprintf("TMPDIR=%s", dir);
	p.env_add = tmpenv;
	if (rl_proc_run(&p) != 0 || p.exec_failed) {
		*err =
		    rl_xasprintf("cannot run the compiler %s (install clang: "
				 "make deps)",
				 argv[0]);
	} else if (p.status != 0) {
		*err = rl_xasprintf("%s could not build %s:\n%s", argv[0],
				    files[0], p.err ? p.err : "");
	} else {
		*main_void = says_main_void(p.err);
		rc = 0;
	}
	rl_proc_free(&p);
	free(tmpenv[0]);
out:
	if (rc != 0) {
		free(*binary);
		*binary = NULL;
	}
	free_words(argv);
	free(lib);
	free(rsp);
	return rc;
}
