/*
 * rs_shrink.c - a failing schedule shrunk before it is reported.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * A random walk finds a lost update with dozens of preemptions (switches
 * away from a thread that could have gone on); the bug needs one or two.
 * When a fork-server run fails, the parent (which never runs the program
 * itself) runs variants, each in a child of its own, and keeps one that
 * fails the same way (same kind and headline, and the same place: the
 * failing thread's last program location, or for a deadlock the call each
 * thread waits in) with fewer preemptions, or as many and fewer steps.
 * Two phases, every other decision made without a preemption:
 *   1. keep (shrink_keep): variants keep a subset of the failure's own
 *      preemptions, each named by the preempted thread and its own step
 *      number (so dropping one leaves the others where they were in their
 *      threads), cut down by delta debugging; at most KEEP_RUNS variants.
 *      The preemptions a failure needs are among those it made.
 *   2. bound: a variant with bound k preempts at k decisions drawn at
 *      random among the original's (iterative preemption bounding, as
 *      CHESS, at random points): k = 0, then 1, 2, ... SHRINK_PER_K
 *      variants each, up to one below the best count so far, and the
 *      first k that fails the same way is kept (the fewest steps among
 *      its variants); at most SHRINK_RUNS variants.
 * Phase 2 alone shrank rwlock's torn read (two preemptions among ~150
 * decisions) from 15 preemptions to none fewer; phase 1 to 2. No clock:
 * the same failure always shrinks to the same schedule.
 * The best one is then run once more with an exact replay, so the report
 * racelab gets is that run's, with its exact schedule string, reported
 * under the strategy, seed and PCT k that found the failure ("shrunk=N
 * preemptions=K" in the result record: racelab prints
 * "shrunk from N preemptions to K"). Replaying that string gives the same
 * trace; so does the failing seed run alone with fork=1, since the
 * variants are drawn from the failing run's seed.
 */
#include "rs.h"
#include "sched_exit.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHRINK_MAX   65536 /* schedule entries; a longer run is not shrunk */
#define SHRINK_RUNS  120   /* variants tried, at most */
#define SHRINK_PER_K 40	   /* ... for each number of preemptions */
#define SHRINK_MAX_K 8
#define KEEP_MAX     4096 /* preemptions; more are not tried by keeping */
#define KEEP_RUNS    60	  /* variants of the keeping phase, at most */
#define SIG_LEN	     640

/* What a failing child leaves for the parent (shared memory). */
struct shrink_rec {
	int valid;
	char sig[SIG_LEN];
	unsigned long steps;
	unsigned long long seed; /* the run's own (a portfolio's too) */
	enum rs_strategy_kind strategy;
	int depth;
	size_t n, npre;
	int sched[SHRINK_MAX];
	size_t pre_at[SHRINK_MAX];
	size_t npt; /* pre[]: the preemptions by thread and step */
	struct rs_pre pre[KEEP_MAX];
};

static struct shrink_rec *sh;	/* shared with the children */
static struct shrink_rec *best; /* the parent's: the best so far */
static long shrunk_from = -1;	/* the failure's preemptions */
static unsigned long from_steps;
static unsigned long from_decisions; /* the failure's thread choices */
static bool final_run;		       /* set in the final child only */
static enum rs_strategy_kind found_by; /* the failure's strategy */
static struct shrink_rec orig; /* the failing run as found (head only) */

void rs_shrink_init(void)
{
	void *p = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	sh = p == MAP_FAILED ? NULL : p;
}

static bool shrinkable(const char *kind)
{
	return strcmp(kind, "invariant") == 0 || strcmp(kind, "exit") == 0 ||
	       strcmp(kind, "deadlock") == 0 || strcmp(kind, "crash") == 0;
}

/* "at step 12" in a headline is when, not where: the same failure
 * shrunk happens at another step. */
static void sig_steps_out(char *s)
{
	char *p = s;

	while ((p = strstr(p, "step ")) != NULL) {
		char *d = p += 5;

		while (*d >= '0' && *d <= '9')
			d++;
		memmove(p, d, strlen(d) + 1);
	}
}

static int cmp_pc(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* A deadlock's place: where each live thread waits (whichever blocked
 * last), in address order. */
static void sig_waits(char *sig, size_t len)
{
	uintptr_t pcs[RS_MAX_THREADS];
	int n = 0;

	for (int i = 0; i < rs_g.nthreads; i++)
		if (rs_g.threads[i]->state == RS_T_LIVE)
			pcs[n++] = rs_g.threads[i]->wpc;
	qsort(pcs, (size_t)n, sizeof(pcs[0]), cmp_pc);
	for (int i = 0; i < n && strlen(sig) + 20 < len; i++)
		snprintf(sig + strlen(sig), len - strlen(sig), "%lx,",
			 (unsigned long)pcs[i]);
}

