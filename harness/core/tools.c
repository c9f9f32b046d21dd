/*
 * tools.c - the runners behind `racelab run`: one per detector. Each knows
 * its build folder, the options the tool needs to be honest (an exit code on
 * findings, no sleeping at exit, XML for Valgrind), and which parser reads
 * its output. sched is delegated to explore.c.
 */
#include "tools.h"
#include "explore.h"
#include "paths.h"
#include "proc.h"
#include "util.h"
#include "watchdog.h"

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

/* Interpret one process's end: invariant (status 0 / 3), or broken. */
static void settle(struct rl_obs *o, const struct rl_run_req *r,
		   const struct rl_proc *p, int tool_code)
{
	bool ok = p->status == 0 || (tool_code && p->status == tool_code);

	o->status = p->status;
	o->seconds += p->seconds;
	if (p->timed_out) {
		o->timed_out = o->broken = true;
		note(o, rl_xasprintf("timed out after %.0f s (raise it with "
				     "--timeout)",
				     r->timeout));
	} else if (!ok && p->status != 3) {
		o->broken = true;
		note(o, rl_xasprintf(
			    "%s exited with status %d%s", r->binary, p->status,
			    p->status > 128 ? " (killed by a signal)" : ""));
	}
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
			note(o, rl_xasprintf("cannot run %s", r->binary));
			o->broken = true;
		} else if (w.caught) {
			o->fail_kind = rl_xstrdup("deadlock");
			o->trace = w.report;
			w.report = NULL;
			o->status = p.status;
			o->seconds += p.seconds;
			o->runs++;
		} else {
			settle(o, r, &p, 0);
			if (w.note != NULL && o->note == NULL)
				note(o, rl_xstrdup(w.note));
		}
		rl_watchdog_free(&w);
		rl_proc_free(&p);
	}
	free(argv);
	return 0;
}

static int run_tsan(const struct rl_run_req *r, struct rl_obs *o)
{
	static char *const env[] = {
	    "TSAN_OPTIONS=exitcode=66 atexit_sleep_ms=0 "
	    "second_deadlock_stack=1 halt_on_error=0 "
	    "report_signal_unsafe=1 history_size=4 color=never",
	    NULL};
	static char *const no_aslr[] = {"setarch", "-R", NULL};
	char **argv = make_argv(NULL, r->binary, r->argv);
	struct rl_proc p = {
	    .argv = argv, .env_add = env, .timeout_s = r->timeout};

	if (rl_proc_run(&p) == 0 && p.err != NULL &&
	    strstr(p.err, "unexpected memory mapping") != NULL) {
		/* Newer kernels randomise mmap beyond what TSan's shadow
		 * layout allows: rerun with ASLR off for this process. */
		rl_proc_free(&p);
		free(argv);
		argv = make_argv(no_aslr, r->binary, r->argv);
		p.argv = argv;
		rl_proc_run(&p);
	}
	if (p.exec_failed) {
		o->broken = true;
		note(o, rl_xasprintf("cannot run %s", r->binary));
	} else {
		settle(o, r, &p, TSAN_EXITCODE);
		if (rl_tsan_parse(p.err ? p.err : "", p.err_len, &o->rep) !=
			0 ||
		    (p.status == TSAN_EXITCODE && o->rep.nfindings == 0)) {
			o->broken = true;
			note(o, rl_xasprintf("ThreadSanitizer's report could "
					     "not be read: %s",
					     o->rep.error ? o->rep.error
							  : "no report found"));
		}
		o->raw = p.err ? rl_xstrdup(p.err) : NULL;
	}
	rl_proc_free(&p);
	free(argv);
	return 0;
}

static int run_valgrind(const struct rl_tool *t, const struct rl_run_req *r,
			struct rl_obs *o)
{
	char *dir = rl_tmpdir_make(), *xmlpath, *xmlopt, *xml, *toolopt;
	char *prefix[9];
	char **argv;
	size_t len = 0;
	struct rl_proc p = {.timeout_s = r->timeout};

	if (dir == NULL)
		return -1;
	xmlpath = rl_path_join(dir, "vg.xml");
	xmlopt = rl_xasprintf("--xml-file=%s", xmlpath);
	toolopt = rl_xasprintf("--tool=%s", t->name);
	prefix[0] = "valgrind";
	prefix[1] = toolopt;
	prefix[2] = "--xml=yes";
	prefix[3] = xmlopt;
	prefix[4] = "--error-exitcode=67";
	prefix[5] = "--child-silent-after-fork=yes";
	prefix[6] = "--quiet";
	/* Without this, an access in a one-instruction leaf function reached
	 * by a chased call is blamed on its caller (measured with DRD on
	 * bad/counter.c at -O1: "work" instead of "counter_increment"). */
	prefix[7] = "--vex-guest-chase=no";
	prefix[8] = NULL;
	argv = make_argv(prefix, r->binary, r->argv);
	p.argv = argv;
	if (rl_proc_run(&p) != 0) {
		o->broken = true;
		note(o, rl_xstrdup("cannot run valgrind"));
	} else {
		settle(o, r, &p, VALGRIND_EXITCODE);
		xml = rl_read_file(xmlpath, &len);
		if (xml == NULL || rl_vgxml_parse(xml, len, &o->rep) != 0 ||
		    (p.status == VALGRIND_EXITCODE && o->rep.nfindings == 0)) {
			o->broken = true;
			/* Killed at the time-out: that is the note, and the
			 * errors written before it are kept (rep.error). */
			if (!p.timed_out)
				note(o,
				     rl_xasprintf("%s's XML could not be read: "
						  "%s",
						  t->name,
						  o->rep.error ? o->rep.error
							       : "no errors "
								 "in it"));
		}
		o->raw = xml;
	}
	rl_proc_free(&p);
	free(argv);
	free(toolopt);
	free(xmlopt);
	free(xmlpath);
	rl_tmpdir_remove(dir);
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
	else if (strncmp(t->name, "tsan", 4) == 0)
		rc = run_tsan(&r, o);
	else if (strcmp(t->build, "vg") == 0)
		rc = run_valgrind(t, &r, o);
	else
		rc = rl_explore_run(&r, o);
	free(bin);
	return rc;
}
