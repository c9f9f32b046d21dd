/*
 * cmd_bench_sched.c - `racelab bench sched`: how fast the deterministic
 * scheduler runs schedules, against the fork floor, and how soon it finds
 * each bad case's bug.
 *
 * Room: harness/cli, owned with the sched runtime (harness/sched). Not part
 * of `make test` (tests/check_bench_sched.c runs a smoke round).
 *
 *  - speed: each case's good/ variant explored for --runs schedules with
 *    its expect file's sched arguments (the fork server, --jobs as given,
 *    default one per CPU), beside build/sched/fork-floor, a native program
 *    that forks a child per iteration whose 2 threads run 2 increments of
 *    good/counter.c each. Rounds interleave the rows (floor, A, B, ...,
 *    floor, A, B, ...); each row: schedules/s, median (min-max) over the
 *    rounds, and its ratio to the floor measured in the same round.
 *  - search: each bad case (memorder aside: sequential consistency cannot
 *    show its bug) explored from --bases seed bases 1, 100001, 200001, ...
 *    up to --cap schedules each, per strategy (the portfolio, random walk,
 *    POS, PCT d=3), under --memory c11 (the default, as everywhere) or sc:
 *    schedules to the first failure, median and worst, and how many bases
 *    found it within the cap.
 *
 * Timing is wall-clock and depends on the machine's load: the load average
 * is printed before and after; compare ratios, never absolute numbers.
 */
#include "commands.h"
#include "explore.h"
#include "opts.h"
#include "out.h"
#include "paths.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BS_MAX_ROUNDS 50
#define BS_MAX_ROWS   16
#define BS_MAX_BASES  100

struct bs_opts {
	long rounds, runs, bases, cap, jobs;
	bool speed, search, json;
	bool c11; /* --memory c11: the search under the weak-memory model */
};

/* One row of the speed table: a case's good variant, or the floor. */
struct bs_row {
	const char *name; /* case id, or "fork-floor" */
	char *bin;
	char *const *args;
	double v[BS_MAX_ROUNDS];   /* schedules (or forks) per second */
	double cpu[BS_MAX_ROUNDS]; /* CPU seconds (user + system) per one */
	bool broken;		   /* a run failed or did not finish */
};

static double bs_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the ended children so far (a sched binary's own children,
 * the fork server's schedules, are in its figure once it is reaped). */
static double bs_child_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int bs_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* median, min and max of v[0..n) (n > 0) */
static void bs_stats(const double *v, long n, double *med, double *lo,
		     double *hi)
{
	double s[BS_MAX_BASES > BS_MAX_ROUNDS ? BS_MAX_BASES : BS_MAX_ROUNDS];

	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), bs_cmp);
	*med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	*lo = s[0];
	*hi = s[n - 1];
}

static void bs_load(const char *when)
{
	char buf[128] = "?";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f != NULL) {
		if (fgets(buf, sizeof(buf), f) == NULL)
			strcpy(buf, "?\n");
		fclose(f);
	}
	printf("load average %s: %s", when, buf);
	if (strchr(buf, '\n') == NULL)
		putchar('\n');
}