/* In a failing child (rs_fail): how it failed, and its schedule. */
void rs_shrink_note(const char *kind, const char *headline)
{
	const struct rs_thread *t = rs_g.threads[rs_g.current];
	const size_t *at;
	size_t npre = rs_strategy_preemptions(&at);

	if (sh == NULL)
		return;
	sh->valid = 0;
	if (!shrinkable(kind) || rs_g.nsched > SHRINK_MAX)
		return;
	snprintf(sh->sig, sizeof(sh->sig), "%s|%s|", kind, headline);
	sig_steps_out(sh->sig);
	if (strcmp(kind, "deadlock") == 0)
		sig_waits(sh->sig, sizeof(sh->sig));
	else
		snprintf(sh->sig + strlen(sh->sig),
			 sizeof(sh->sig) - strlen(sh->sig), "%lx",
			 (unsigned long)(t != NULL ? t->last_pc : 0));
	sh->steps = rs_g.steps;
	sh->seed = rs_g.seed;
	sh->strategy = rs_cfg.strategy;
	sh->depth = rs_cfg.depth;
	sh->n = rs_g.nsched;
	sh->npre = npre;
	memcpy(sh->sched, rs_g.sched, rs_g.nsched * sizeof(int));
	memcpy(sh->pre_at, at, npre * sizeof(size_t));
	sh->npt = npre <= KEEP_MAX ? npre : 0;
	memcpy(sh->pre, rs_strategy_pre_points(), sh->npt * sizeof(sh->pre[0]));
	sh->valid = 1;
}

/* In the final child (the exact replay of the best): the count before. */
long rs_shrink_from(void)
{
	return final_run ? shrunk_from : -1;
}

/* ... and the strategy that found the failure (reported as its own). */
enum rs_strategy_kind rs_shrink_strategy(void)
{
	return found_by;
}

/* ... and its seed. */
unsigned long long rs_shrink_seed(void)
{
	return orig.seed;
}

/* ------------------------------------------------------------ the parent */

static void files_reset(int outfd, int errfd, int repfd)
{
	int fds[3] = {outfd, errfd, repfd};

	for (int i = 0; i < 3; i++)
		if (ftruncate(fds[i], 0) != 0 || lseek(fds[i], 0, SEEK_SET) < 0)
			rs_die(RS_EXIT_CONFIG, "error", "shrink: %s",
			       strerror(errno));
}

/* What a child of the shrinking runs. */
enum child_kind {
	AS_FOUND, /* the failing run again, as the strategy ran it */
	KEEP,	  /* the kept preemptions (kset), else stay */
	BOUNDED,  /* k preemptions at seeded decisions, else stay */
	EXACT,	  /* the best schedule, replayed exactly */
};

static unsigned long best_decisions(void);

/* The keeping phase: the failure's own preemptions (own) and the ones a
 * variant keeps (kset), indices into found. */
static struct rs_pre own[KEEP_MAX], kset[KEEP_MAX];
static size_t nown, nkset;

/*
 * One child. Returns true in the child, which goes on to run the program
 * (the caller sets it up as run `run`); false in the parent once the child
 * has ended (*st: its status; the files hold its output and report).
 */
static bool child(enum child_kind kind, int k, unsigned long long seed, int *st,
		  int outfd, int errfd, int repfd)
{
	pid_t pid;

	files_reset(outfd, errfd, repfd);
	sh->valid = 0;
	rs_server_prepare();
	fflush(NULL);
	pid = __real_fork();
	if (pid < 0)
		rs_die(RS_EXIT_CONFIG, "error", "fork: %s", strerror(errno));
	if (pid > 0) {
		rs_server_watch(pid, st);
		return false;
	}
	if (kind == KEEP || kind == BOUNDED) {
		if (kind == KEEP)
			rs_strategy_keep(kset, nkset, seed);
		else
			rs_strategy_bounded(k, from_decisions, seed);
		/* staying on a thread that spins until another acts would run
		 * to the step bound: a variant gets a few times the steps the
		 * failure took, then it is no match */
		rs_cfg.maxsteps = (long)from_steps * 4 + 1000;
	} else if (kind == EXACT) {
		found_by = orig.strategy;
		rs_cfg.depth = orig.depth;
		rs_strategy_preset(best->sched, best->n);
		final_run = true;
	}
	return true;
}

/* The child just ended failed the same way, and better. */
static bool better(void)
{
	return sh->valid && strcmp(sh->sig, best->sig) == 0 &&
	       (sh->npre < best->npre ||
		(sh->npre == best->npre && sh->steps < best->steps));
}

/* Did the child just ended fail as the original did? */
static bool same_failure(void)
{
	return sh->valid && strcmp(sh->sig, orig.sig) == 0;
}

