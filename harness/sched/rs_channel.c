/*
 * rs_channel.c - the runtime's report to racelab: one result per run on the
 * fd named by RACELAB_SCHED_FD (protocol: sched_channel.h), or, with no
 * racelab listening, the same report for a person on stderr.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * Nothing here reads the program's exit status or writes a line the
 * program could have written itself: racelab judges only what arrives on
 * its fd. Called with rs_g.lock held (or from the fork server's parent,
 * which has no other thread); never blocks except in write().
 */
#include "rs.h"
#include "sched_channel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int chan_fd = -1; /* racelab's fd, -1: nobody listens */
static int out_fd = -1;	 /* where results go: chan_fd or a child's file */

void rs_channel_init(void)
{
	const char *v = getenv(RS_CHANNEL_ENV);
	char *end;
	long fd;

	if (v == NULL || *v == '\0')
		return;
	errno = 0;
	fd = strtol(v, &end, 10);
	/* a number that is not an open fd: racelab's mistake, said loudly
	 * (racelab then sees no report and says it could not judge) */
	if (errno != 0 || *end != '\0' || fd < 3 || fd > 1000000 ||
	    fcntl((int)fd, F_SETFD, FD_CLOEXEC) != 0) {
		fprintf(stderr, "racelab sched: %s=%s is not an open fd\n",
			RS_CHANNEL_ENV, v);
		return;
	}
	chan_fd = out_fd = (int)fd;
	__real_unsetenv(RS_CHANNEL_ENV);
}

bool rs_channel_on(void)
{
	return chan_fd >= 0;
}

int rs_channel_fd(void)
{
	return chan_fd;
}

void rs_channel_target(int fd)
{
	out_fd = fd;
}

/* All of buf to fd; false when it could not be written. */
bool rs_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		buf += w;
		len -= (size_t)w;
	}
	return true;
}

static void put_blob(FILE *f, const char *word, const char *s, size_t len)
{
	fprintf(f, "%s %zu\n", word, len);
	fwrite(s, 1, len, f);
	fputc('\n', f);
}

/* A shrunk failure (rs_shrink.c) runs as an exact replay but is reported
 * as found: its strategy, seed and PCT k, with the schedule it ran. */
static enum rs_strategy_kind reported_strategy(void)
{
	return rs_shrink_from() >= 0 ? rs_shrink_strategy() : rs_cfg.strategy;
}

const char *rs_strategy_name(void)
{
	switch (reported_strategy()) {
	case RS_PCT:
		return "pct";
	case RS_POS:
		return "pos";
	case RS_REPLAY:
		return "replay";
	case RS_EXHAUSTIVE:
		return "exhaustive";
	default:
		return "random";
	}
}

/* The RACELAB_SCHED value that repeats result r from its seed. */
static void put_config(FILE *f, const struct rs_result *r, bool seed)
{
	fprintf(f, "strategy=%s", rs_strategy_name());
	if (reported_strategy() == RS_REPLAY)
		return;
	if (seed)
		fprintf(f, " seed=0x%llx", r->seed);
	if (reported_strategy() == RS_PCT)
		fprintf(f, " depth=%d k=%ld bound=%ld", rs_cfg.depth, r->k,
			rs_cfg.pct_bound);
	if (rs_cfg.maxsteps != 1000000)
		fprintf(f, " maxsteps=%ld", rs_cfg.maxsteps);
	if (seed && rs_cfg.spurious > 0) /* (the channel record has no key) */
		fprintf(f, " spurious=%ld", rs_cfg.spurious);
	if (seed && !rs_cfg.c11) /* memory=c11 is the default */
		fprintf(f, " memory=sc");
}

