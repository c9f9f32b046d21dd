/*
 * runner.h - the runner's side of `racelab bench` (main.c, run.c,
 * report.c, plot.c): the rows it measures and what it does with them.
 * Benches never include this; they see only bench.h.
 */
#ifndef RACELAB_BENCH_RUNNER_H
#define RACELAB_BENCH_RUNNER_H

#include "bench.h"

#include <stdio.h>

enum row_state { ROW_OK, ROW_SKIP, ROW_BROKEN, ROW_FAILED };

/* One measured line: a bench's implementation at a thread count and a CPU
 * regime, with one value per round. */
struct row {
	const struct bench *bench;
	const struct bench_impl *impl;
	int threads, cpus;
	int group; /* rows of one (bench, threads, cpus): same group */
	const struct row *ref; /* the group's first row (ratios), or itself */
	enum row_state state;
	char why[BENCH_WHY];
	double *values; /* one per round done */
	int nvalues;
	double median, min, max;
};

struct plan {
	struct row *rows;
	int nrows;
	int rounds;
	double seconds;
	const char *outdir; /* build/bench */
	double load_before[3], load_after[3];
};

/* run.c: every round, rows interleaved (A B C A B C ...). */
void bench_rounds(struct plan *p, int quiet);

/* report.c: the statistics, the terminal table, results.json. */
void bench_stats(struct plan *p);
void bench_table_print(const struct plan *p);
char *bench_json(const struct plan *p);
/* The row's per-round ratio to its group's reference: median, min, max,
 * oriented so that > 1 means the reference is better. false if none. */
bool bench_ratio(const struct row *r, double out[3]);

/* check.c: the queue adapters under the FIFO ledger; exit code */
int bench_check(void);

/* plot.c: gnuplot SVGs in outdir; prints one line saying what it wrote or
 * why not. */
void bench_plots(const struct plan *p, FILE *out);

#endif
