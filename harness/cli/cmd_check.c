/*
 * cmd_check.c - `racelab check`: the whole matrix, every case x variant x
 * tool against its declared expectation, as an aligned table (or JSON lines,
 * or JUnit XML for CI). Keeps going after a failure; exit 1 at the end if
 * any expectation failed, 70 if any run could not run at all (that row is a
 * FAIL with the reason, never a pass). Skips are shown and counted, never
 * passed. SIGINT/SIGTERM stop the workers, which kill their runs and remove
 * their temporary files, and racelab dies of the same signal.
 */
#include "commands.h"
#include "opts.h"
#include "out.h"
#include "proc.h"
#include "runcase.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct row {
	char *name; /* case/variant/tool */
	enum rl_result result;
	bool error; /* the run could not run: racelab's fault, exit 70 */
	char *why;
	double seconds;
	char *cell; /* for --markdown */
};

static void usage(void)
{
	printf("usage: racelab check [CASE...] [--tool TOOL] [--variant V] "
	       "[--jobs N]\n                     [--json] [--junit FILE] "
	       "[--markdown FILE]\n\n"
	       "Runs every case x variant x tool (or the ones named) and "
	       "checks each against\nthe case's expect file, N at a time "
	       "(default: one per CPU). --markdown\nwrites the tool "
	       "capability table of this run (docs/tools.md).\n"
	       "Exit: 0 all hold, 1 any failed, 2 usage (an unwritable --junit "
	       "or --markdown\nfile is found before anything runs), 70 a run "
	       "could not run (no temporary\ndirectory, a tool that died): "
	       "never a pass, 77 none failed but some were\nskipped (a tool "
	       "is missing). Interrupted (Ctrl-C, SIGTERM),\ncheck stops its "
	       "runs, removes their files and dies of the signal "
	       "(128+N).\n");
}

static void xml_escaped(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static int write_junit(const char *path, const struct row *rows, size_t n)
{
	FILE *f = fopen(path, "w");
	size_t failures = 0, skipped = 0;
	double total = 0;

	if (f == NULL)
		return rl_usage_error("check: cannot write --junit '%s'", path);
	for (size_t i = 0; i < n; i++) {
		failures += rows[i].result == RL_FAIL;
		skipped += rows[i].result == RL_SKIP;
		total += rows[i].seconds;
	}
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuite name=\"racelab-matrix\" tests=\"%zu\" "
		"failures=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
		n, failures, skipped, total);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "  <testcase classname=\"racelab\" name=\"");
		xml_escaped(f, rows[i].name);
		fprintf(f, "\" time=\"%.3f\"", rows[i].seconds);
		if (rows[i].result == RL_PASS) {
			fprintf(f, "/>\n");
			continue;
		}
		fprintf(f, rows[i].result == RL_FAIL
			       ? ">\n    <failure message=\""
			       : ">\n    <skipped message=\"");
		xml_escaped(f, rows[i].why);
		fprintf(f, "\"/>\n  </testcase>\n");
	}
	fprintf(f, "</testsuite>\n");
	return fclose(f) == 0
		   ? 0
		   : rl_usage_error("check: writing '%s' failed", path);
}

/*
 * The capability table (docs/tools.md): one row per case and variant, one
 * column per tool, each cell what the tool did there in this very run.
 */
