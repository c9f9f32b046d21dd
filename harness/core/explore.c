/*
 * explore.c - run a sched binary over many schedules, stop at the first
 * failing one, and say how to repeat it.
 *
 * Room: harness/core, owned with the sched runtime (harness/sched). Others
 * call it through explore.h only.
 *
 * The runtime does the work: with RACELAB_SCHED="... runs=N" one exec runs
 * N schedules (seeds seed .. seed+N-1, a fork per schedule), stops at the
 * first failure and prints its report on stderr, ending in lines this file
 * parses:
 *   racelab-sched: result=fail kind=K exit=C run=I steps=.. decisions=..
 *                  strategy=S seed=0xX [depth=D k=K bound=B]
 *   racelab-sched: schedule=STR
 *   racelab-sched: runs-done=N          (fork server)
 *   racelab-sched: result=pass runs-done=N ...   (nothing failed)
 * The exit status is the runtime's (sched_exit.h) or the program's own (3).
 * exec_per_run does the same with one exec per schedule (slower; kept to
 * measure the fork server against, and as a fallback).
 */
#include "explore.h"
#include "paths.h"
#include "proc.h"
#include "util.h"

#include "../sched/sched_exit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_RUNS 1000

/* ------------------------------------------------------------ parsing */

/* The rest of the first line starting with prefix (malloc'd), or NULL. */
static char *line_after(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = text; p != NULL && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, prefix, n) == 0) {
			const char *e = strchr(p + n, '\n');
			size_t len = e ? (size_t)(e - p - n) : strlen(p + n);
			char *s = rl_xmalloc(len + 1);

			memcpy(s, p + n, len);
			s[len] = '\0';
			return s;
		}
	}
	return NULL;
}

/* The value of " key=" in a line (malloc'd), or NULL. */
static char *kv(const char *line, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = line; p != NULL && *p; p++) {
		if ((p == line || p[-1] == ' ') && strncmp(p, key, n) == 0 &&
		    p[n] == '=') {
			size_t len = strcspn(p + n + 1, " \n");
			char *s = rl_xmalloc(len + 1);

			memcpy(s, p + n + 1, len);
			s[len] = '\0';
			return s;
		}
	}
	return NULL;
}

static long kv_long(const char *line, const char *key, long dflt)
{
	char *v = kv(line, key);
	long x;

	if (v == NULL || !rl_parse_long(v, 0, __LONG_MAX__, &x))
		x = dflt;
	free(v);
	return x;
}

static const char *kind_of_status(int st)
{
	switch (st) {
	case RS_EXIT_INVARIANT:
		return "invariant";
	case RS_EXIT_DEADLOCK:
		return "deadlock";
	case RS_EXIT_CRASH:
		return "crash";
	case RS_EXIT_STEP_BOUND:
		return "step-bound";
	case RS_EXIT_BLOCKING:
		return "blocking";
	case RS_EXIT_DIVERGED:
		return "diverged";
	case RS_EXIT_UNSUPPORTED:
		return "unsupported";
	default:
		return st > 128 ? "crash" : "error";
	}
}

