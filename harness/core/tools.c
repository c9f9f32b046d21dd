/*
 * tools.c - the runners behind `racelab run`: one per detector. Each knows
 * its build folder, the options the tool needs to be honest (an exit code on
 * findings, XML for Valgrind, no gdbserver), and which parser reads
 * its output. sched is delegated to explore.c.
 */
#include "tools.h"
#include "explore.h"
#include "paths.h"
#include "proc.h"
#include "util.h"
#include "watchdog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Exit codes the tools are told to use on findings (docs/exit-codes.md). */
#define TSAN_EXITCODE	  66
#define VALGRIND_EXITCODE 67

const struct rl_tool rl_tools[] = {
    {"native", "native", "plain -O2 build, repeated runs, outcome histogram",
     60},
    {"tsan", "tsan", "ThreadSanitizer, clang -fsanitize=thread", 60},
    {"tsan-gcc", "tsan-gcc", "ThreadSanitizer, gcc's runtime", 60},
    {"helgrind", "vg", "Valgrind Helgrind (happens-before + lock order)", 180},
    {"drd", "vg", "Valgrind DRD (happens-before, no lock-order check)", 180},
    {"sched", "sched", "racelab's deterministic scheduler, from a seed", 20},
};
const size_t rl_ntools = sizeof(rl_tools) / sizeof(rl_tools[0]);

const struct rl_tool *rl_tool_find(const char *name)
{
	for (size_t i = 0; i < rl_ntools; i++)
		if (strcmp(rl_tools[i].name, name) == 0)
			return &rl_tools[i];
	return NULL;
}

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	bool found = false;

	if (path == NULL)
		path = "/usr/bin:/bin";
	copy = rl_xstrdup(path);
	for (char *p = copy; !found && (dir = strtok_r(p, ":", &save));
	     p = NULL) {
		char *full = rl_path_join(dir, prog);

		found = access(full, X_OK) == 0;
		free(full);
	}
	free(copy);
	return found;
}

const char *rl_tool_missing(const struct rl_tool *t)
{
	if (strcmp(t->build, "vg") == 0 && !in_path("valgrind"))
		return "valgrind is not installed (apt-get install valgrind, "
		       "or run make deps)";
	return NULL;
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

static void note(struct rl_obs *o, char *msg)
{
	free(o->note);
	o->note = msg;
}

/* Find the driver's "<case>: ..." line in out; record it in the histogram. */
static void record_result(struct rl_obs *o, const char *case_id,
			  const char *out, bool ok)
{
	size_t n = strlen(case_id);
	const char *line = NULL, *end;
	char *outcome;

	for (const char *p = out; p != NULL && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, case_id, n) == 0 && p[n] == ':' &&
		    p[n + 1] == ' ')
			line = p;
	}
	o->runs++;
	o->runs_ok += ok;
	if (line == NULL)
		return;
	end = strchr(line, '\n');
	free(o->result_line);
	o->result_line =
	    end ? strndup(line, (size_t)(end - line)) : rl_xstrdup(line);
	outcome = rl_xstrdup(o->result_line + n + 2);
	for (size_t i = 0; i < o->nhist; i++) {
		if (strcmp(o->hist[i].outcome, outcome) == 0 &&
		    o->hist[i].ok == ok) {
			o->hist[i].count++;
			free(outcome);
			return;
		}
	}
	o->hist = rl_xrealloc(o->hist, (o->nhist + 1) * sizeof(*o->hist));
	o->hist[o->nhist++] = (struct rl_outcome){outcome, 1, ok};
}

/* argv = prefix..., binary, args... (NULL-terminated, malloc'd array). */
static char **make_argv(char *const *prefix, const char *binary,
			char *const *args)
{
	size_t np = 0, na = 0, k = 0;
	char **v;

	while (prefix && prefix[np])
		np++;
	while (args && args[na])
		na++;
	v = rl_xcalloc(np + na + 2, sizeof(char *));
	for (size_t i = 0; i < np; i++)
		v[k++] = prefix[i];
	v[k++] = (char *)binary;
	for (size_t i = 0; i < na; i++)
		v[k++] = args[i];
	return v;
}

/* racelab could not run it: no verdict, the reason in the note. */
static void cannot_run(struct rl_obs *o, char *why)
{
	o->error = o->broken = true;
	note(o, why);
}

/* What the capture cap dropped, said once. */
static void note_cut(struct rl_obs *o, const struct rl_proc *p)
{
	size_t cut = p->out_cut + p->err_cut;

	if (cut == 0)
		return;
	o->cut += cut;
	note(o, rl_xasprintf("%s%sthe program's output was cut: %zu bytes "
			     "dropped from the middle (the first and last %zu "
			     "of each stream kept)",
			     o->note ? o->note : "", o->note ? "; " : "", cut,
			     RL_PROC_KEEP));
}

