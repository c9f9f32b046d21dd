/*
 * rs_bounded.c - the non-preemptive default choice, a schedule given as a
 * prefix followed by that default, and the exhaustive enumeration of every
 * schedule with at most P preemptions (iterative context bounding, as in
 * CHESS: Musuvathi and Qadeer, PLDI 2007).
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * The default choice at a decision: the thread that ran the last step goes
 * on if it can; after a yield (sched_yield, a zero sleep), or when it
 * cannot go on (it blocked or ended), the next thread in tid order after
 * it, round robin. The other choices at the decision, in the order the
 * enumeration tries them, follow in that round-robin order. A preemption
 * is a choice that takes the processor from a thread that could go on:
 * any other thread when the last one can go on without having yielded; the
 * yielder itself after a yield (a spin loop that yields hands on for free,
 * as a fair scheduler would, and keeping it spinning counts). A switch
 * after a thread blocked or ended is free.
 *
 * Under memory=c11 a load that may read one of several stores is a
 * decision too: the default is the latest store, and reading an older one
 * counts as a preemption (a deviation from the default run, as a
 * preemption is), so the bound covers every sequentially consistent
 * schedule within it and every stale read that fits in the rest.
 *
 * The enumeration runs in the fork server (rs_core.c): before each run the
 * parent turns the previous run's decisions into the next prefix, a
 * stateless depth-first search. A child writes, for every decision, the
 * thread it chose, the next choice in the order above and what each
 * costs, to memory shared with the parent. The parent backtracks to the
 * deepest decision whose next choice keeps the run within P preemptions;
 * when there is none, every schedule within the bound has run. This relies
 * on the program being deterministic under a given schedule, which the
 * runtime guarantees for what it models; a run that does not fit its prefix
 * is reported as diverged.
 */
#include "rs.h"
#include "sched_exit.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>

void rs_diverged(const char *why) __attribute__((noreturn));

/* decisions one schedule may make under --exhaustive */
#define RS_BOUNDED_MAX (1L << 20)

/* a decision's choice: a thread id, or RS_READ_ENTRY(k) for a read of the
 * k-th store back; NONE: no next choice */
#define NONE INT_MIN

struct rs_brec {
	int tid;       /* chosen */
	int next;      /* the next choice to try here, or NONE */
	char cost;     /* 1: the chosen thread was a preemption */
	char nextcost; /* 1: next would be one */
};

struct rs_blog {
	long n;	      /* decisions logged by the last run */
	long nprefix; /* the next run's forced choices: prefix[0..nprefix) */
	struct rs_brec rec[];
};

/* both shared with the fork server's children: a child that makes one
 * run after another (rs_worker.c) reads each run's prefix there */
static struct rs_blog *blog;
static int *prefix;
static long run_preemptions;
static long pos; /* the run's decisions so far, threads and reads */

/* The candidates (in tid order) in the order the enumeration tries them:
 * the default first. cost[k]: choosing out[k] is a preemption. */
static void canon(struct rs_thread **cand, int n, bool yielded,
		  struct rs_thread **out, char *cost)
{
	int cur = rs_g.current, start = 0, k = 0;
	bool cur_in = false;

	while (start < n && cand[start]->tid <= cur) {
		cur_in = cur_in || cand[start]->tid == cur;
		start++;
	}
	if (cur_in && !yielded) {
		out[k] = cand[start - 1];
		cost[k++] = 0;
	}
	for (int i = 0; i < n; i++) {
		struct rs_thread *t = cand[(start + i) % n];

		if (k > 0 && t == out[0])
			continue;
		out[k] = t;
		/* after a yield, only keeping the yielder costs; with no
		 * yield, anything but the one that goes on */
		cost[k++] = cur_in && (yielded ? t->tid == cur : true);
	}
}

struct rs_thread *rs_default_pick(struct rs_thread **cand, int n, bool yielded)
{
	struct rs_thread *out[RS_MAX_THREADS];
	char cost[RS_MAX_THREADS];

	canon(cand, n, yielded, out, cost);
	return out[0];
}