/* The kinds this file hands out, as static strings. */
static const char *kind_static(const char *k)
{
	static const char *const kinds[] = {
	    "invariant", "deadlock", "crash",	    "step-bound",
	    "blocking",	 "diverged", "unsupported", "error",
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (k != NULL && strcmp(k, kinds[i]) == 0)
			return kinds[i];
	return "error";
}

/* The report block: from "==== racelab sched:" to the summary lines. */
static char *report_block(const char *err)
{
	const char *start = err ? strstr(err, "==== racelab sched:") : NULL;
	const char *end;
	char *s;

	if (start == NULL)
		return NULL;
	end = strstr(start, "\nracelab-sched: result=");
	if (end == NULL)
		end = start + strlen(start);
	else
		end++;
	s = rl_xmalloc((size_t)(end - start) + 1);
	memcpy(s, start, (size_t)(end - start));
	s[end - start] = '\0';
	return s;
}

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

/* ------------------------------------------------------------ running */

static char **make_argv(const char *binary, char *const *args)
{
	size_t n = 0;
	char **v;

	while (args != NULL && args[n] != NULL)
		n++;
	v = rl_xcalloc(n + 2, sizeof(*v));
	v[0] = (char *)binary;
	for (size_t i = 0; i < n; i++)
		v[i + 1] = args[i];
	return v;
}

static const char *strategy_of(const struct rl_explore_opts *o)
{
	return o->strategy != NULL && strcmp(o->strategy, "pct") == 0
		   ? "pct"
		   : "random";
}

/* One exec of the binary with RACELAB_SCHED=spec (and a replay string). */
static int run_once(const struct rl_explore_opts *o, const char *spec,
		    const char *replay, double timeout, struct rl_proc *p)
{
	char **argv = make_argv(o->binary, o->argv);
	char *env[3];
	int rc;

	env[0] = rl_xasprintf("RACELAB_SCHED=%s", spec);
	env[1] = rl_xasprintf("RACELAB_SCHED_REPLAY=%s", replay ? replay : "");
	env[2] = NULL;
	memset(p, 0, sizeof(*p));
	p->argv = argv;
	p->env_add = env;
	p->timeout_s = timeout;
	rc = rl_proc_run(p);
	free(argv);
	/* putenv in the child kept pointers into env: the child is gone */
	free(env[0]);
	free(env[1]);
	return rc;
}

static void compose(const struct rl_explore_opts *o,
		    struct rl_explore_result *r, const char *summary)
{
	struct rl_buf b = {0};
	char *runtime_replay = line_after(r->err, "replay: ");

	/* the exact command: robust schedule string for PCT (its seeds
	 * depend on the k learned by earlier runs) and for replays */
	if (o->replay_prefix == NULL)
		r->replay = runtime_replay ? rl_xstrdup(runtime_replay) : NULL;
	else if (o->replay_seed_form)
		r->replay =
		    rl_xasprintf("%s --seed 0x%llx --strategy %s --depth %d",
				 o->replay_prefix, r->seed, strategy_of(o),
				 o->depth > 0 ? o->depth : 3);
	else if (o->schedule != NULL || strcmp(strategy_of(o), "pct") == 0)
		r->replay = rl_xasprintf("%s --schedule %s", o->replay_prefix,
					 r->schedule ? r->schedule : "''");
	else
		r->replay = rl_xasprintf("%s --seed 0x%llx --strategy random",
					 o->replay_prefix, r->seed);
	free(runtime_replay);
	if (r->trace != NULL)
		rl_buf_printf(&b, "%s", r->trace);
	if (strcmp(r->kind, "invariant") == 0 && r->result_line != NULL)
		rl_buf_printf(&b, "FAIL: %s\n", r->result_line);
	else
		rl_buf_printf(&b, "FAIL: %s (%s)\n", r->kind, summary);
	/* a long run's schedule string is for machines (--json, replay) */
	char shown[112];
	const char *sched = r->schedule ? r->schedule : "?";

	if (strlen(sched) > 100) {
		snprintf(shown, sizeof(shown), "%.60s... (%zu chars)", sched,
			 strlen(sched));
		sched = shown;
	}
	if (o->schedule != NULL)
		rl_buf_printf(&b, "schedule (replayed): %s\n", sched);
	else
		rl_buf_printf(&b, "schedule %ld (seed 0x%llx, %s): %s\n",
			      r->schedules, r->seed, strategy_of(o), sched);
	if (r->replay != NULL)
		rl_buf_printf(&b, "replay: %s\n", r->replay);
	r->text = rl_buf_take(&b);
}

/* Read one finished process into r. true when a schedule failed. */
static bool settle(const struct rl_explore_opts *o, struct rl_explore_result *r,
		   struct rl_proc *p, long done_before)
{
	char *fail, *pass;

	free(r->out);
	free(r->err);
	r->out = p->out ? rl_xstrdup(p->out) : rl_xstrdup("");
	r->err = p->err ? rl_xstrdup(p->err) : rl_xstrdup("");
	r->status = p->status;
	r->seconds += p->seconds;
	r->timed_out = p->timed_out;
	fail = line_after(r->err, "racelab-sched: result=fail");
	pass = line_after(r->err, "racelab-sched: result=pass");
	if (p->status == 0 && !p->timed_out) {
		r->schedules = done_before + kv_long(pass, "runs-done", 1);
		free(fail);
		free(pass);
		return false;
	}
	if (p->timed_out) {
		r->kind = "blocking";
		r->note = rl_xasprintf("timed out after %.0f s with no report "
				       "from the runtime",
				       p->seconds);
	} else if (fail != NULL) {
		char *k = kv(fail, "kind"), *seed = kv(fail, "seed");

		r->kind = kind_static(k);
		/* not a finding: the runtime's own words say what it met */
		if (strcmp(r->kind, "unsupported") == 0 &&
		    (r->note = line_after(r->err, "==== racelab sched: ")) !=
			NULL &&
		    strstr(r->note, " ====") != NULL)
			*strstr(r->note, " ====") = '\0';
		if (seed != NULL)
			r->seed = strtoull(seed, NULL, 0);
		free(k);
		free(seed);
	} else {
		r->kind = kind_static(kind_of_status(p->status));
		r->note = rl_xasprintf("%s exited with status %d and no sched "
				       "report (is it a sched build?)",
				       o->binary, p->status);
	}
	{
		char *rd = line_after(r->err, "racelab-sched: runs-done=");

		r->schedules = done_before + (rd ? atol(rd) : 1);
		free(rd);
	}
	r->schedule = line_after(r->err, "racelab-sched: schedule=");
	r->trace = report_block(r->err);
	r->result_line = last_line(r->out);
	compose(o, r, r->note ? r->note : "see the report above");
	free(fail);
	free(pass);
	return true;
}

/* run_once with spec (freed here); on failure r->note says why. */
static int run_spec(const struct rl_explore_opts *o,
		    struct rl_explore_result *r, char *spec, double timeout,
		    struct rl_proc *p)
{
	int rc = run_once(o, spec, NULL, timeout, p);

	free(spec);
	if (rc != 0) {
		r->note = rl_xasprintf("cannot run %s", o->binary);
		rl_proc_free(p);
	}
	return rc;
}

int rl_explore(const struct rl_explore_opts *o, struct rl_explore_result *r)
{
	long runs = o->runs > 0 ? o->runs : DEFAULT_RUNS;
	int depth = o->depth > 0 ? o->depth : 3;
	const char *strategy = strategy_of(o);
	struct rl_proc p;
	char *spec;

	memset(r, 0, sizeof(*r));
	if (access(o->binary, X_OK) != 0) {
		r->note = rl_xasprintf("%s: %s", o->binary, strerror(errno));
		return -1;
	}
	if (o->schedule != NULL) {
		if (run_once(o, "trace=400", o->schedule,
			     o->timeout > 0 ? o->timeout : 20, &p) != 0) {
			r->note = rl_xasprintf("cannot run %s", o->binary);
			rl_proc_free(&p);
			return -1;
		}
		if (!settle(o, r, &p, 0))
			r->text = rl_xasprintf("the schedule ran to the end "
					       "without failing\n");
		rl_proc_free(&p);
		return 0;
	}
	if (!o->exec_per_run) {
		spec = rl_xasprintf("strategy=%s seed=0x%llx runs=%ld depth=%d",
				    strategy, o->seed, runs, depth);
		if (run_spec(o, r, spec,
			     o->timeout > 0 ? o->timeout
					    : 20 + (double)runs / 50.0,
			     &p) != 0)
			return -1;
		if (!settle(o, r, &p, 0))
			r->text = rl_xasprintf("%ld schedules, none failing\n",
					       r->schedules);
		rl_proc_free(&p);
		return 0;
	}
	/* one exec per schedule; PCT learns k as the fork server does */
	long k = 0;

	for (long i = 0; i < runs; i++) {
		char *last;

		spec = k > 0 ? rl_xasprintf("strategy=%s seed=0x%llx depth=%d "
					    "k=%ld",
					    strategy,
					    o->seed + (unsigned long long)i,
					    depth, k)
			     : rl_xasprintf(
				   "strategy=%s seed=0x%llx depth=%d", strategy,
				   o->seed + (unsigned long long)i, depth);
		if (run_spec(o, r, spec, o->timeout > 0 ? o->timeout : 20,
			     &p) != 0)
			return -1;
		if (settle(o, r, &p, i)) {
			rl_proc_free(&p);
			return 0;
		}
		last = line_after(r->err, "racelab-sched: result=pass");
		if (kv_long(last, "decisions", 0) > k)
			k = kv_long(last, "decisions", 0);
		if (k > 10000)
			k = 10000;
		free(last);
		rl_proc_free(&p);
		r->schedules = i + 1;
	}
	r->text = rl_xasprintf("%ld schedules, none failing\n", r->schedules);
	return 0;
}

void rl_explore_result_free(struct rl_explore_result *r)
{
	free(r->schedule);
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

/* "racelab replay CASE --variant V [--threads N] [--iters N]" */
static char *replay_prefix(const struct rl_run_req *r)
{
	struct rl_buf b = {0};

	rl_buf_printf(&b, "racelab replay %s --variant %s", r->case_id,
		      r->variant ? r->variant : "bad");
	for (char *const *a = r->argv; a != NULL && a[0] != NULL; a++) {
		if (a[1] == NULL)
			break;
		if (strcmp(a[0], "-t") == 0)
			rl_buf_printf(&b, " --threads %s", a[1]);
		else if (strcmp(a[0], "-i") == 0)
			rl_buf_printf(&b, " --iters %s", a[1]);
		else
			continue;
		a++;
	}
	return rl_buf_take(&b);
}

static void to_obs(const struct rl_explore_result *x, struct rl_obs *o)
{
	o->schedules = x->schedules;
	o->runs = x->schedules;
	o->runs_ok = x->kind ? x->schedules - 1 : x->schedules;
	o->status = x->status;
	o->timed_out = x->timed_out;
	o->seconds = x->seconds;
	o->raw = x->err ? rl_xstrdup(x->err) : NULL;
	o->result_line = x->result_line ? rl_xstrdup(x->result_line) : NULL;
	if (x->note != NULL)
		o->note = rl_xstrdup(x->note);
	if (x->kind == NULL)
		return;
	if (strcmp(x->kind, "error") == 0 ||
	    strcmp(x->kind, "unsupported") == 0) {
		o->broken = true; /* could not judge */
		return;
	}
	o->fail_kind = rl_xstrdup(x->kind);
	o->trace = x->text ? rl_xstrdup(x->text) : NULL;
	/* the callers print o->replay themselves */
	if (o->trace != NULL && x->replay != NULL) {
		char *cut = strstr(o->trace, "replay: ");

		while (cut != NULL && cut != o->trace && cut[-1] != '\n')
			cut = strstr(cut + 1, "replay: ");
		if (cut != NULL)
			*cut = '\0';
	}
	o->replay = x->replay ? rl_xstrdup(x->replay) : NULL;
}

int rl_explore_run(const struct rl_run_req *r, struct rl_obs *o)
{
	struct rl_explore_result x;
	char *prefix = replay_prefix(r);
	struct rl_explore_opts opts = {
	    .binary = r->binary,
	    .argv = r->argv,
	    .runs = r->runs,
	    .seed = r->seed,
	    .strategy = r->strategy,
	    .depth = r->depth,
	    /* r->timeout bounds one process; here one process runs them
	     * all */
	    .timeout = (r->timeout > 0 ? r->timeout : 20) +
		       (double)(r->runs > 0 ? r->runs : DEFAULT_RUNS) / 50.0,
	    .replay_prefix = prefix,
	};
	int rc = rl_explore(&opts, &x);

	if (rc != 0) {
		o->broken = true;
		o->note = x.note ? rl_xstrdup(x.note) : NULL;
	} else {
		to_obs(&x, o);
	}
	rl_explore_result_free(&x);
	free(prefix);
	return rc;
}

/* ------------------------------------------------------------ scan */

static bool is_c_file(const char *f)
{
	size_t n = strlen(f);

	return n > 2 && strcmp(f + n - 2, ".c") == 0;
}

int rl_explore_build(int nfiles, char **files, const char *dir, char **binary,
		     char **err)
{
	char *lib = rl_xasprintf("%s/sched/libracesched.a", rl_libdir());
	char *rsp = rl_xasprintf("@%s/sched/link.rsp", rl_libdir());
	const char *cc = getenv("TSAN_CC") ? getenv("TSAN_CC") : "clang";
	char **argv = rl_xcalloc((size_t)nfiles + 16, sizeof(*argv));
	struct rl_proc p = {0};
	int k = 0, rc = -1;

	*binary = NULL;
	*err = NULL;
	for (int i = 0; i < nfiles; i++) {
		if (!is_c_file(files[i]) || access(files[i], R_OK) != 0) {
			*err = rl_xasprintf("%s: %s", files[i],
					    is_c_file(files[i])
						? strerror(errno)
						: "not a C source file "
						  "(expected FILE.c)");
			goto out;
		}
	}
	if (access(lib, R_OK) != 0 || access(rsp + 1, R_OK) != 0) {
		*err = rl_xasprintf("the sched runtime is not built (%s): run "
				    "make",
				    lib);
		goto out;
	}
	*binary = rl_xasprintf("%s/prog", dir);
	argv[k++] = (char *)cc;
	argv[k++] = "-g";
	argv[k++] = "-O1";
	argv[k++] = "-pthread";
	argv[k++] = "-D_GNU_SOURCE";
	for (int i = 0; i < nfiles; i++)
		argv[k++] = files[i];
	argv[k++] = "-o";
	argv[k++] = *binary;
	argv[k++] = rsp;
	argv[k++] = lib;
	argv[k] = NULL;
	p.argv = argv;
	p.timeout_s = 120;
	if (rl_proc_run(&p) != 0 || p.exec_failed) {
		*err =
		    rl_xasprintf("cannot run the compiler %s (install clang: "
				 "make deps)",
				 cc);
	} else if (p.status != 0) {
		*err = rl_xasprintf("%s could not build %s:\n%s", cc, files[0],
				    p.err ? p.err : "");
	} else {
		rc = 0;
	}
	rl_proc_free(&p);
out:
	if (rc != 0) {
		free(*binary);
		*binary = NULL;
	}
	free(argv);
	free(lib);
	free(rsp);
	return rc;
}

int rl_explore_scan(int nfiles, char **files, const struct rl_run_req *r,
		    struct rl_obs *o)
{
	char *dir = rl_tmpdir_make(), *bin = NULL, *err = NULL, *prefix;
	struct rl_buf pre = {0};
	struct rl_explore_result x;
	struct rl_explore_opts opts = {0};
	int rc;

	o->tool = rl_tool_find("sched");
	if (dir == NULL) {
		fprintf(stderr, "racelab: scan: cannot make a temporary "
				"directory\n");
		return -1;
	}
	if (rl_explore_build(nfiles, files, dir, &bin, &err) != 0) {
		fprintf(stderr, "racelab: scan: %s\n", err);
		free(err);
		rl_tmpdir_remove(dir);
		return -1;
	}
	/* the binary goes with the temporary directory: replay by
	 * rebuilding and running the one failing seed (for PCT, the first
	 * schedule uses the default k: the seed form is then approximate) */
	rl_buf_printf(&pre, "racelab scan --tool sched --runs 1");
	for (int i = 0; i < nfiles; i++)
		rl_buf_printf(&pre, " %s", files[i]);
	prefix = rl_buf_take(&pre);
	opts.replay_prefix = prefix;
	opts.replay_seed_form = true;
	opts.binary = bin;
	opts.runs = r->runs;
	opts.seed = r->seed;
	opts.strategy = r->strategy;
	opts.depth = r->depth;
	opts.timeout = r->timeout;
	rc = rl_explore(&opts, &x);
	if (rc != 0) {
		o->broken = true;
		o->note = x.note ? rl_xstrdup(x.note) : NULL;
	} else {
		to_obs(&x, o);
	}
	free(prefix);
	rl_explore_result_free(&x);
	free(bin);
	rl_tmpdir_remove(dir);
	return 0;
}