static void put_record(FILE *f, const struct rs_result *r)
{
	fprintf(f,
		"result kind=%s run=%ld seed=0x%llx steps=%lu decisions=%lu "
		"status=%d ",
		r->kind, r->run, r->seed, r->steps, r->decisions, r->status);
	put_config(f, r, false);
	if (r->shrunk_from >= 0)
		fprintf(f, " shrunk=%ld preemptions=%zu", r->shrunk_from,
			r->preemptions);
	fprintf(f, "\nschedule ");
	if (r->has_schedule && rs_g.nsched > 0)
		rs_schedule_format(f);
	else
		fputc('-', f);
	fputc('\n', f);
	if (r->headline != NULL)
		put_blob(f, "headline", r->headline, strlen(r->headline));
	put_blob(f, "text", r->text ? r->text : "", r->text ? r->len : 0);
	fprintf(f, "end\n");
}

/* For a person running a sched binary by hand: the report, and how to
 * run the same schedule again. */
static void put_human(FILE *f, const struct rs_result *r)
{
	if (strcmp(r->kind, "pass") == 0) {
		if (rs_cfg.quiet)
			return;
		fprintf(f, "racelab sched: no failure (run %ld, ", r->run);
		put_config(f, r, true);
		fprintf(f, ", %lu decisions)\n", r->decisions);
		return;
	}
	if (r->text != NULL)
		fwrite(r->text, 1, r->len, f);
	else if (r->headline != NULL)
		fprintf(f, "racelab sched: %s\n", r->headline);
	if (r->shrunk_from >= 0)
		fprintf(f,
			"racelab sched: shrunk from %ld preemptions to %zu\n",
			r->shrunk_from, r->preemptions);
	fprintf(f, "racelab sched: %s (run %ld, ", r->kind, r->run);
	put_config(f, r, true);
	fprintf(f, ")\n");
	if (!r->has_schedule)
		return;
	fprintf(f, "replay: ");
	if (rs_cfg.spurious > 0 || !rs_cfg.c11) {
		fprintf(f, "RACELAB_SCHED='");
		if (rs_cfg.spurious > 0)
			fprintf(f, "spurious=%ld%s", rs_cfg.spurious,
				!rs_cfg.c11 ? " " : "");
		fprintf(f, "%s' ", !rs_cfg.c11 ? "memory=sc" : "");
	}
	fprintf(f, "RACELAB_SCHED_REPLAY='");
	rs_schedule_format(f);
	fprintf(f, "'");
	for (int i = 0; i < rs_g.argc; i++)
		fprintf(f, " %s", rs_g.argv[i]);
	fputc('\n', f);
}

void rs_result_here(struct rs_result *r, const char *kind, int status)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->status = status;
	r->run = rs_g.run_index;
	r->seed = rs_g.seed;
	r->steps = rs_g.steps;
	r->decisions = rs_g.decisions;
	r->k = rs_pct_k_used();
	r->has_schedule = rs_g.in_main;
	r->shrunk_from = rs_shrink_from();
	if (r->shrunk_from >= 0) {
		const size_t *at;

		r->seed = rs_shrink_seed();
		r->preemptions = rs_strategy_preemptions(&at);
	}
}

void rs_channel_result(const struct rs_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int fd = out_fd >= 0 ? out_fd : 2;

	if (f == NULL) {
		static const char oom[] = "racelab sched: out of memory for "
					  "the report\n";

		rs_write_all(2, oom, sizeof(oom) - 1);
		return;
	}
	if (out_fd >= 0)
		put_record(f, r);
	else
		put_human(f, r);
	fclose(f);
	rs_write_all(fd, buf, len);
	/* open_memstream's buffer: libc's malloc, never tracked */
	__real_free(buf);
}

void rs_channel_done(long runs, const char *stopped)
{
	char line[96];
	int n;

	if (chan_fd < 0) {
		fprintf(stderr,
			"racelab sched: %ld runs done (%s; %ld processes "
			"forked)\n",
			runs,
			strcmp(stopped, "all") == 0 ? "none failed"
			: strcmp(stopped, "exhausted") == 0
			    ? "none failed: every schedule within the "
			      "preemption bound"
			: strcmp(stopped, "fail") == 0
			    ? "stopped at the first failing one"
			    : "stopped by the time budget",
			rs_workers_forked());
		return;
	}
	n = snprintf(line, sizeof(line), "done runs=%ld stopped=%s\n", runs,
		     stopped);
	rs_write_all(chan_fd, line, (size_t)n);
}