static int write_markdown(const char *path, const struct row *rows, size_t n,
			  const struct rl_catalogue *cat)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return rl_usage_error("check: cannot write --markdown '%s'",
				      path);
	fprintf(f, "| case | variant |");
	for (size_t t = 0; t < rl_ntools; t++)
		fprintf(f, " %s |", rl_tools[t].name);
	fprintf(f, "\n|---|---|");
	for (size_t t = 0; t < rl_ntools; t++)
		fprintf(f, "---|");
	fprintf(f, "\n");
	for (size_t ci = 0; ci < cat->ncases; ci++) {
		const struct rl_case *c = &cat->cases[ci];

		for (int v = 0; v < c->nvariants; v++) {
			char *prefix =
			    rl_xasprintf("%s/%s/", c->id, c->variants[v]);
			bool any = false;

			for (size_t i = 0; i < n && !any; i++)
				any = strncmp(rows[i].name, prefix,
					      strlen(prefix)) == 0;
			if (any) {
				fprintf(f, "| %s | %s |", c->id,
					c->variants[v]);
				for (size_t t = 0; t < rl_ntools; t++) {
					char *name = rl_xasprintf(
					    "%s%s", prefix, rl_tools[t].name);
					const char *cell = "";

					for (size_t i = 0; i < n; i++)
						if (strcmp(rows[i].name,
							   name) == 0)
							cell = rows[i].cell;
					fprintf(f, " %s |", cell);
					free(name);
				}
				fprintf(f, "\n");
			}
			free(prefix);
		}
	}
	return fclose(f) == 0
		   ? 0
		   : rl_usage_error("check: writing '%s' failed", path);
}

static bool selected(const struct rl_cli *o, const char *id)
{
	if (o->nargs == 0)
		return true;
	for (int i = 0; i < o->nargs; i++)
		if (strcmp(o->args[i], id) == 0)
			return true;
	return false;
}

/* The row as people read it (the same text with or without --jobs). */
static char *row_text(const struct rl_case_run *r)
{
	char *exp = rl_expect_describe(r->expect);
	struct rl_buf b = {0};

	rl_buf_printf(&b, "%-9s %-5s %-9s %-58.58s %s %6.1fs\n", r->c->id,
		      r->variant, r->tool->name, exp,
		      rl_result_colored(r->result), r->obs.seconds);
	if (r->why != NULL)
		rl_buf_printf(&b, "%25s %s%s%s\n", "",
			      r->result == RL_FAIL ? rl_c_red() : rl_c_yellow(),
			      r->why, rl_c_off());
	free(exp);
	return rl_buf_take(&b);
}

/* One cell of the matrix, run in a child process (so --jobs N can run N at
 * once) and reported back through a pipe as: result US error US seconds US
 * why US cell US row-text US json, where US is the ASCII unit separator. */
struct job {
	const struct rl_case *c;
	const char *variant;
	const struct rl_tool *tool;
	pid_t pid;
	int fd;
	struct rl_buf out;
	bool done;
	struct row row;
	char *text, *json;
};

#define US "\x1f"

static void job_child(struct job *j, const struct rl_overrides *ov, int fd)
{
	struct rl_case_run r;
	struct rl_buf b = {0};
	char *text, *json, *cell;

	rl_case_run(j->c, j->variant, j->tool, ov, &r);
	text = row_text(&r);
	json = rl_case_run_json(&r);
	cell = rl_case_run_cell(&r);
	rl_buf_printf(&b,
		      "%d" US "%d" US "%.3f" US "%s" US "%s" US "%s" US "%s",
		      r.result, r.obs.error, r.obs.seconds, r.why ? r.why : "",
		      cell, text, json);
	for (size_t off = 0; off < b.len;) {
		ssize_t w = write(fd, b.s + off, b.len - off);

		if (w <= 0)
			_exit(RL_EXIT_INTERNAL);
		off += (size_t)w;
	}
	_exit(0);
}

#define NFIELDS 7

