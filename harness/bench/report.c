/*
 * report.c - what a run of `racelab bench` says: median / min / max per
 * row, the ratio to the group's first implementation round by round (the
 * two were measured seconds apart, under the same load), the terminal
 * table and build/bench/results.json (SPEC section 8's schema).
 */
#include "json.h"
#include "runner.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* median, min, max of v[0..n) (n > 0) into out[3]; v is left unchanged */
static void summarize(const double *v, int n, double out[3])
{
	double s[256];

	if (n > 256)
		n = 256;
	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	out[0] = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	out[1] = s[0];
	out[2] = s[n - 1];
}

void bench_stats(struct plan *p)
{
	for (int i = 0; i < p->nrows; i++) {
		struct row *r = &p->rows[i];
		double s[3];

		if (r->nvalues == 0)
			continue;
		summarize(r->values, r->nvalues, s);
		r->median = s[0], r->min = s[1], r->max = s[2];
	}
}

bool bench_ratio(const struct row *r, double out[3])
{
	const struct row *ref = r->ref;
	double q[256];
	int n = 0;

	if (ref == r || ref->state != ROW_OK || r->state != ROW_OK)
		return false;
	for (int k = 0; k < r->nvalues && k < ref->nvalues && k < 256; k++)
		if (r->values[k] > 0 && ref->values[k] > 0)
			q[n++] = r->bench->higher_is_better
				     ? ref->values[k] / r->values[k]
				     : r->values[k] / ref->values[k];
	if (n == 0)
		return false;
	summarize(q, n, out);
	return true;
}

static const char *state_word(enum row_state s)
{
	static const char *const words[] = {"ok", "SKIP", "BROKEN", "FAILED"};

	return words[s];
}

/* 12345678 -> "12.3M"; small values keep their digits */
static void human(double v, char *buf, size_t n)
{
	if (v >= 1e9)
		snprintf(buf, n, "%.2fG", v / 1e9);
	else if (v >= 1e6)
		snprintf(buf, n, "%.2fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(buf, n, "%.1fk", v / 1e3);
	else
		snprintf(buf, n, "%.1f", v);
}

static void print_row(const struct row *r)
{
	char med[16], lo[16], hi[16], regime[8];
	double q[3];

	snprintf(regime, sizeof(regime), "%s", r->cpus == 1 ? "1cpu" : "all");
	printf("%-19s %-18s %3d %-4s ", r->bench->name, r->impl->name,
	       r->threads, regime);
	if (r->state != ROW_OK) {
		printf("%-6s %s\n", state_word(r->state), r->why);
		return;
	}
	human(r->median, med, sizeof(med));
	human(r->min, lo, sizeof(lo));
	human(r->max, hi, sizeof(hi));
	printf("%8s %8s %8s %-6s", med, lo, hi, r->bench->unit);
	if (bench_ratio(r, q))
		printf(" %s/%s %.2f [%.2f-%.2f]", r->ref->impl->name,
		       r->impl->name, q[0], q[1], q[2]);
	printf("\n");
}

void bench_table_print(const struct plan *p)
{
	printf("%-19s %-18s %3s %-4s %8s %8s %8s %-6s %s\n", "bench", "impl",
	       "thr", "cpus", "median", "min", "max", "unit",
	       "ratio per round: median [min-max] (>1: first row better)");
	for (int i = 0; i < p->nrows; i++) {
		if (i > 0 && p->rows[i].group != p->rows[i - 1].group &&
		    p->rows[i].bench != p->rows[i - 1].bench)
			printf("\n");
		print_row(&p->rows[i]);
	}
	printf("\n%d rounds of %.2f s per row; load average %.2f %.2f %.2f "
	       "before, %.2f %.2f %.2f after\n",
	       p->rounds, p->seconds, p->load_before[0], p->load_before[1],
	       p->load_before[2], p->load_after[0], p->load_after[1],
	       p->load_after[2]);
}

static void json_row(struct rl_buf *b, const struct row *r)
{
	rl_buf_add(b, "{\"bench\":", 9);
	rl_json_str(b, r->bench->name);
	rl_buf_add(b, ",\"impl\":", 8);
	rl_json_str(b, r->impl->name);
	rl_buf_printf(b, ",\"threads\":%d,\"cpus\":%d,\"unit\":", r->threads,
		      r->cpus);
	rl_json_str(b, r->bench->unit);
	rl_buf_printf(b, ",\"higher_is_better\":%s",
		      r->bench->higher_is_better ? "true" : "false");
	if (r->state == ROW_OK)
		rl_buf_printf(b, ",\"median\":%.6g,\"min\":%.6g,\"max\":%.6g",
			      r->median, r->min, r->max);
	else
		rl_buf_printf(b, ",\"median\":null,\"min\":null,\"max\":null");
	rl_buf_printf(b, ",\"rounds\":%d,\"status\":", r->nvalues);
	rl_json_str(b, state_word(r->state));
	if (r->state != ROW_OK) {
		rl_buf_add(b, ",\"reason\":", 10);
		rl_json_str(b, r->why);
	}
	rl_buf_add(b, "}", 1);
}

char *bench_json(const struct plan *p)
{
	struct rl_buf b = {0};

	rl_buf_printf(&b,
		      "{\"seconds_per_round\":%g,\"loadavg_before\":[%.2f,"
		      "%.2f,%.2f],\"loadavg_after\":[%.2f,%.2f,%.2f],"
		      "\"rows\":[",
		      p->seconds, p->load_before[0], p->load_before[1],
		      p->load_before[2], p->load_after[0], p->load_after[1],
		      p->load_after[2]);
	for (int i = 0; i < p->nrows; i++) {
		if (i)
			rl_buf_add(&b, ",\n", 2);
		json_row(&b, &p->rows[i]);
	}
	rl_buf_add(&b, "]}\n", 3);
	return rl_buf_take(&b);
}