/* Interpret one process's end: a normal exit (0, the tool's findings code,
 * or a case driver's 3 = invariant broken) or a broken run, said in the
 * program's own words where it left some. */
static void settle(struct rl_obs *o, const struct rl_run_req *r,
		   const struct rl_proc *p, int tool_code)
{
	bool ok = p->status == 0 || (tool_code && p->status == tool_code);
	bool normal = !r->any_program && p->status == 3;

	o->status = p->status;
	o->signal = p->signal;
	o->seconds += p->seconds;
	o->timed_out = o->timed_out || p->timed_out;
	if (p->timed_out || (!ok && !normal)) {
		o->broken = true;
		o->hung = p->timed_out && p->idle_s >= 1;
		o->idle_s = p->idle_s;
		free(o->said);
		o->said = rl_program_said(p->err);
		free(o->ending);
		o->ending = rl_ending_text(p, o->said, r->timeout);
		note(o, rl_xstrdup(o->ending));
	}
	note_cut(o, p);
	if (p->out != NULL)
		record_result(o, r->case_id, p->out, ok && !p->timed_out);
}

/* Every native run is watched: a real deadlock is caught, explained and
 * killed (watchdog.h), and ends the runs. */
static int run_native(const struct rl_run_req *r, struct rl_obs *o)
{
	char **argv = make_argv(NULL, r->binary, r->argv);

	for (long i = 0; i < r->runs && !o->broken && !o->fail_kind; i++) {
		struct rl_proc p = {.argv = argv, .timeout_s = r->timeout};
		struct rl_watchdog w;

		rl_watchdog_init(&w);
		if (rl_watchdog_run(&w, &p) != 0) {
			cannot_run(o, rl_xasprintf("cannot run %s: %s",
						   r->binary, strerror(errno)));
		} else if (w.caught) {
			o->fail_kind = rl_xstrdup("deadlock");
			o->trace = w.report;
			w.report = NULL;
			o->status = p.status;
			o->seconds += p.seconds;
			o->runs++;
		} else {
			settle(o, r, &p, 0);
			if (w.note != NULL) /* why the watchdog held back */
				note(o, o->note ? rl_xasprintf("%s; %s",
							       o->note, w.note)
						: rl_xstrdup(w.note));
		}
		rl_watchdog_free(&w);
		rl_proc_free(&p);
	}
	free(argv);
	return 0;
}

/*
 * TSan's atexit_sleep_ms stays at its default (1000): when threads are still
 * running as main returns, TSan waits that long so that their races are
 * reported (with 0, a race in an unjoined thread was reported in 0 of 10
 * runs, against 10 of 10). It sleeps only when such threads exist, so the
 * case drivers, which join every thread, pay nothing (docs/tools.md).
 */
static int run_tsan_once(const struct rl_run_req *r, struct rl_obs *o)
{
	static char *const env[] = {
	    "TSAN_OPTIONS=exitcode=66 second_deadlock_stack=1 "
	    "halt_on_error=0 report_signal_unsafe=1 history_size=4 "
	    "color=never",
	    NULL};
	static char *const no_aslr[] = {"setarch", "-R", NULL};
	char **argv = make_argv(NULL, r->binary, r->argv);
	struct rl_proc p = {
	    .argv = argv, .env_add = env, .timeout_s = r->timeout};
	int rc = rl_proc_run(&p);

	if (rc == 0 && strstr(p.err, "unexpected memory mapping") != NULL) {
		/* Newer kernels randomise mmap beyond what TSan's shadow
		 * layout allows: rerun with ASLR off for this process. */
		rl_proc_free(&p);
		free(argv);
		argv = make_argv(no_aslr, r->binary, r->argv);
		p.argv = argv;
		rc = rl_proc_run(&p);
	}
	if (rc != 0) {
		cannot_run(o, rl_xasprintf("cannot run %s: %s", r->binary,
					   strerror(errno)));
	} else {
		struct rl_report rep = {0};

		settle(o, r, &p, TSAN_EXITCODE);
		if (rl_tsan_parse(p.err, p.err_len, &rep) != 0 ||
		    (p.status == TSAN_EXITCODE && rep.nfindings == 0))
			cannot_run(o,
				   rl_xasprintf("ThreadSanitizer's report "
						"could not be read: %s",
						rep.error ? rep.error
							  : "no report found"));
		rl_report_free(&o->rep);
		o->rep = rep;
		free(o->raw);
		o->raw = rl_xstrdup(p.err);
	}
	rl_proc_free(&p);
	free(argv);
	return 0;
}