static void job_parse(struct job *j)
{
	char *f[NFIELDS] = {0}, *p = j->out.s ? j->out.s : (char *)"";

	for (int i = 0; i < NFIELDS && p != NULL; i++) {
		f[i] = p;
		p = i < NFIELDS - 1 ? strchr(p, '\x1f') : NULL;
		if (p != NULL)
			*p++ = '\0';
	}
	j->row.name =
	    rl_xasprintf("%s/%s/%s", j->c->id, j->variant, j->tool->name);
	if (f[NFIELDS - 1] == NULL) { /* the child died before reporting */
		j->row.result = RL_FAIL;
		j->row.error = true;
		j->row.why = rl_xstrdup("racelab's worker for this run died");
		j->row.cell = rl_xstrdup("**FAIL**: worker died");
		j->text = rl_xasprintf("%-9s %-5s %-9s %s\n", j->c->id,
				       j->variant, j->tool->name, j->row.why);
		j->json = rl_xstrdup("{}");
		return;
	}
	j->row.result = (enum rl_result)atoi(f[0]);
	j->row.error = atoi(f[1]) != 0;
	j->row.seconds = atof(f[2]);
	j->row.why = *f[3] ? rl_xstrdup(f[3]) : NULL;
	j->row.cell = rl_xstrdup(f[4]);
	j->text = rl_xstrdup(f[5]);
	j->json = rl_xstrdup(f[6]);
}

static void job_start(struct job *j, const struct rl_overrides *ov)
{
	int fds[2];
	pid_t parent = getpid();

	fflush(NULL);
	if (pipe(fds) != 0 || (j->pid = fork()) < 0) {
		perror("racelab: check");
		exit(RL_EXIT_INTERNAL);
	}
	if (j->pid == 0) {
		/* racelab killed outright takes its workers along */
		prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
		if (getppid() != parent)
			_exit(RL_EXIT_INTERNAL);
		close(fds[0]);
		job_child(j, ov, fds[1]);
	}
	close(fds[1]);
	j->fd = fds[0];
}

