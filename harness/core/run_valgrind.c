/*
 * run_valgrind.c - the helgrind and drd rows: valgrind --tool=NAME with
 * --xml=yes and an exit code on errors, the XML parsed with expat
 * (harness/report/vgxml.c).
 */
#include "paths.h"
#include "reap.h"
#include "runners.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The exit code Valgrind is told to use on errors (docs/exit-codes.md). */
#define VALGRIND_EXITCODE 67

const char *rl_valgrind_missing(const struct rl_tool *t)
{
	char *vg = rl_which("valgrind");

	(void)t;
	free(vg);
	return vg == NULL ? "valgrind is not installed (apt-get install "
			    "valgrind, or run make deps)"
			  : NULL;
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
	return rl_argv_join(prefix, r->binary, r->argv);
}

/* The process ran: its XML into o->rep. Killed at the time-out, the XML
 * ends early: the errors written before it are kept (rep.error), the ending
 * says what happened. Otherwise an unreadable report is no verdict. */
static void take_xml(const struct rl_tool *t, const struct rl_run_req *r,
		     const struct rl_proc *p, const char *xmlpath,
		     struct rl_obs *o)
{
	struct rl_report rep = {0};
	size_t len = 0;
	char *xml;

	rl_obs_settle(o, r, p, VALGRIND_EXITCODE);
	xml = rl_read_file(xmlpath, &len);
	if (xml == NULL ||
	    (rl_vgxml_parse(xml, len, &rep) != 0 && !p->timed_out) ||
	    (p->status == VALGRIND_EXITCODE && rep.nfindings == 0))
		rl_obs_cannot_run(o, rl_xasprintf("%s's XML could not be "
						  "read: %s",
						  t->name,
						  rep.error ? rep.error
							    : "no errors in "
							      "it"));
	rl_report_free(&o->rep);
	o->rep = rep;
	free(o->raw);
	o->raw = xml;
}

static void run_once(const struct rl_tool *t, const struct rl_run_req *r,
		     struct rl_obs *o)
{
	char *dir = rl_tmpdir_make(), *xmlpath, *owned[2];
	char *tmpenv[2] = {NULL, NULL};
	char **argv;
	struct rl_proc p = {.timeout_s = r->timeout};

	if (dir == NULL) {
		rl_obs_cannot_run(o, rl_tmpdir_problem());
		return;
	}
	xmlpath = rl_path_join(dir, "vg.xml");
	/* Valgrind's own files (valgrind_proc_*) go in dir too, which is
	 * removed even when the run is killed before Valgrind cleans up. */
	tmpenv[0] = rl_xasprintf("TMPDIR=%s", dir);
	p.env_add = tmpenv;
	p.argv = argv = valgrind_argv(t, r, xmlpath, owned);
	if (rl_proc_run(&p) != 0)
		rl_obs_cannot_run(o, rl_xasprintf("cannot run valgrind: %s",
						  strerror(errno)));
	else
		take_xml(t, r, &p, xmlpath, o);
	rl_proc_free(&p);
	free(argv);
	free(owned[0]);
	free(owned[1]);
	free(xmlpath);
	free(tmpenv[0]);
	rl_tmpdir_remove(dir);
}

int rl_valgrind_run(const struct rl_tool *t, const struct rl_run_req *r,
		    struct rl_obs *o)
{
	return rl_obs_repeat(t, r, o, run_once);
}
