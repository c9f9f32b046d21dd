/*
 * plot.c - the SVG plots of a `racelab bench` run, drawn by gnuplot in
 * build/bench/: BENCH.svg (each implementation's median with its min-max
 * bar, at the bench's thread count, both CPU regimes) and, for a bench
 * that scales, BENCH-scaling.svg (median over 1..N threads, log scale).
 * Each plot's data (.dat) and script (.gp) stay beside it.
 */
#include "runner.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static FILE *open_in(const char *dir, const char *name, const char *ext)
{
	char *path = rl_xasprintf("%s/%s%s", dir, name, ext);
	FILE *f = fopen(path, "w");

	free(path);
	return f;
}

static void script_head(FILE *g, const struct bench *b, const char *base,
			int rounds)
{
	fprintf(g,
		"set terminal svg size 900,450 dynamic background rgb 'white'\n"
		"set output '%s.svg'\n"
		"set title \"%s (%s, %s is better): median and min-max of %d "
		"rounds\"\n"
		"set ylabel '%s'\nset grid ytics\nset key outside right\n",
		base, b->name, b->unit,
		b->higher_is_better ? "higher" : "lower", rounds, b->unit);
}

/* BENCH.svg: the rows at the bench's own thread count (the largest one
 * for a scaling bench). */
static int bars(const struct plan *p, const struct bench *b, int threads,
		FILE *d, FILE *g)
{
	int n = 0;

	for (int i = 0; i < p->nrows; i++) {
		const struct row *r = &p->rows[i];

		if (r->bench != b || r->threads != threads ||
		    r->state != ROW_OK)
			continue;
		fprintf(d, "\"%s%s\" %g %g %g\n", r->impl->name,
			r->cpus == 1 ? " (1 CPU)" : "", r->median, r->min,
			r->max);
		n++;
	}
	script_head(g, b, b->name, p->rounds);
	fprintf(g,
		"set style fill solid 0.5\nset boxwidth 0.6\nset yrange [0:*]\n"
		"set xtics rotate by -25\nset xrange [-0.5:%d.5]\n"
		"plot '%s.dat' using 0:2:xtic(1) with boxes notitle, "
		"'' using 0:2:3:4 with yerrorbars lc rgb 'black' notitle\n",
		n - 1, b->name);
	return n;
}

/* BENCH-scaling.svg: one line per implementation over the thread counts */
static int lines(const struct plan *p, const struct bench *b, FILE *d, FILE *g)
{
	char *base = rl_xasprintf("%s-scaling", b->name);
	int n = 0;

	script_head(g, b, base, p->rounds);
	free(base);
	fprintf(g, "set xlabel 'threads'\nset logscale y\nset xtics 1\nplot");
	for (size_t k = 0; k < b->nimpls; k++) {
		int pts = 0;

		for (int i = 0; i < p->nrows; i++) {
			const struct row *r = &p->rows[i];

			if (r->bench != b || r->impl != &b->impls[k] ||
			    r->cpus == 1 || r->state != ROW_OK)
				continue;
			fprintf(d, "%d %g %g %g\n", r->threads, r->median,
				r->min, r->max);
			pts++;
		}
		if (pts == 0)
			continue;
		fprintf(d, "\n\n");
		fprintf(g,
			"%s '%s-scaling.dat' index %d using 1:2:3:4 with "
			"yerrorlines title '%s'",
			n ? "," : "", b->name, n, b->impls[k].name);
		n++;
	}
	fprintf(g, "\n");
	return n;
}

/* Run gnuplot on outdir/script; 0 when it drew the plot. */
static int gnuplot(const char *dir, const char *script)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (chdir(dir) != 0)
			_exit(126);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Write one plot's data and script, draw it; 0, 127 (no gnuplot), or -1 */
static int one_plot(const struct plan *p, const struct bench *b, bool scaling)
{
	const char *sfx = scaling ? "-scaling" : "";
	char *base = rl_xasprintf("%s%s", b->name, sfx);
	FILE *d = open_in(p->outdir, base, ".dat");
	FILE *g = open_in(p->outdir, base, ".gp");
	int n = -1, rc = -1;

	if (d != NULL && g != NULL) {
		int top = b->threads;

		for (int i = 0; i < p->nrows; i++)
			if (p->rows[i].bench == b && p->rows[i].threads > top)
				top = p->rows[i].threads;
		n = scaling ? lines(p, b, d, g) : bars(p, b, top, d, g);
	}
	if (d != NULL)
		fclose(d);
	if (g != NULL)
		fclose(g);
	if (n > 0) {
		char *gp = rl_xasprintf("%s.gp", base);

		rc = gnuplot(p->outdir, gp);
		free(gp);
	} else if (n == 0) {
		rc = 0; /* nothing measured: nothing to draw */
	}
	free(base);
	return rc;
}

void bench_plots(const struct plan *p, FILE *out)
{
	int drawn = 0, failed = 0;

	for (size_t t = 0; t < bench_ntable; t++) {
		const struct bench *b = bench_table[t];
		bool used = false;

		for (int i = 0; i < p->nrows && !used; i++)
			used = p->rows[i].bench == b;
		for (int s = 0; used && s <= (b->scales ? 1 : 0); s++) {
			int rc = one_plot(p, b, s == 1);

			if (rc == 127) {
				fprintf(out, "plots: SKIP (gnuplot is not "
					     "installed; make deps installs "
					     "gnuplot-nox)\n");
				return;
			}
			rc == 0 ? drawn++ : failed++;
		}
	}
	fprintf(out, "plots: %d SVG in %s/%s\n", drawn, p->outdir,
		failed ? " (some failed: see the .gp scripts beside them)"
		       : "");
}
