/*
 * rs_jobs.c - the fork server's runs spread over CPUs (jobs=N).
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * The fork server (rs_core.c) runs schedules 0, 1, ... one child at a time.
 * With jobs=N (default: one per CPU the process may use) up to N children
 * run at once (each on the CPU it started on, rs_core.c's rs_pin_cpu: the
 * kernel spreads new children over idle CPUs, where a fixed CPU per slot
 * measured slower on a loaded machine; each is a worker, rs_worker.c,
 * kept in its slot for the slot's next run when it could reset the
 * program), and their results are taken in run order, exactly as the
 * one-at-a-time server would have taken them:
 *
 *  - a run's outcome depends only on its seed and on `learned` (the most
 *    decisions any earlier run made, PCT's k). A child is started with the
 *    learned value known at its start; when its turn comes and earlier runs
 *    have raised learned since, it is run again with the right value. So
 *    every result is the one a sequential server would have got, whatever
 *    N is, and N never changes what a seed means;
 *  - the first run in order that does not pass ends it: later children are
 *    killed, and that run (or, when all pass, the last one) is handed to
 *    rs_core.c's loop as if it had just run there, which reports it.
 *
 * Only the parent's single thread exists here (no program code has run),
 * so fork is safe. Called only from the fork server, in the parent.
 */
#include "rs.h"
#include "sched_exit.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define RS_JOBS_MAX 64

struct rs_slot {
	pid_t pid;	       /* 0: free; else the worker running its run */
	long run;	       /* the run it holds */
	unsigned long learned; /* the learned value the child was given */
	bool reaped;	       /* the child has ended; status is its status */
	bool killed; /* ... because the budget or a failure ended it */
	int status;
	int outfd, errfd, repfd;
	struct rs_worker w; /* its child, kept between runs (rs_worker.c) */
};

static struct rs_slot slots[RS_JOBS_MAX];
static struct rs_shared *shared; /* one per slot, seen by its child */
static int nslots;

long rs_jobs_count(void)
{
	cpu_set_t set;
	long n = rs_cfg.jobs;

	/* only strategies whose runs depend on nothing but their seed and
	 * the learned k: one that plans a run from the run before it (a
	 * replay, an enumeration of schedules) runs one at a time */
	if (rs_cfg.strategy != RS_RANDOM && rs_cfg.strategy != RS_PCT &&
	    rs_cfg.strategy != RS_POS)
		return 1;
	if (n == 0)
		n = sched_getaffinity(0, sizeof(set), &set) == 0
			? CPU_COUNT(&set)
			: 1;
	if (n > rs_cfg.runs)
		n = rs_cfg.runs;
	if (n > RS_JOBS_MAX)
		n = RS_JOBS_MAX;
	return n < 1 ? 1 : n;
}