/* Read whatever any running job has written; reap those that finished. */
static void jobs_poll(struct job *jobs, size_t n)
{
	struct pollfd pf[64];
	size_t idx[64], k = 0;
	char chunk[65536];

	for (size_t i = 0; i < n && k < 64; i++) {
		if (jobs[i].pid > 0 && !jobs[i].done) {
			pf[k] =
			    (struct pollfd){.fd = jobs[i].fd, .events = POLLIN};
			idx[k++] = i;
		}
	}
	if (k == 0 || poll(pf, k, -1) <= 0)
		return; /* EINTR: the caller looks at rl_interrupted() */
	for (size_t m = 0; m < k; m++) {
		struct job *j = &jobs[idx[m]];
		ssize_t got;

		if (!(pf[m].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		got = read(j->fd, chunk, sizeof(chunk));
		if (got > 0) {
			rl_buf_add(&j->out, chunk, (size_t)got);
			continue;
		}
		close(j->fd);
		waitpid(j->pid, NULL, 0);
		job_parse(j);
		j->done = true;
	}
}

static size_t plan(const struct rl_catalogue *cat, const struct rl_cli *o,
		   const struct rl_tool *only, struct job **out)
{
	struct job *jobs = NULL;
	size_t n = 0;

	for (size_t ci = 0; ci < cat->ncases; ci++) {
		const struct rl_case *c = &cat->cases[ci];

		if (!selected(o, c->id))
			continue;
		for (int v = 0; v < c->nvariants; v++) {
			if (o->variant && strcmp(o->variant, c->variants[v]))
				continue;
			for (size_t t = 0; t < rl_ntools; t++) {
				if ((only != NULL && only != &rl_tools[t]) ||
				    (rl_tools[t].declared_only &&
				     rl_case_expect(c, c->variants[v],
						    rl_tools[t].name) == NULL))
					continue;
				jobs =
				    rl_xrealloc(jobs, (n + 1) * sizeof(*jobs));
				jobs[n++] =
				    (struct job){.c = c,
						 .variant = c->variants[v],
						 .tool = &rl_tools[t]};
			}
		}
	}
	*out = jobs;
	return n;
}

/*
 * Can path be written? Checked before anything runs, so that a typo costs
 * a second, not the whole matrix. A file created by the probe is removed
 * again (it is written at the end). 0, or the usage exit after one line.
 */
static int writable(const char *opt, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd >= 0) {
		close(fd);
		unlink(path);
		return 0;
	}
	if (errno == EEXIST &&
	    (fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) >= 0) {
		close(fd);
		return 0;
	}
	return rl_usage_error("check: cannot write --%s '%s': %s (choose a "
			      "writable path)",
			      opt, path, strerror(errno));
}

/* Before anything runs: the outputs can be written, runs can run. */
static int preflight(const struct rl_cli *o)
{
	int rc;
	char *why;

	if (o->junit && (rc = writable("junit", o->junit)) != 0)
		return rc;
	if (o->markdown && (rc = writable("markdown", o->markdown)) != 0)
		return rc;
	if ((why = rl_tmpdir_problem()) != NULL) {
		fprintf(stderr, "racelab: check: %s\n", why);
		free(why);
		return RL_EXIT_INTERNAL;
	}
	return 0;
}

/*
 * racelab was interrupted: end the progress line, ask every running worker
 * to stop (each kills its run's process group and removes its files), give
 * them a few seconds, then die of the signal (rl_interrupt_exit kills any
 * worker still there).
 */
static void stop_workers(struct job *jobs, size_t started, bool tty)
{
	struct timespec pause = {0, 20 * 1000 * 1000};

	if (tty)
		printf("%-78s\r", "");
	printf("\ninterrupted: stopping the runs\n");
	fflush(stdout);
	for (size_t i = 0; i < started; i++)
		if (!jobs[i].done)
			kill(jobs[i].pid, SIGTERM);
	for (int t = 0; t < 250; t++) {
		bool any = false;

		for (size_t i = 0; i < started; i++) {
			if (jobs[i].done || jobs[i].pid <= 0)
				continue;
			if (waitpid(jobs[i].pid, NULL, WNOHANG) == 0)
				any = true;
			else
				jobs[i].done = true;
		}
		if (!any)
			break;
		nanosleep(&pause, NULL);
	}
	rl_interrupt_exit();
}

/* What the rows came to: counts[] by result, and runs that could not run. */
struct tally {
	size_t counts[3];
	size_t errors;
};

/* The options checked and the catalogue loaded, before anything runs; 0 or
 * the exit code (the catalogue is then not loaded). */
static int check_setup(struct rl_cli *o, const struct rl_tool **only,
		       struct rl_catalogue *cat)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int rc;

	if (o->tool != NULL && (*only = rl_cli_tool(o->tool)) == NULL)
		return RL_EXIT_USAGE;
	if ((rc = preflight(o)) != 0)
		return rc;
	if ((rc = rl_cli_catalogue(cat)) != 0)
		return rc;
	for (int i = 0; i < o->nargs; i++) {
		if (rl_cli_case(cat, o->args[i]) == NULL) {
			rl_catalogue_free(cat);
			return RL_EXIT_USAGE;
		}
	}
	if (o->jobs == 0)
		o->jobs = ncpu > 0 ? (ncpu > 64 ? 64 : ncpu) : 1;
	return 0;
}

/* Print the finished jobs from *printed on, in plan order, keeping their
 * rows. */
static void print_done(struct job *jobs, size_t n, size_t *printed,
		       struct row *rows, struct tally *t, bool json, bool tty)
{
	for (; *printed < n && jobs[*printed].done; (*printed)++) {
		struct job *j = &jobs[*printed];

		if (tty && !json)
			printf("%-78s\r", "");
		fputs(json ? j->json : j->text, stdout);
		if (json)
			fputc('\n', stdout);
		rows[*printed] = j->row;
		t->counts[j->row.result]++;
		t->errors += j->row.error;
		free(j->text);
		free(j->json);
		free(j->out.s);
	}
	fflush(stdout);
}

/* Run the n jobs, o->jobs at a time, printing each row as soon as it and
 * all before it are done. */
