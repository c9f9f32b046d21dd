/*
 * main.c - build/bench/racelab-bench, the program behind `racelab bench`
 * and `make bench`: parses the command line, lays out the rows (bench x
 * thread count x CPU regime x implementation), runs the interleaved rounds
 * (run.c) and reports them (report.c, plot.c).
 *
 * Exit codes (docs/exit-codes.md): 0 every row measured or skipped, 1 a row
 * broke its invariant or failed, 2 usage error, 70 internal error.
 */
#include "runner.h"
#include "util.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct args {
	long rounds, threads;
	double seconds;
	bool json, list, check;
	const char *outdir;
	bool chosen[64];       /* per bench_table entry; none set: all */
	const char *impls[16]; /* --impl names; none: every implementation */
	int nimpls;
};

static void usage(FILE *f)
{
	fprintf(
	    f, "usage: racelab bench [BENCH...] [--rounds N] [--threads N] "
	       "[--seconds S]\n                     [--impl NAME]... "
	       "[--json] [--out DIR] [--list]\n"
	       "Measures the seed's patterns and the good/ structures beside "
	       "the libraries\npeople use, in interleaved rounds (A B C A B C "
	       "...), and writes a table,\nDIR/results.json and gnuplot SVG "
	       "plots (DIR: build/bench).\n"
	       "  --rounds N   rounds (default 5)\n"
	       "  --threads N  the scaling benches run at 1..N threads "
	       "(default 4)\n"
	       "  --seconds S  length of one measurement (default 0.25)\n"
	       "  --impl NAME  only this implementation (repeatable; the first "
	       "kept is\n               the ratio reference), e.g. to "
	       "profile one alone\n"
	       "  --json       print results.json on stdout instead of the "
	       "table\n"
	       "  --list       the benches and their implementations\n"
	       "  --check      the queue adapters under the FIFO ledger "
	       "(make test)\n"
	       "racelab bench sched [--rounds N] [--runs N] [--bases N] "
	       "[--cap N] [--jobs N]\n"
	       "  [--only speed|search] [--memory sc|c11] [--json]: the sched "
	       "runtime's speed "
	       "and its schedules\n  to the first failure, run on its own "
	       "(racelab bench sched --help).\n");
}

static int usage_error(const char *msg, const char *what, const char *fix)
{
	fprintf(stderr, "racelab bench: %s '%s' (%s)\n", msg, what, fix);
	return 2;
}

static int choose(struct args *a, const char *name)
{
	for (size_t t = 0; t < bench_ntable; t++)
		if (strcmp(bench_table[t]->name, name) == 0) {
			a->chosen[t] = true;
			return 0;
		}
	return usage_error("unknown bench", name,
			   "racelab bench --list names them");
}

/* --impl NAME: some bench must have an implementation of that name. */
static int add_impl(struct args *a, const char *name)
{
	if (a->nimpls == (int)(sizeof(a->impls) / sizeof(a->impls[0])))
		return usage_error("too many --impl, at", name,
				   "name at most 16");
	for (size_t t = 0; t < bench_ntable; t++)
		for (size_t k = 0; k < bench_table[t]->nimpls; k++)
			if (strcmp(bench_table[t]->impls[k].name, name) == 0) {
				a->impls[a->nimpls++] = name;
				return 0;
			}
	return usage_error("unknown implementation", name,
			   "racelab bench --list names them");
}

/* Is impl kept by the --impl names (all are when none was given)? */
static bool impl_kept(const struct args *a, const struct bench_impl *impl)
{
	for (int i = 0; i < a->nimpls; i++)
		if (strcmp(a->impls[i], impl->name) == 0)
			return true;
	return a->nimpls == 0;
}

/* 0, 1 for --help/--list handled, or an exit code */
static int parse(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
	    {"rounds", required_argument, 0, 'r'},
	    {"threads", required_argument, 0, 't'},
	    {"seconds", required_argument, 0, 's'},
	    {"json", no_argument, 0, 'j'},
	    {"out", required_argument, 0, 'o'},
	    {"list", no_argument, 0, 'l'},
	    {"check", no_argument, 0, 'c'},
	    {"impl", required_argument, 0, 'i'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r' && !rl_parse_long(optarg, 1, 255, &a->rounds))
			return usage_error(
			    "--rounds wants a number 1..255, not", optarg,
			    "see racelab bench --help");
		if (c == 't' && !rl_parse_long(optarg, 1, 64, &a->threads))
			return usage_error(
			    "--threads wants a number 1..64, not", optarg,
			    "see racelab bench --help");
		if (c == 's' && !rl_parse_double(optarg, 0.01, 60, &a->seconds))
			return usage_error("--seconds wants 0.01..60, not",
					   optarg, "see racelab bench --help");
		if (c == 'j')
			a->json = true;
		if (c == 'o')
			a->outdir = optarg;
		if (c == 'l')
			a->list = true;
		if (c == 'c')
			a->check = true;
		if (c == 'i' && (c = add_impl(a, optarg)) != 0)
			return c;
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (c == '?')
			return 2;
	}
	for (int i = optind; i < argc; i++)
		if ((c = choose(a, argv[i])) != 0)
			return c;
	return 0;
}