static bool jobs_setup(void)
{
	shared =
	    mmap(NULL, sizeof(*shared) * (size_t)nslots, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return false;
	for (int i = 0; i < nslots; i++) {
		struct rs_slot *s = &slots[i];

		s->outfd = memfd_create("racelab-out", MFD_CLOEXEC);
		s->errfd = memfd_create("racelab-err", MFD_CLOEXEC);
		s->repfd = memfd_create("racelab-report", MFD_CLOEXEC);
		if (s->outfd < 0 || s->errfd < 0 || s->repfd < 0)
			return false;
	}
	return true;
}

static void jobs_fail(void) __attribute__((noreturn));
static void jobs_fail(void)
{
	rs_die(RS_EXIT_CONFIG, "error", "fork server: %s", strerror(errno));
}

/* Start run i in slot s. True in the child, which then runs the program. */
static bool jobs_start(int s, long i, unsigned long learned)
{
	struct rs_slot *sl = &slots[s];
	struct rs_shared *keep = rs_shared;

	if (ftruncate(sl->outfd, 0) != 0 || ftruncate(sl->errfd, 0) != 0 ||
	    ftruncate(sl->repfd, 0) != 0 || lseek(sl->outfd, 0, SEEK_SET) < 0 ||
	    lseek(sl->errfd, 0, SEEK_SET) < 0 ||
	    lseek(sl->repfd, 0, SEEK_SET) < 0)
		jobs_fail();
	shared[s].decisions = 0;
	shared[s].state = RS_RUN_STARTED;
	rs_watch_begin(&shared[s]);
	rs_shared = &shared[s]; /* what a new child watches itself by */
	if (rs_worker_start(&sl->w, i, learned, sl->outfd, sl->errfd,
			    sl->repfd))
		return true;
	rs_shared = keep;
	*sl = (struct rs_slot){.pid = sl->w.pid,
			       .run = i,
			       .learned = learned,
			       .outfd = sl->outfd,
			       .errfd = sl->errfd,
			       .repfd = sl->repfd,
			       .w = sl->w};
	return false;
}

static int slot_of(long run)
{
	for (int s = 0; s < nslots; s++)
		if (slots[s].pid != 0 && slots[s].run == run)
			return s;
	return -1;
}

/* Kill and reap every child still running, and the idle ones. */
static void jobs_kill_all(void)
{
	int st = 0;

	for (int s = 0; s < nslots; s++) {
		if (slots[s].pid == 0 || slots[s].reaped)
			continue;
		rs_worker_kill(&slots[s].w, &st);
		slots[s].reaped = true;
		slots[s].killed = true;
		slots[s].status = st;
	}
	rs_workers_end();
}

static void jobs_adopt(int s, struct rs_adopt *a)
{
	a->run = slots[s].run;
	a->status = slots[s].status;
	a->shared = shared[s];
	a->outfd = slots[s].outfd;
	a->errfd = slots[s].errfd;
	a->repfd = slots[s].repfd;
}

/* Start runs into free slots while there are runs left and no budget
 * stop. True in a child. */
static bool jobs_fill(long *next_start, unsigned long learned)
{
	for (int s = 0; s < nslots && *next_start < rs_cfg.runs; s++) {
		if (rs_budget_over)
			return false;
		if (slots[s].pid != 0)
			continue;
		if (jobs_start(s, (*next_start)++, learned))
			return true;
	}
	return false;
}

enum take { TAKE_WAIT, TAKE_END, TAKE_CHILD };

/*
 * Take the results that are next in run order. TAKE_END: *done runs
 * passed and a->run (or -1 when the budget stopped before it) is the run
 * to hand over; TAKE_CHILD: in a child started again here.
 */
static enum take jobs_take(long *done, unsigned long *learned,
			   struct rs_adopt *a, bool killed)
{
	int s;

	while ((s = slot_of(*done)) >= 0 && slots[s].reaped) {
		bool unfinished =
		    slots[s].killed && shared[s].state == RS_RUN_STARTED;

		if (!unfinished && slots[s].learned != *learned) {
			if (killed)
				unfinished = true;
			else if (jobs_start(s, *done, *learned))
				return TAKE_CHILD;
			else
				return TAKE_WAIT;
		}
		if (unfinished) {
			a->run = -1;
			return TAKE_END;
		}
		if (shared[s].state != RS_RUN_PASSED ||
		    *done == rs_cfg.runs - 1) {
			jobs_adopt(s, a);
			jobs_kill_all();
			return TAKE_END;
		}
		*learned = rs_learn(*learned, shared[s].decisions);
		slots[s].pid = 0;
		(*done)++;
	}
	if (killed) {
		a->run = -1;
		return TAKE_END;
	}
	return TAKE_WAIT;
}

/* Wait for runs to end (and, with the parent's watchdog, look at the
 * others every tick); take the ones that did. */
static void jobs_wait(void)
{
	struct rs_shared *sh[RS_JOBS_MAX] = {0};
	pid_t pids[RS_JOBS_MAX] = {0};
	int fds[RS_JOBS_MAX] = {0}, at[RS_JOBS_MAX], n = 0, st;
	bool ready[RS_JOBS_MAX];

	for (int s = 0; s < nslots; s++)
		if (slots[s].pid != 0 && !slots[s].reaped) {
			fds[n] = slots[s].w.fd;
			pids[n] = slots[s].w.pid;
			sh[n] = &shared[s];
			at[n++] = s;
		}
	rs_watch_fds(fds, pids, sh, n, ready);
	for (int k = 0; k < n; k++) {
		if (!ready[k])
			continue;
		rs_worker_reap(&slots[at[k]].w, &st);
		slots[at[k]].reaped = true;
		slots[at[k]].status = st;
	}
}

/*
 * The runs in parallel. Returns the number of runs that passed before the
 * one handed over in *a (a->run; -1 when the time budget stopped the
 * server first), or -1 when jobs=1 leaves it all to the caller. *child:
 * returned in a child, which goes on to run the program.
 */
long rs_jobs_run(unsigned long *learned, struct rs_adopt *a, bool *child)
{
	long next_start = 0, done = 0;
	enum take t;

	*child = false;
	nslots = (int)rs_jobs_count();
	if (nslots <= 1)
		return -1;
	if (!jobs_setup())
		jobs_fail();
	for (;;) {
		t = jobs_take(&done, learned, a, false);
		if (t == TAKE_END)
			return done;
		if (t == TAKE_CHILD || jobs_fill(&next_start, *learned)) {
			*child = true;
			return 0;
		}
		if (rs_budget_over) {
			jobs_kill_all();
			jobs_take(&done, learned, a, true);
			return done;
		}
		jobs_wait();
	}
}