static void blog_put(long j, int tid, int next, char cost, char nextcost)
{
	if (blog == NULL)
		return;
	if (j >= RS_BOUNDED_MAX)
		rs_die(RS_EXIT_CONFIG, "error",
		       "a schedule made more than %ld decisions: too long to "
		       "enumerate (use a smaller workload)",
		       RS_BOUNDED_MAX);
	blog->rec[j] = (struct rs_brec){tid, next, cost, nextcost};
	blog->n = j + 1;
}

struct rs_thread *rs_bounded_pick(struct rs_thread **cand, int n, bool yielded)
{
	struct rs_thread *out[RS_MAX_THREADS];
	char cost[RS_MAX_THREADS], why[160];
	long j = pos++;
	int k = 0;

	canon(cand, n, yielded, out, cost);
	if (blog != NULL && j < blog->nprefix) {
		while (k < n && out[k]->tid != prefix[j])
			k++;
		if (k == n) {
			snprintf(why, sizeof(why),
				 "decision %ld: %s, though it could under the "
				 "same choices before (the program is not "
				 "deterministic)",
				 j + 1,
				 prefix[j] >= 0 ? "that thread cannot run"
						: "a thread runs, not a read");
			rs_diverged(why);
		}
	}
	run_preemptions += cost[k];
	blog_put(j, out[k]->tid, k + 1 < n ? out[k + 1]->tid : NONE, cost[k],
		 k + 1 < n ? cost[k + 1] : 1);
	return out[k];
}

int rs_bounded_read(int n)
{
	long j = pos++;
	int k = 0;

	if (blog != NULL && j < blog->nprefix) {
		k = RS_READ_ENTRY(prefix[j]); /* (its own inverse) */
		if (prefix[j] >= 0 || k >= n) {
			char why[160];

			snprintf(why, sizeof(why),
				 "decision %ld: a load reads one of %d stores, "
				 "where the same choices before made %s",
				 j + 1, n,
				 prefix[j] >= 0 ? "a thread decision"
						: "a read of more");
			rs_diverged(why);
		}
	}
	run_preemptions += k > 0;
	blog_put(j, RS_READ_ENTRY(k), k + 1 < n ? RS_READ_ENTRY(k + 1) : NONE,
		 k > 0, 1);
	return k;
}

long rs_bounded_preemptions(void)
{
	return run_preemptions;
}

/* A run starts: none of its preemptions made yet. */
void rs_bounded_start(void)
{
	run_preemptions = 0;
	pos = 0; /* (a worker child runs many: each from its first) */
}

void rs_bounded_setup(void)
{
	size_t len = sizeof(struct rs_blog) +
		     (size_t)RS_BOUNDED_MAX * sizeof(struct rs_brec);

	blog = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	prefix = mmap(NULL, (size_t)RS_BOUNDED_MAX * sizeof(*prefix),
		      PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (blog == MAP_FAILED || prefix == MAP_FAILED)
		rs_die(RS_EXIT_CONFIG, "error", "exhaustive: %s",
		       strerror(errno));
	blog->n = 0;
	blog->nprefix = 0;
}

/* Before run i: the next prefix from run i-1's log; false when every
 * schedule within the bound has run. */
bool rs_bounded_next(long i)
{
	long used = 0, j;

	pos = 0; /* (the child starts from the parent's) */
	if (i == 0)
		return true;
	/* preemptions before decision j, then the deepest backtrack point */
	for (j = 0; j < blog->n; j++) {
		prefix[j] = used; /* (scratch: prefix sums) */
		used += blog->rec[j].cost;
	}
	for (j = blog->n - 1; j >= 0; j--)
		if (blog->rec[j].next != NONE &&
		    prefix[j] + blog->rec[j].nextcost <= rs_cfg.preemptions)
			break;
	if (j < 0)
		return false;
	for (long m = 0; m < j; m++)
		prefix[m] = blog->rec[m].tid;
	prefix[j] = blog->rec[j].next;
	blog->nprefix = j + 1;
	blog->n = 0;
	return true;
}