static void list(void)
{
	printf("%-19s %s\n", "sched",
	       "the sched runtime's schedules/s (racelab bench sched)");
	for (size_t t = 0; t < bench_ntable; t++) {
		const struct bench *b = bench_table[t];

		printf("%-19s %s (%s)\n", b->name, b->about, b->unit);
		for (size_t k = 0; k < b->nimpls; k++)
			printf("  %-18s %s\n", b->impls[k].name,
			       b->impls[k].available ? "" : "(peer not built)");
	}
}

static void add_group(struct plan *p, const struct args *a,
		      const struct bench *b, int threads, int cpus)
{
	int first = p->nrows, group = first ? p->rows[first - 1].group + 1 : 0;

	for (size_t k = 0; k < b->nimpls; k++) {
		if (!impl_kept(a, &b->impls[k]))
			continue;
		struct row *r = &p->rows[p->nrows++];

		*r = (struct row){.bench = b,
				  .impl = &b->impls[k],
				  .threads = threads,
				  .cpus = cpus,
				  .group = group};
		r->ref = &p->rows[first];
		r->values = rl_xcalloc((size_t)p->rounds, sizeof(double));
		if (!r->impl->available) {
			r->state = ROW_SKIP;
			snprintf(r->why, sizeof(r->why),
				 "built without %s (make deps installs it, "
				 "then make bench)",
				 r->impl->peer);
		}
	}
}

static void lay_out(struct plan *p, const struct args *a)
{
	bool any = false;
	size_t cap = 0;

	for (size_t t = 0; t < bench_ntable; t++)
		any |= a->chosen[t];
	for (size_t t = 0; t < bench_ntable; t++)
		cap += bench_table[t]->nimpls * 2 * (size_t)a->threads;
	p->rows = rl_xcalloc(cap, sizeof(*p->rows));
	for (size_t t = 0; t < bench_ntable; t++) {
		const struct bench *b = bench_table[t];

		if (any && !a->chosen[t])
			continue;
		for (int n = b->scales ? 1 : b->threads;
		     n <= (b->scales ? a->threads : b->threads); n++)
			add_group(p, a, b, n, 0);
		if (b->regimes)
			add_group(p, a, b, b->threads, 1);
	}
}

/* build/bench: the directory this program lives in */
static char *default_outdir(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return rl_xstrdup(".");
	exe[n] = '\0';
	return rl_xstrdup(dirname(exe));
}

static int write_json(const struct plan *p, bool to_stdout)
{
	char *json = bench_json(p), *path;
	FILE *f;

	path = rl_xasprintf("%s/results.json", p->outdir);
	f = fopen(path, "w");
	if (f == NULL || fputs(json, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "racelab bench: cannot write %s\n", path);
		return 70;
	}
	if (to_stdout)
		fputs(json, stdout);
	else
		printf("results: %s\n", path);
	free(path);
	free(json);
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = {.rounds = 5, .threads = 4, .seconds = 0.25};
	struct plan p = {0};
	int rc = parse(argc, argv, &a), bad = 0;

	if (rc != 0)
		return rc == 1 ? 0 : rc;
	if (a.check)
		return bench_check();
	if (a.list) {
		list();
		return 0;
	}
	p.rounds = (int)a.rounds;
	p.seconds = a.seconds;
	p.outdir = a.outdir ? a.outdir : default_outdir();
	mkdir(p.outdir, 0777);
	lay_out(&p, &a);
	if (p.nrows == 0)
		return usage_error("no chosen bench has the implementation",
				   a.impls[0], "racelab bench --list");
	getloadavg(p.load_before, 3);
	bench_rounds(&p, 0);
	getloadavg(p.load_after, 3);
	bench_stats(&p);
	if (!a.json)
		bench_table_print(&p);
	if ((rc = write_json(&p, a.json)) != 0)
		return rc;
	bench_plots(&p, a.json ? stderr : stdout);
	for (int i = 0; i < p.nrows; i++)
		bad += p.rows[i].state == ROW_BROKEN ||
		       p.rows[i].state == ROW_FAILED;
	return bad ? 1 : 0;
}