/* The floor: N forks, timed from outside like a sched binary is. */
static double bs_floor(const char *bin, long n)
{
	char arg[32];
	double t0 = bs_now();
	pid_t pid;
	int st;

	snprintf(arg, sizeof(arg), "%ld", n);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execl(bin, bin, arg, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return -1;
	return (double)n / (bs_now() - t0);
}

static double bs_explore(const struct bs_row *row, const struct bs_opts *o);

/* One speed measurement of round k of a row: schedules (or forks) per
 * second, and the CPU time each took. */
static void bs_measure(struct bs_row *row, long k, const struct bs_opts *o)
{
	double c0 = bs_child_cpu();

	if (strcmp(row->name, "fork-floor") == 0)
		row->v[k] = bs_floor(row->bin, o->runs);
	else
		row->v[k] = bs_explore(row, o);
	row->cpu[k] = (bs_child_cpu() - c0) / (double)o->runs;
	if (row->v[k] <= 0)
		row->broken = true;
}

/* Schedules per second exploring a row's good variant (-1: a schedule
 * failed or did not finish). */
static double bs_explore(const struct bs_row *row, const struct bs_opts *o)
{
	struct rl_explore_opts x = {0};
	struct rl_explore_result r;
	double t0, v = -1;

	x.binary = row->bin;
	x.argv = row->args;
	x.runs = o->runs;
	x.seed = 1;
	x.jobs = o->jobs;
	x.timeout = 600;
	t0 = bs_now();
	if (rl_explore(&x, &r) != 0)
		return -1;
	if (r.kind == NULL && r.schedules == o->runs && !r.budget_stopped)
		v = (double)r.schedules / (bs_now() - t0);
	rl_explore_result_free(&r);
	return v;
}

/* The floor, then every case with a good variant built for sched. */
static int bs_rows(const struct rl_catalogue *cat, struct bs_row *rows)
{
	int n = 0;

	rows[n++] = (struct bs_row){
	    .name = "fork-floor",
	    .bin = rl_path_join(rl_libdir(), "sched/fork-floor")};
	for (size_t i = 0; i < cat->ncases && n < BS_MAX_ROWS; i++) {
		const struct rl_case *c = &cat->cases[i];
		char *bin;

		if (!rl_case_has_variant(c, "good"))
			continue;
		bin = rl_case_binary(rl_tool_scheduler()->build, c->id, "good");
		if (access(bin, X_OK) != 0) {
			free(bin);
			continue;
		}
		rows[n++] = (struct bs_row){
		    .name = c->id,
		    .bin = bin,
		    .args = rl_case_args(c, rl_tool_scheduler()->name)};
	}
	return n;
}

static void bs_json_row(struct rl_buf *j, const char *bench, const char *impl,
			const char *unit, bool higher, const double *v, long n)
{
	double med, lo, hi;

	bs_stats(v, n, &med, &lo, &hi);
	rl_buf_printf(j,
		      "%s{\"bench\":\"%s\",\"impl\":\"%s\",\"threads\":2,"
		      "\"unit\":\"%s\",\"higher_is_better\":%s,\"median\":%.4g,"
		      "\"min\":%.4g,\"max\":%.4g,\"rounds\":%ld}",
		      j->len > 0 ? ",\n" : "", bench, impl, unit,
		      higher ? "true" : "false", med, lo, hi, n);
}

/* The speed table: per row, schedules/s and the same-round ratio. */
static void bs_speed_print(const struct bs_row *rows, int n,
			   const struct bs_opts *o, struct rl_buf *j)
{
	double ratio[BS_MAX_ROUNDS], cpu[BS_MAX_ROUNDS], med, lo, hi;

	if (!o->json)
		printf("\n%-10s %-20s %20s %17s %17s\n", "case (good)", "args",
		       "schedules/s", "x floor", "CPU x floor");
	for (int r = 0; r < n; r++) {
		char args[64] = "";

		for (size_t a = 0; rows[r].args && rows[r].args[a]; a++)
			snprintf(args + strlen(args),
				 sizeof(args) - strlen(args), "%s%s",
				 a ? " " : "", rows[r].args[a]);
		if (rows[r].broken) {
			fprintf(o->json ? stderr : stdout, "%-10s %-20s %s\n",
				rows[r].name, args,
				"BROKEN: a schedule failed or did not finish");
			continue;
		}
		for (long k = 0; k < o->rounds; k++) {
			ratio[k] = rows[r].v[k] / rows[0].v[k];
			cpu[k] = rows[0].cpu[k] / rows[r].cpu[k];
		}
		if (o->json) {
			bs_json_row(j, "sched-speed", rows[r].name,
				    r ? "schedules/s" : "forks/s", true,
				    rows[r].v, o->rounds);
			bs_json_row(j, "sched-speed-ratio", rows[r].name,
				    "x floor", true, ratio, o->rounds);
			bs_json_row(j, "sched-cpu-ratio", rows[r].name,
				    "x floor", true, cpu, o->rounds);
			continue;
		}
		bs_stats(rows[r].v, o->rounds, &med, &lo, &hi);
		printf("%-10s %-20s %6.0f (%5.0f-%5.0f)", rows[r].name, args,
		       med, lo, hi);
		bs_stats(ratio, o->rounds, &med, &lo, &hi);
		printf(" %5.2f (%4.2f-%4.2f)", med, lo, hi);
		bs_stats(cpu, o->rounds, &med, &lo, &hi);
		printf(" %5.2f (%4.2f-%4.2f)\n", med, lo, hi);
	}
}

static int bs_speed(const struct rl_catalogue *cat, const struct bs_opts *o,
		    struct rl_buf *j)
{
	struct bs_row rows[BS_MAX_ROWS];
	int n = bs_rows(cat, rows), rc = RL_EXIT_OK;

	if (!o->json && o->jobs > 0)
		printf("speed: %ld schedules per measurement (seed 1 on), "
		       "%ld rounds, jobs %ld\n",
		       o->runs, o->rounds, o->jobs);
	else if (!o->json)
		printf("speed: %ld schedules per measurement (seed 1 on), "
		       "%ld rounds, jobs: one per CPU\n",
		       o->runs, o->rounds);
	for (long k = 0; k < o->rounds; k++)
		for (int r = 0; r < n; r++)
			if (!rows[r].broken)
				bs_measure(&rows[r], k, o);
	if (rows[0].broken) {
		fprintf(stderr,
			"racelab: bench sched: %s did not run (run make)\n",
			rows[0].bin);
		return RL_EXIT_INTERNAL;
	}
	bs_speed_print(rows, n, o, j);
	for (int r = 0; r < n; r++) {
		rc = rows[r].broken ? RL_EXIT_FAIL : rc;
		free(rows[r].bin);
	}
	return rc;
}

/* Schedules to the first failure of case c from each seed base: v[i], or
 * 0 when base i found nothing within the cap. Returns how many found it;
 * -1 when a run could not be judged. */
static int bs_find(const struct rl_case *c, const char *strategy,
		   const struct bs_opts *o, double *v)
{
	char *bin = rl_case_binary(rl_tool_scheduler()->build, c->id, "bad");
	int found = 0;

	for (long i = 0; i < o->bases && found >= 0; i++) {
		struct rl_explore_opts x = {0};
		struct rl_explore_result r;

		x.binary = bin;
		x.argv = rl_case_args(c, rl_tool_scheduler()->name);
		x.runs = o->cap;
		x.seed = 1 + 100000ULL * (unsigned long long)i;
		x.strategy = strategy;
		x.sc = !o->c11;
		x.jobs = o->jobs;
		x.timeout = 600;
		x.no_shrink = true; /* only the count matters here */
		if (rl_explore(&x, &r) != 0 || r.unjudged) {
			found = -1;
		} else {
			v[i] = r.kind != NULL ? (double)r.schedules : 0;
			found += r.kind != NULL;
		}
		rl_explore_result_free(&r);
	}
	free(bin);
	return found;
}

/* A count of schedules, or ">cap" past the cap (not found). */
static void bs_count(char *buf, size_t len, double v, long cap)
{
	if (v > (double)cap)
		snprintf(buf, len, ">%ld", cap);
	else
		snprintf(buf, len, "%.4g", v);
}

/* "found/bases median worst" of one strategy; a base that found nothing
 * counts as worse than the cap. */
static void bs_find_cell(const double *v, int found, const struct bs_opts *o,
			 const char *strategy, const char *id, struct rl_buf *j)
{
	double w[BS_MAX_BASES], med, lo, hi;
	char median[24], worst[24], bench[32];

	if (found < 0) {
		if (!o->json)
			printf("  %-24s", "could not judge");
		return;
	}
	for (long i = 0; i < o->bases; i++)
		w[i] = v[i] > 0 ? v[i] : (double)o->cap + 1;
	if (o->json) {
		/* the default memory model (c11) unnamed, as in a replay */
		snprintf(bench, sizeof(bench), "sched-find-%s%s", strategy,
			 o->c11 ? "" : "-sc");
		bs_json_row(j, bench, id, "schedules", false, w, o->bases);
		return;
	}
	bs_stats(w, o->bases, &med, &lo, &hi);
	bs_count(median, sizeof(median), med, o->cap);
	bs_count(worst, sizeof(worst), hi, o->cap);
	printf("  %5d/%-3ld %6s %8s", found, o->bases, median, worst);
}

static int bs_search(const struct rl_catalogue *cat, const struct bs_opts *o,
		     struct rl_buf *j)
{
	static const char *const strategies[] = {"portfolio", "random", "pos",
						 "pct"};
	static const char *const titles[] = {"portfolio", "random", "pos",
					     "pct d=3"};
	const size_t ns = sizeof(strategies) / sizeof(strategies[0]);
	double v[BS_MAX_BASES];
	int rc = RL_EXIT_OK;

	if (!o->json)
		printf("\nsearch (memory %s): schedules to the first failure "
		       "from %ld seed bases (1, 100001, ...), at most %ld "
		       "each\n%-12s",
		       o->c11 ? "c11" : "sc", o->bases, o->cap, "case (bad)");
	for (size_t s = 0; s < ns && !o->json; s++)
		printf("  %-9s %6s %8s", titles[s], "median", "worst");
	for (size_t i = 0; i < cat->ncases; i++) {
		const struct rl_case *c = &cat->cases[i];

		/* memorder: sequential consistency cannot show its bug */
		if (!rl_case_has_variant(c, "bad") ||
		    strcmp(c->id, "memorder") == 0)
			continue;
		if (!o->json)
			printf("\n%-12s", c->id);
		for (size_t s = 0; s < ns; s++) {
			int found = bs_find(c, strategies[s], o, v);

			fflush(stdout);
			rc = found < 0 ? RL_EXIT_FAIL : rc;
			bs_find_cell(v, found, o, strategies[s], c->id, j);
		}
	}
	if (!o->json)
		putchar('\n');
	return rc;
}

static void bs_usage(FILE *f)
{
	fprintf(f,
		"usage: racelab bench sched [--rounds N] [--runs N] "
		"[--bases N] [--cap N]\n"
		"                           [--jobs N] [--only speed|search] "
		"[--memory sc|c11] [--json]\n\n"
		"How fast the sched runtime runs schedules of each case's good "
		"variant,\nbeside the fork floor (a native program forking a "
		"child per iteration whose\n2 threads x 2 increments run "
		"good/counter.c), in interleaved rounds, with\nthe ratio to "
		"the floor measured in the same round; and how many "
		"schedules\nthe default (portfolio), the random walk, POS and "
		"PCT (d=3) need to find\neach bad case's bug from seed bases "
		"1, 100001, ... Timings depend on the\nload (printed).\n"
		"  --rounds N  speed rounds (default 5)\n"
		"  --runs N    schedules (or forks) per measurement (default "
		"300)\n"
		"  --bases N   seed bases per case and strategy (default 20)\n"
		"  --cap N     schedules tried per base at most (default "
		"1000)\n"
		"  --jobs N    schedules at once (default: one per CPU)\n"
		"  --only speed|search  only one of the two tables\n"
		"  --memory sc|c11  the memory model of the search (default "
		"c11)\n"
		"  --json      the rows as JSON (SPEC section 8's row shape)\n"
		"Exit: 0 measured, 1 a run failed or could not be judged, 2 "
		"usage, 70 internal error.\n");
}

static int bs_number(const char *opt, const char *arg, long lo, long hi,
		     long *out)
{
	if (!rl_parse_long(arg, lo, hi, out))
		return rl_usage_error("bench sched: --%s '%s' is not a number "
				      "%ld..%ld",
				      opt, arg, lo, hi);
	return 0;
}

static int bs_option(int c, const char *arg, struct bs_opts *o)
{
	switch (c) {
	case 'r':
		return bs_number("rounds", arg, 1, BS_MAX_ROUNDS, &o->rounds);
	case 'n':
		return bs_number("runs", arg, 1, 1000000, &o->runs);
	case 'b':
		return bs_number("bases", arg, 1, BS_MAX_BASES, &o->bases);
	case 'c':
		return bs_number("cap", arg, 1, 1000000, &o->cap);
	case 'p':
		return bs_number("jobs", arg, 1, 1024, &o->jobs);
	case 'o':
		if (strcmp(arg, "speed") != 0 && strcmp(arg, "search") != 0)
			return rl_usage_error("bench sched: --only '%s': use "
					      "speed or search",
					      arg);
		o->speed = strcmp(arg, "speed") == 0;
		o->search = !o->speed;
		return 0;
	case 'j':
		o->json = true;
		return 0;
	case 'm':
		if (strcmp(arg, "sc") != 0 && strcmp(arg, "c11") != 0)
			return rl_usage_error("bench sched: --memory '%s': use "
					      "sc or c11",
					      arg);
		o->c11 = strcmp(arg, "c11") == 0;
		return 0;
	default:
		bs_usage(stderr);
		return RL_EXIT_USAGE;
	}
}

/* argv: "sched" [options]; 0, 1 for --help (handled), or an exit code */
static int bs_parse(int argc, char **argv, struct bs_opts *o)
{
	static const struct option opts[] = {
	    {"rounds", required_argument, 0, 'r'},
	    {"runs", required_argument, 0, 'n'},
	    {"bases", required_argument, 0, 'b'},
	    {"cap", required_argument, 0, 'c'},
	    {"jobs", required_argument, 0, 'p'},
	    {"only", required_argument, 0, 'o'},
	    {"json", no_argument, 0, 'j'},
	    {"memory", required_argument, 0, 'm'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	int c, rc;

	*o = (struct bs_opts){.rounds = 5,
			      .runs = 300,
			      .bases = 20,
			      .cap = 1000,
			      .speed = true,
			      .search = true,
			      .c11 = true};
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h') {
			bs_usage(stdout);
			return 1;
		}
		if ((rc = bs_option(c, optarg, o)) != 0)
			return rc;
	}
	if (optind != argc)
		return rl_usage_error("bench sched: unexpected argument '%s' "
				      "(see racelab bench sched --help)",
				      argv[optind]);
	return 0;
}

/* argv[0] is "sched": `racelab bench sched ...` */
int cmd_bench_sched(int argc, char **argv)
{
	struct rl_catalogue cat;
	struct rl_buf j = {0};
	struct bs_opts o;
	int rc = bs_parse(argc, argv, &o), rc2 = RL_EXIT_OK;

	if (rc != 0)
		return rc == 1 ? RL_EXIT_OK : rc;
	if ((rc = rl_cli_catalogue(&cat)) != 0)
		return rc;
	if (!o.json)
		bs_load("before");
	if (o.speed)
		rc = bs_speed(&cat, &o, &j);
	if (o.search && rc != RL_EXIT_INTERNAL)
		rc2 = bs_search(&cat, &o, &j);
	if (!o.json)
		bs_load("after");
	else
		printf("{\"rows\": [\n%s\n]}\n", j.s ? j.s : "");
	free(rl_buf_take(&j));
	rl_catalogue_free(&cat);
	return rc != RL_EXIT_OK ? rc : rc2;
}