static char **valgrind_argv(const struct rl_tool *t, const struct rl_run_req *r,
			    const char *xmlpath, char **owned)
{
	char *prefix[10];

	owned[0] = rl_xasprintf("--tool=%s", t->name);
	owned[1] = rl_xasprintf("--xml-file=%s", xmlpath);
	prefix[0] = "valgrind";
	prefix[1] = owned[0];
	prefix[2] = "--xml=yes";
	prefix[3] = owned[1];
	prefix[4] = "--error-exitcode=67";
	prefix[5] = "--child-silent-after-fork=yes";
	prefix[6] = "--quiet";
	/* Without this, an access in a one-instruction leaf function reached
	 * by a chased call is blamed on its caller (measured with DRD on
	 * bad/counter.c at -O1: "work" instead of "counter_increment"). */
	prefix[7] = "--vex-guest-chase=no";
	/* no gdbserver: its FIFOs (vgdb-pipe-*) would outlive a killed run */
	prefix[8] = "--vgdb=no";
	prefix[9] = NULL;
	return make_argv(prefix, r->binary, r->argv);
}

static int run_valgrind_once(const struct rl_tool *t,
			     const struct rl_run_req *r, struct rl_obs *o)
{
	char *dir = rl_tmpdir_make(), *xmlpath, *xml, *owned[2];
	char *tmpenv[2] = {NULL, NULL};
	char **argv;
	size_t len = 0;
	struct rl_proc p = {.timeout_s = r->timeout};
	struct rl_report rep = {0};

	if (dir == NULL) {
		cannot_run(o, rl_tmpdir_problem());
		return 0;
	}
	xmlpath = rl_path_join(dir, "vg.xml");
	/* Valgrind's own files (valgrind_proc_*) go in dir too, which is
	 * removed even when the run is killed before Valgrind cleans up. */
	tmpenv[0] = rl_xasprintf("TMPDIR=%s", dir);
	p.env_add = tmpenv;
	p.argv = argv = valgrind_argv(t, r, xmlpath, owned);
	if (rl_proc_run(&p) != 0) {
		cannot_run(o, rl_xasprintf("cannot run valgrind: %s",
					   strerror(errno)));
	} else {
		settle(o, r, &p, VALGRIND_EXITCODE);
		xml = rl_read_file(xmlpath, &len);
		/* Killed at the time-out, the XML ends early: the errors
		 * written before it are kept (rep.error), the ending says
		 * what happened. Otherwise an unreadable report is no
		 * verdict. */
		if (xml == NULL ||
		    (rl_vgxml_parse(xml, len, &rep) != 0 && !p.timed_out) ||
		    (p.status == VALGRIND_EXITCODE && rep.nfindings == 0))
			cannot_run(o,
				   rl_xasprintf("%s's XML could not be "
						"read: %s",
						t->name,
						rep.error ? rep.error
							  : "no errors in it"));
		rl_report_free(&o->rep);
		o->rep = rep;
		free(o->raw);
		o->raw = xml;
	}
	rl_proc_free(&p);
	free(argv);
	free(owned[0]);
	free(owned[1]);
	free(xmlpath);
	free(tmpenv[0]);
	rl_tmpdir_remove(dir);
	return 0;
}

/* tsan, helgrind, drd: r->runs processes, stopping at the first that has
 * findings or breaks (that run is the verdict). */
static int run_repeated(const struct rl_tool *t, const struct rl_run_req *r,
			struct rl_obs *o)
{
	bool tsan = strncmp(t->name, "tsan", 4) == 0;

	for (long i = 0; i < r->runs; i++) {
		if (tsan)
			run_tsan_once(r, o);
		else
			run_valgrind_once(t, r, o);
		if (o->broken || o->rep.nfindings > 0)
			break;
	}
	return 0;
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
		note(o, rl_xstrdup(missing));
		return 0;
	}
	if (r.binary == NULL)
		r.binary = bin = rl_case_binary(t->build, r.case_id, r.variant);
	if (access(r.binary, X_OK) != 0) {
		o->skipped = true;
		note(o, rl_xasprintf("%s is not built (is its compiler "
				     "installed? run make)",
				     rl_path_short(r.binary)));
		free(bin);
		return 0;
	}
	if (r.runs < 1)
		r.runs = 1;
	if (r.timeout <= 0)
		r.timeout = t->timeout;
	if (strcmp(t->name, "native") == 0)
		rc = run_native(&r, o);
	else if (strncmp(t->name, "tsan", 4) == 0 ||
		 strcmp(t->build, "vg") == 0)
		rc = run_repeated(t, &r, o);
	else
		rc = rl_explore_run(&r, o);
	free(bin);
	return rc;
}