static void run_jobs(struct job *jobs, size_t n, const struct rl_cli *o,
		     const struct rl_overrides *ov, struct row *rows,
		     struct tally *t)
{
	bool tty = isatty(STDOUT_FILENO);
	size_t started = 0, printed = 0, running = 0;

	while (printed < n) {
		while (started < n && running < (size_t)o->jobs) {
			job_start(&jobs[started++], ov);
			running++;
		}
		if (tty && !o->json) {
			printf("  [%zu/%zu] running %s/%s under %s ...\r",
			       printed + 1, n, jobs[printed].c->id,
			       jobs[printed].variant, jobs[printed].tool->name);
			fflush(stdout);
		}
		jobs_poll(jobs, started);
		if (rl_interrupted())
			stop_workers(jobs, started, tty && !o->json);
		running = 0;
		for (size_t i = 0; i < started; i++)
			running += !jobs[i].done;
		print_done(jobs, n, &printed, rows, t, o->json, tty);
	}
}

static void print_summary(size_t n, const struct tally *t)
{
	printf("\n%zu checked: %s%zu passed%s, %s%zu failed%s, "
	       "%s%zu skipped%s (a skip is not a pass)\n",
	       n, rl_c_green(), t->counts[RL_PASS], rl_c_off(),
	       t->counts[RL_FAIL] ? rl_c_red() : "", t->counts[RL_FAIL],
	       rl_c_off(), t->counts[RL_SKIP] ? rl_c_yellow() : "",
	       t->counts[RL_SKIP], rl_c_off());
}

/* The --junit and --markdown files; 0 or the exit code. */
static int write_reports(const struct rl_cli *o, const struct row *rows,
			 size_t n, const struct rl_catalogue *cat)
{
	int rc = o->junit ? write_junit(o->junit, rows, n) : 0;

	if (rc == 0 && o->markdown)
		rc = write_markdown(o->markdown, rows, n, cat);
	return rc;
}

static void rows_free(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].why);
		free(rows[i].cell);
	}
	free(rows);
}

/* The exit code the rows call for (docs/exit-codes.md). */
static int check_exit(const struct tally *t)
{
	if (t->errors > 0) {
		fprintf(stderr,
			"racelab: check: %zu run%s could not run (see their "
			"rows): no verdict there\n",
			t->errors, t->errors == 1 ? "" : "s");
		return RL_EXIT_INTERNAL;
	}
	if (t->counts[RL_FAIL])
		return RL_EXIT_FAIL;
	/* Something was not checked: say so in the exit code too. */
	return t->counts[RL_SKIP] ? RL_EXIT_SKIP : RL_EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
	struct rl_catalogue cat;
	struct rl_cli o;
	struct rl_overrides ov;
	const struct rl_tool *only = NULL;
	struct tally t = {{0}, 0};
	struct row *rows;
	struct job *jobs;
	size_t n;
	int rc =
	    rl_cli_parse("check", argc, argv,
			 "tool variant json junit markdown timeout jobs", &o);

	if (rc != 0)
		return rc;
	if (o.help) {
		usage();
		return RL_EXIT_OK;
	}
	if ((rc = check_setup(&o, &only, &cat)) != 0)
		return rc;
	rl_cli_overrides(&o, &ov);
	rl_reap_init();
	n = plan(&cat, &o, only, &jobs);
	rows = rl_xcalloc(n, sizeof(*rows));
	if (!o.json)
		printf("%s%-9s %-5s %-9s %-58s %s %7s%s\n", rl_c_bold(), "case",
		       "var", "tool", "expected", "result", "time", rl_c_off());
	run_jobs(jobs, n, &o, &ov, rows, &t);
	free(jobs);
	if (!o.json)
		print_summary(n, &t);
	rc = write_reports(&o, rows, n, &cat);
	rows_free(rows, n);
	rl_catalogue_free(&cat);
	return rc != 0 ? rc : check_exit(&t);
}