/*
 * The keeping phase (delta debugging, Zeller's ddmin): variants keep a
 * subset of the failure's own preemptions, each named by the preempted
 * thread and its own step (so dropping one leaves the others where they
 * were in their threads), and run every other decision without a
 * preemption. A subset that still fails the same way replaces the set;
 * the set is cut in 2, then 4, ... chunks until no chunk can go. A failure
 * needs only a few of the preemptions a random search made, and those are
 * among them: a reader preempted between its unlock and its count, then
 * the writer preempted after its admission. Returns true in a child.
 */
static bool shrink_keep(long *tries, int *st, int outfd, int errfd,
			int repfd, unsigned long long seed)
{
	static size_t cur[KEEP_MAX];
	size_t ncur = nown, chunks = 2;

	for (size_t i = 0; i < ncur; i++)
		cur[i] = i;
	while (ncur >= 1 && *tries < KEEP_RUNS) {
		size_t size = (ncur + chunks - 1) / chunks;
		bool cut = false;

		for (size_t lo = 0; lo < ncur && *tries < KEEP_RUNS;
		     lo += size) {
			size_t hi = lo + size < ncur ? lo + size : ncur;

			nkset = 0;
			for (size_t i = 0; i < ncur; i++)
				if (i < lo || i >= hi)
					kset[nkset++] = own[cur[i]];
			++*tries;
			if (child(KEEP, 0, seed, st, outfd, errfd, repfd))
				return true;
			if (!same_failure())
				continue;
			if (better())
				memcpy(best, sh, sizeof(*best));
			memmove(cur + lo, cur + hi, (ncur - hi) * sizeof(*cur));
			ncur -= hi - lo;
			chunks = chunks > 2 ? chunks - 1 : 2;
			cut = true;
			break;
		}
		if (!cut) {
			if (chunks >= ncur)
				break;
			chunks = chunks * 2 < ncur ? chunks * 2 : ncur;
		}
	}
	return false;
}

/* Decisions (thread choices, not reads) in best's schedule. */
static unsigned long best_decisions(void)
{
	unsigned long d = 0;

	for (size_t i = 0; i < best->n; i++)
		d += best->sched[i] >= 0;
	return d > 0 ? d : 1;
}

/*
 * In the fork server's parent, after run `run` failed. Returns true in a
 * child (the caller sets it up and returns into main); false in the
 * parent when done: the files then hold the report of the run to pass on
 * and *st its status.
 */
bool rs_shrink(long run, int *st, int outfd, int errfd, int repfd)
{
	long tries = 0;

	(void)run; /* the run's seed is in sh: a portfolio's is its own */

	/* (a replay is never shrunk: it is the schedule asked for) */
	if (sh == NULL || rs_cfg.strategy == RS_REPLAY)
		return false;
	/* the failing run once more, alone: with jobs=N several children
	 * may have failed at once, and what sh holds must be this run's */
	if (child(AS_FOUND, 0, 0, st, outfd, errfd, repfd))
		return true;
	if (!rs_cfg.shrink || !sh->valid || sh->npre == 0)
		return false;
	best = __real_malloc(sizeof(*best));
	if (best == NULL)
		return false;
	memcpy(best, sh, sizeof(*best));
	orig.seed = sh->seed;
	orig.strategy = sh->strategy;
	orig.depth = sh->depth;
	memcpy(orig.sig, sh->sig, sizeof(orig.sig));
	shrunk_from = (long)best->npre;
	from_steps = best->steps;
	from_decisions = best_decisions();
	nown = best->npt;
	memcpy(own, best->pre, nown * sizeof(own[0]));
	if (nown > 1 && shrink_keep(&tries, st, outfd, errfd, repfd,
				      orig.seed * 0x9e3779b97f4a7c15ULL))
		return true;
	tries = 0;
	/* fewest preemptions first: k = 0, 1, ... below the original */
	for (int k = 0; k < (int)best->npre && k < SHRINK_MAX_K; k++) {
		bool found = false;

		for (int t = 0; t < (k == 0 ? 1 : SHRINK_PER_K); t++) {
			/* from the failing run's seed, not its index: the
			 * seed explored alone shrinks the same way */
			unsigned long long seed =
			    orig.seed * 0x9e3779b97f4a7c15ULL +
			    (unsigned long long)(k * 1009 + t + 1);

			if (tries++ >= SHRINK_RUNS)
				break;
			if (child(BOUNDED, k, seed, st, outfd, errfd, repfd))
				return true;
			if (better()) {
				memcpy(best, sh, sizeof(*best));
				found = true;
			}
		}
		if (found)
			break;
	}
	/* the best, replayed exactly: its report is the one passed on */
	return child(EXACT, 0, 0, st, outfd, errfd, repfd);
}
