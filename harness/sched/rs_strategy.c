/*
 * rs_strategy.c - who runs next: random walk, PCT, or a recorded schedule.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * Configuration comes from the environment (read once, before main):
 *
 *   RACELAB_SCHED="strategy=portfolio|random|pct|exhaustive depth=D seed=S
 *                  runs=N maxsteps=N k=N bound=N watchdog=MS trace=N
 *                  tracecap=N quiet=1 spurious=N preemptions=P prefix=1
 *                  first=I"
 *     strategy  portfolio (default): random-walk and PCT schedules in turn
 *               (portfolio_pick below; first=I: this exec's first schedule
 *               is schedule I of the search, for one exec per schedule).
 *               random: a uniform choice at every decision.
 *               pct: Burckhardt et al.'s probabilistic concurrency testing
 *               with depth D (default 3).
 *               exhaustive: every schedule with at most P preemptions
 *               (preemptions=P, default 0), one per fork-server run
 *               (rs_bounded.c).
 *     seed      first seed (decimal or 0x hex); default: from the clock and
 *               the pid, and printed, so any run can be repeated.
 *     runs      schedules to run in this one exec (fork server; seeds seed,
 *               seed+1, ...); stops at the first failing one. Default 1.
 *     maxsteps  schedule points before a run is stopped as a livelock
 *               (exit 82); default 1000000, 0 = no bound.
 *     k         PCT: the number of decisions a run makes, where the change
 *               points are drawn; default learned from earlier runs of the
 *               fork server (the largest seen), else 100.
 *     bound     PCT: after this many decisions, choose at random so that
 *               strict priorities cannot starve a spin loop (default 10000).
 *     watchdog  milliseconds without a schedule point before "uncontrolled
 *               blocking" (exit 83); default 3000, 0 = off.
 *     trace     lines of teaching trace printed at most (default 400);
 *     tracecap  events kept for it (default 65536).
 *     quiet     1: no result line on a passing run (by hand, no racelab).
 *     budget    fork server: milliseconds after which no further run
 *               starts and a running one is stopped ("done ...
 *               stopped=budget": no failing schedule among those done).
 *     mainvoid  1: main is declared void, its return value is no status.
 *     spurious  N: up to N spurious cond wakeups per schedule (default 0):
 *               a thread in a cond wait is then also a choice at each
 *               decision, offered only beside a thread that can really
 *               run (rs_core.c). Part of what a seed or schedule means.
 *     memory    c11 (default): the weak-memory model (rs_c11.c); a load
 *               that may read one of several stores is a read decision,
 *               recorded in the schedule string as rK (the K-th store back
 *               from the latest). sc: every atomic load reads the latest
 *               store. Part of what a seed or schedule means.
 *   RACELAB_SCHED_REPLAY=<schedule string>
 *     replay exactly: the thread chosen at each decision, as reported by a
 *     failing run ("schedule 1x3.2.0x2" on the report channel = T1 three
 *     times, T2, main twice). Set but empty or malformed is an error (kind
 *     "error"); a run that does not fit it is "diverged" (exit 84). With
 *     prefix=1 the string is a prefix: when it ends, the run goes on with
 *     the default non-preemptive choice (rs_bounded.c) instead.
 *   RACELAB_SCHED_FD=<fd>
 *     where the runtime reports to racelab (rs_channel.c, sched_channel.h).
 *
 * A decision is a schedule point where two or more threads are enabled; only
 * decisions consume randomness or schedule entries, so a seed or a schedule
 * string means the same thing whatever the program does between decisions.
 * Changing depth, k or bound changes what a PCT seed means: the printed
 * replay line always names them all.
 */
#include "rs.h"
#include "sched_exit.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void rs_diverged(const char *why) __attribute__((noreturn));

#define RS_MAX_DEPTH 16

static unsigned long long rng_state;
static long pct_k;		       /* k in effect for this run */
static unsigned long cp[RS_MAX_DEPTH]; /* PCT change points (decisions) */
static int *replay;		       /* parsed RACELAB_SCHED_REPLAY */
static size_t nreplay, replay_pos;
/* shrinking (rs_shrink.c): a schedule set in memory, not parsed */
static bool preset;
/* bounded (rs_shrink.c): stay on the running thread except at these
 * decisions, where another thread is chosen at random */
static bool bounded;
#define RS_MAX_BOUND 16
static unsigned long bound_at[RS_MAX_BOUND];
static int nbound;
static unsigned long long bound_seed;
/* keep (rs_shrink.c): stay on the running thread except at these
 * preemptions, named by thread and its own step */
static bool keeping;
static const struct rs_pre *keep;
static size_t nkeep;
/* positions in rs_g.sched of the decisions that were preemptions, and the
 * same preemptions by thread and step */
static size_t *preempt_at;
static struct rs_pre *preempt_pt;
static size_t npreempt, cappreempt;
static unsigned long seen_yields; /* rs_g.yields at the last pick */
static unsigned long yields_seen; /* ... for `yielding` (rs_strategy_pick) */
/* POS: the operation the thread chosen last was about to make, i.e. the
 * step that ran since that choice */
static uintptr_t ex_addr;
static unsigned long ex_len;
static bool ex_write;
static long long yield_floor;	  /* PCT: the last yielder's priority */

/* splitmix64: small, fast, and good enough to pick among a few threads */
unsigned long long rs_rand(void)
{
	unsigned long long z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

long rs_pct_k_used(void)
{
	return pct_k;
}

/* ------------------------------------------------------------ config */

static bool parse_num(const char *v, long long min, long long max,
		      long long *out)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 0);
	if (errno != 0 || end == v || *end != '\0' || x < min || x > max)
		return false;
	*out = x;
	return true;
}

static bool parse_seed(const char *v, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (*v == '-')
		return false;
	*out = strtoull(v, &end, 0);
	return errno == 0 && end != v && *end == '\0';
}

static void config_defaults(struct rs_config *c, const char *spec)
{
	memset(c, 0, sizeof(*c));
	c->strategy = RS_RANDOM;
	c->portfolio = true;
	c->depth = 3;
	c->c11 = true; /* memory=c11 unless memory=sc */
	c->runs = 1;
	c->maxsteps = 1000000;
	c->pct_bound = 10000;
	c->watchdog_ms = 3000;
	c->trace_lines = 400;
	c->trace_cap = 65536;
	c->reset = true;
	c->shrink = true;
	c->spec = spec;
}

static int parse_strategy(const char *v, struct rs_config *c, char *err,
			  size_t errlen)
{
	c->portfolio = strcmp(v, "portfolio") == 0;
	if (strcmp(v, "random") == 0 || c->portfolio)
		c->strategy = RS_RANDOM;
	else if (strcmp(v, "pct") == 0)
		c->strategy = RS_PCT;
	else if (strcmp(v, "pos") == 0)
		c->strategy = RS_POS;
	else if (strcmp(v, "exhaustive") == 0)
		c->strategy = RS_EXHAUSTIVE;
	else {
		snprintf(err, errlen,
			 "strategy '%s': expected portfolio, random, pct or "
			 "exhaustive",
			 v);
		return -1;
	}
	return 0;
}

/* The numeric keys: the field each sets and the values it accepts. */
enum num_type { NUM_INT, NUM_LONG, NUM_BOOL };

struct num_key {
	const char *key;
	long long min, max;
	size_t off; /* of the field in struct rs_config */
	enum num_type type;
};

#define NUM_KEY(key, min, max, field, type)                                    \
	{                                                                      \
		key, min, max, offsetof(struct rs_config, field), type         \
	}

static const struct num_key num_keys[] = {
    NUM_KEY("depth", 1, RS_MAX_DEPTH, depth, NUM_INT),
    NUM_KEY("runs", 1, 1000000000, runs, NUM_LONG),
    NUM_KEY("maxsteps", 0, 1000000000000LL, maxsteps, NUM_LONG),
    NUM_KEY("k", 0, 100000000, pct_k, NUM_LONG),
    NUM_KEY("bound", 1, 1000000000, pct_bound, NUM_LONG),
    NUM_KEY("watchdog", 0, 3600000, watchdog_ms, NUM_LONG),
    NUM_KEY("trace", 0, 100000000, trace_lines, NUM_LONG),
    NUM_KEY("tracecap", 16, 100000000, trace_cap, NUM_LONG),
    NUM_KEY("quiet", 0, 1, quiet, NUM_BOOL),
    NUM_KEY("budget", 1, 1000000000000LL, budget_ms, NUM_LONG),
    NUM_KEY("spurious", 0, 1000000, spurious, NUM_LONG),
    NUM_KEY("mainvoid", 0, 1, main_void, NUM_BOOL),
    NUM_KEY("fork", 0, 1, fork, NUM_BOOL),
    NUM_KEY("preemptions", 0, 1000, preemptions, NUM_LONG),
    NUM_KEY("prefix", 0, 1, replay_prefix, NUM_BOOL),
    NUM_KEY("first", 0, 1000000000000LL, first, NUM_LONG),
    NUM_KEY("jobs", 0, 1024, jobs, NUM_LONG),
    NUM_KEY("reset", 0, 1, reset, NUM_BOOL),
    NUM_KEY("shrink", 0, 1, shrink, NUM_BOOL),
};

static int parse_num_key(const char *key, const char *v, struct rs_config *c,
			 char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(num_keys) / sizeof(num_keys[0]); i++) {
		const struct num_key *k = &num_keys[i];
		char *field = (char *)c + k->off;
		long long x;

		if (strcmp(key, k->key) != 0 ||
		    !parse_num(v, k->min, k->max, &x))
			continue;
		if (k->type == NUM_INT)
			*(int *)field = (int)x;
		else if (k->type == NUM_LONG)
			*(long *)field = (long)x;
		else
			*(bool *)field = x != 0;
		return 0;
	}
	snprintf(err, errlen, "'%s=%s': unknown key or bad value", key, v);
	return -1;
}

/* One KEY=VALUE word of RACELAB_SCHED; TOK is modified. */
static int parse_word(char *tok, struct rs_config *c, char *err, size_t errlen)
{
	char *v = strchr(tok, '=');

	if (v == NULL) {
		snprintf(err, errlen, "'%s': expected KEY=VALUE", tok);
		return -1;
	}
	*v++ = '\0';
	if (strcmp(tok, "strategy") == 0)
		return parse_strategy(v, c, err, errlen);
	if (strcmp(tok, "memory") == 0 &&
	    (strcmp(v, "sc") == 0 || strcmp(v, "c11") == 0)) {
		c->c11 = strcmp(v, "c11") == 0;
		return 0;
	}
	if (strcmp(tok, "seed") == 0) {
		if (!parse_seed(v, &c->seed)) {
			snprintf(err, errlen, "seed '%s': expected a number",
				 v);
			return -1;
		}
		c->seed_given = true;
		return 0;
	}
	return parse_num_key(tok, v, c, err, errlen);
}

int rs_config_parse(const char *spec, struct rs_config *c, char *err,
		    size_t errlen)
{
	char buf[1024], *save = NULL, *tok;

	config_defaults(c, spec);
	if (spec != NULL) {
		if (strlen(spec) >= sizeof(buf)) {
			snprintf(err, errlen, "too long");
			return -1;
		}
		strcpy(buf, spec);
		for (tok = strtok_r(buf, " ,\t", &save); tok != NULL;
		     tok = strtok_r(NULL, " ,\t", &save))
			if (parse_word(tok, c, err, errlen) != 0)
				return -1;
	}
	if (!c->seed_given)
		c->seed = ((unsigned long long)time(NULL) << 16 ^
			   (unsigned long long)getpid()) &
			  0xffffffffULL;
	return 0;
}

/* ------------------------------------------------------------ replay */

static void replay_parse(const char *s)
{
	size_t cap = 64;

	replay = __real_malloc(cap * sizeof(*replay));
	nreplay = 0;
	if (*s == '\0')
		goto bad; /* set but empty: not "no replay" */
	while (replay != NULL && *s != '\0') {
		char *end;
		bool read = *s == 'r'; /* a read decision: rK */
		long tid = strtol(s + read, &end, 10), count = 1;

		if (end == s + read || tid < 0 || tid >= RS_MAX_THREADS ||
		    !(*(s + read) >= '0' && *(s + read) <= '9'))
			goto bad;
		s = end;
		if (read)
			tid = RS_READ_ENTRY(tid);
		if (*s == 'x') {
			count = strtol(s + 1, &end, 10);
			if (end == s + 1 || count < 1 || count > 100000000)
				goto bad;
			s = end;
		}
		if (*s == '.')
			s++;
		else if (*s != '\0')
			goto bad;
		while (count-- > 0) {
			if (nreplay == cap) {
				cap *= 2;
				replay = __real_realloc(replay,
							cap * sizeof(*replay));
				if (replay == NULL)
					break;
			}
			replay[nreplay++] = (int)tid;
		}
	}
	if (replay != NULL)
		return;
bad:
	rs_die(RS_EXIT_CONFIG, "error",
	       "RACELAB_SCHED_REPLAY: malformed schedule near '%.20s' "
	       "(expected TID[xCOUNT].TID... ; rK[xCOUNT] for a read)",
	       s);
}

/* ------------------------------------------------------------ strategies */

void rs_strategy_thread(struct rs_thread *t)
{
	/* PCT: a random priority above every change-point priority */
	t->prio = rs_cfg.depth + 1 + (long long)(rs_rand() >> 33);
}

/*
 * The portfolio (the default): the random walk, POS and PCT d=3 in a
 * cycle of four schedules: random, POS, PCT, POS. Schedule i of a search
 * from seed S (i = 0, 1, ...) is the random walk from seed S + i/4 when
 * i % 4 == 0 (the random strategy's seeds, in order: the first schedule
 * is the random walk's first), POS from seed S + i/2 when i is odd (POS's
 * seeds, in order), PCT d=3 from seed S + i when i % 4 == 2. So it finds
 * what POS finds within twice its schedules, what the random walk or PCT
 * finds within four times theirs. POS is the strongest of the three on
 * the catalogue (rwlock: a writer must run its whole wrlock while a
 * reader waits at one instruction); PCT on programs with many threads
 * where one must wait long (a checker reading between two writes of one
 * of 20 setters); the random walk keeps what it found before
 * (docs/sched.md has the measurements). Each schedule's report names the
 * strategy, seed and depth it used, and its replay is that strategy's.
 */
static void portfolio_pick(void)
{
	long i = rs_cfg.first + rs_g.run_index;

	if (i % 2 == 1) {
		rs_cfg.strategy = RS_POS;
		rs_g.seed = rs_cfg.seed + (unsigned long long)(i / 2);
	} else if (i % 4 == 0) {
		rs_cfg.strategy = RS_RANDOM;
		rs_g.seed = rs_cfg.seed + (unsigned long long)(i / 4);
	} else {
		rs_cfg.strategy = RS_PCT;
		rs_cfg.depth = 3;
		rs_g.seed = rs_cfg.seed + (unsigned long long)i;
	}
}

/* The strategy and seed of run i of this search, for a report the parent
 * writes about a run it did not see end (rs_core.c). */
void rs_strategy_of_run(long i)
{
	rs_g.run_index = i;
	rs_g.seed = rs_cfg.seed + (unsigned long long)i;
	if (rs_cfg.portfolio && rs_cfg.strategy != RS_REPLAY)
		portfolio_pick();
}

void rs_strategy_start(void)
{
	if (rs_cfg.portfolio && rs_cfg.strategy != RS_REPLAY)
		portfolio_pick();
	/* a bounded variant (rs_shrink.c): its own seed alone */
	rng_state = bounded || keeping ? bound_seed : rs_g.seed;
	(void)rs_rand();
	seen_yields = rs_g.yields;
	yields_seen = rs_g.yields;
	yield_floor = 0;
	ex_len = 0;
	pct_k = rs_cfg.pct_k > 0 ? rs_cfg.pct_k : 100;
	if (rs_cfg.strategy == RS_PCT)
		for (int j = 0; j < rs_cfg.depth - 1; j++)
			cp[j] = 1 + (unsigned long)(rs_rand() %
						    (unsigned long long)pct_k);
	for (int i = 0; i < rs_g.nthreads; i++) {
		rs_strategy_thread(rs_g.threads[i]);
		rs_g.threads[i]->op_len = 0;
		rs_g.threads[i]->nsteps = 0;
	}
	npreempt = 0;
	rs_bounded_start();
	if (rs_cfg.strategy == RS_REPLAY) {
		if (!preset)
			replay_parse(rs_cfg.replay);
		replay_pos = 0;
	}
}

static void sched_append(int tid)
{
	if (rs_g.nsched == rs_g.capsched) {
		size_t cap = rs_g.capsched ? rs_g.capsched * 2 : 256;
		int *p = __real_realloc(rs_g.sched, cap * sizeof(*p));

		if (p == NULL)
			rs_die(RS_EXIT_CONFIG, "error", "out of memory");
		rs_g.sched = p;
		rs_g.capsched = cap;
	}
	rs_g.sched[rs_g.nsched++] = tid;
}

/* The running thread is at a sched_yield (or a zero sleep): it gives
 * the processor up, so running another is no preemption (as in CHESS). */
static bool yielding;

/* No preemption: the running thread if it can go on and does not yield,
 * else the next one after it (by tid, round the table). */
static struct rs_thread *pick_stay(struct rs_thread **cand, int n)
{
	for (int i = 0; i < n; i++)
		if (cand[i]->tid == rs_g.current)
			return yielding ? cand[(i + 1) % n] : cand[i];
	for (int i = 0; i < n; i++)
		if (cand[i]->tid > rs_g.current)
			return cand[i];
	return cand[0];
}

/* Keep: the running thread, unless one of the kept preemptions is here,
 * at this thread and its step; then the thread it gave way to, or if that
 * one cannot run now, the next after the one that would stay. */
static struct rs_thread *pick_keep(struct rs_thread **cand, int n)
{
	struct rs_thread *stay = pick_stay(cand, n);
	int i;

	if (stay->tid != rs_g.current)
		return stay;
	for (size_t j = 0; j < nkeep; j++) {
		if (keep[j].tid != stay->tid || keep[j].steps != stay->nsteps)
			continue;
		for (i = 0; i < n; i++)
			if (cand[i]->tid == keep[j].to)
				return cand[i];
		for (i = 0; cand[i] != stay; i++)
			;
		return cand[(i + 1) % n];
	}
	return stay;
}

static struct rs_thread *pick_bounded(struct rs_thread **cand, int n)
{
	struct rs_thread *stay = pick_stay(cand, n);

	for (int j = 0; j < nbound; j++)
		if (bound_at[j] == rs_g.decisions) {
			int i = (int)(rs_rand() % (unsigned long long)(n - 1));

			/* any thread but the one that would stay */
			return cand[i] == stay ? cand[n - 1] : cand[i];
		}
	return stay;
}

static struct rs_thread *pick_replay(struct rs_thread **cand, int n,
				     bool yielded)
{
	char why[256];
	size_t off;

	if (bounded)
		return pick_bounded(cand, n);
	if (keeping)
		return pick_keep(cand, n);
	if (replay_pos >= nreplay && rs_cfg.replay_prefix)
		return rs_default_pick(cand, n, yielded);
	if (replay_pos >= nreplay) {
		snprintf(why, sizeof(why),
			 "the schedule ends after %zu decisions but the run "
			 "goes on",
			 nreplay);
		rs_diverged(why);
	}
	for (int i = 0; i < n && replay[replay_pos] >= 0; i++)
		if (cand[i]->tid == replay[replay_pos]) {
			replay_pos++;
			return cand[i];
		}
	if (replay[replay_pos] < 0) {
		snprintf(why, sizeof(why),
			 "decision %zu is a read (r%d), but the run chooses a "
			 "thread there",
			 replay_pos + 1, RS_READ_ENTRY(replay[replay_pos]));
		rs_diverged(why);
	}
	off = (size_t)snprintf(why, sizeof(why),
			       "decision %zu names T%d, but the threads that "
			       "can run are",
			       replay_pos + 1, replay[replay_pos]);
	for (int i = 0; i < n && off < sizeof(why); i++) {
		char tn[16];

		off += (size_t)snprintf(why + off, sizeof(why) - off, " %s",
					rs_tname(cand[i]->tid, tn, sizeof(tn)));
	}
	rs_diverged(why);
}

/*
 * A thread that yields (sched_yield, a zero sleep: a spin-wait's way of
 * saying "not me yet") drops below every other thread, the change-point
 * priorities included, as the most recent yielder. Under strict priorities
 * a spin-waiting thread would otherwise keep the processor until a change
 * point or the bound, and its spinning would use up the change points and
 * inflate k: PCT could then never place them where the bug needs them.
 */
static void pct_yielded(void)
{
	struct rs_thread *t = rs_g.threads[rs_g.current];

	if (t != NULL && t->state == RS_T_LIVE)
		t->prio = --yield_floor;
}

void rs_point_access(struct rs_thread *me, uintptr_t addr, unsigned long len,
		     bool write)
{
	me->op_addr = addr;
	me->op_len = len;
	me->op_write = write;
	rs_point(me);
}

/* Does u's next operation race with the one that just ran? Two accesses
 * race when they overlap and one writes; calls on the model (locks,
 * waits, creates, ...) are taken to race with each other, whatever their
 * object (measured: racing by object found rwlock's bug less often). */
static bool pos_races(const struct rs_thread *u)
{
	if (u->op_len == 0 || ex_len == 0)
		return u->op_len == 0 && ex_len == 0;
	return (u->op_write || ex_write) && u->op_addr < ex_addr + ex_len &&
	       ex_addr < u->op_addr + u->op_len;
}

/*
 * POS (Yuan, Yang and Gu, "Partial order aware concurrency sampling",
 * CAV 2018): every thread's next operation has a random priority and the
 * highest runs. When a step has run, its thread's next operation draws a
 * new priority, and so does every other operation that races with the
 * step (the order between them is the choice that matters); the others
 * keep theirs. So a thread whose next step drew low waits while others
 * run many steps (a run of L steps has probability about 1/L, not 2^-L as
 * in the random walk), yet any thread may be passed at any point.
 */
static struct rs_thread *pick_pos(struct rs_thread **cand, int n,
				  bool yielded)
{
	struct rs_thread *cur = rs_g.threads[rs_g.current];
	struct rs_thread *best = NULL;

	for (int i = 0; i < n; i++)
		if (cand[i] != cur && pos_races(cand[i]))
			rs_strategy_thread(cand[i]);
	/* a thread that yields waits for another (a spin-wait): it drops
	 * below every other, as under PCT, or a lock holder whose priority
	 * drew low would wait while spinners redraw theirs again and again */
	if (cur != NULL && cur->state == RS_T_LIVE && yielded)
		cur->prio = --yield_floor;
	else if (cur != NULL && cur->state == RS_T_LIVE)
		rs_strategy_thread(cur);
	for (int i = 0; i < n; i++)
		if (best == NULL || cand[i]->prio > best->prio)
			best = cand[i];
	return best;
}

static struct rs_thread *pick_pct(struct rs_thread **cand, int n)
{
	struct rs_thread *best = NULL;

	for (int j = 0; j < rs_cfg.depth - 1; j++) {
		if (cp[j] != rs_g.decisions)
			continue;
		/* change point j: the thread about to run drops below all
		 * others, to priority j + 1 (1..d-1) */
		for (int i = 0; i < n; i++)
			if (best == NULL || cand[i]->prio > best->prio)
				best = cand[i];
		best->prio = j + 1;
		best = NULL;
	}
	for (int i = 0; i < n; i++)
		if (best == NULL || cand[i]->prio > best->prio)
			best = cand[i];
	return best;
}

static void preempt_grow(void)
{
	size_t cap = cappreempt ? cappreempt * 2 : 64;
	size_t *p = __real_realloc(preempt_at, cap * sizeof(*p));
	struct rs_pre *q = p == NULL ? NULL
				     : __real_realloc(preempt_pt,
						      cap * sizeof(*q));

	if (q == NULL)
		rs_die(RS_EXIT_CONFIG, "error", "out of memory");
	preempt_at = p;
	preempt_pt = q;
	cappreempt = cap;
}

/* A decision that switches away from a running thread that could go on
 * is a preemption: where it is, for shrinking (rs_shrink.c). */
static void note_preemption(struct rs_thread **cand, int n,
			    const struct rs_thread *t)
{
	if (t->tid == rs_g.current || yielding)
		return;
	for (int i = 0; i < n; i++)
		if (cand[i]->tid == rs_g.current) {
			if (npreempt == cappreempt)
				preempt_grow();
			preempt_pt[npreempt] = (struct rs_pre){
			    cand[i]->tid, t->tid, cand[i]->nsteps};
			preempt_at[npreempt++] = rs_g.nsched;
			return;
		}
}

size_t rs_strategy_preemptions(const size_t **at)
{
	*at = preempt_at;
	return npreempt;
}

const struct rs_pre *rs_strategy_pre_points(void)
{
	return preempt_pt;
}

void rs_strategy_keep(const struct rs_pre *pre, size_t n,
		      unsigned long long seed)
{
	rng_state = seed;
	bound_seed = seed;
	keep = pre;
	nkeep = n;
	rs_strategy_preset(NULL, 0);
	keeping = true;
}

/* No schedule: stay on the running thread except at k decisions drawn
 * from 1..decisions (seeded), where another thread runs; a read reads
 * at random. */
void rs_strategy_bounded(int k, unsigned long decisions,
			 unsigned long long seed)
{
	rng_state = seed;
	nbound = k < RS_MAX_BOUND ? k : RS_MAX_BOUND;
	for (int j = 0; j < nbound; j++)
		bound_at[j] = 1 + (unsigned long)(rs_rand() % decisions);
	bound_seed = seed;
	rs_strategy_preset(NULL, 0);
	bounded = true;
}

void rs_strategy_preset(int *sched, size_t n)
{
	rs_cfg.strategy = RS_REPLAY;
	preset = true;
	replay = sched;
	nreplay = n;
}

struct rs_thread *rs_strategy_pick(struct rs_thread **cand, int n)
{
	struct rs_thread *t;

	/* rs_g.yields goes up just before a yield's schedule point */
	yielding = rs_g.yields != yields_seen;
	yields_seen = rs_g.yields;
	bool yielded = rs_g.yields != seen_yields;

	if (yielded) {
		/* the thread that ran last made a yield: rs_g.current */
		seen_yields = rs_g.yields;
		if (rs_cfg.strategy == RS_PCT)
			pct_yielded();
	}
	if (n == 1) {
		t = cand[0];
		goto out;
	}
	rs_g.decisions++;
	switch (rs_cfg.strategy) {

	case RS_REPLAY:
		t = pick_replay(cand, n, yielded);
		break;
	case RS_EXHAUSTIVE:
		t = rs_bounded_pick(cand, n, yielded);
		break;
	case RS_POS:
		/* past the bound, random, as PCT: a spin loop that does not
		 * yield must not starve the thread it waits for */
		if (rs_g.decisions <= (unsigned long)rs_cfg.pct_bound)
			t = pick_pos(cand, n, yielded);
		else
			t = cand[rs_rand() % (unsigned long long)n];
		break;
	case RS_PCT:
		/* past the bound, random: strict priorities would starve a
		 * spin loop forever */
		if (rs_g.decisions <= (unsigned long)rs_cfg.pct_bound)
			t = pick_pct(cand, n);
		else
			t = cand[rs_rand() % (unsigned long long)n];
		break;
	default:
		t = cand[rs_rand() % (unsigned long long)n];
		break;
	}
	note_preemption(cand, n, t);
	sched_append(t->tid);
out:
	t->nsteps++;
	ex_addr = t->op_addr;
	ex_len = t->op_len;
	ex_write = t->op_write;
	t->op_addr = 0;
	t->op_len = 0;
	return t;
}

/*
 * memory=c11: a load that may read any of n stores (n >= 2) reads the
 * K-th back from the latest. Not a thread decision: PCT's change points
 * and rs_g.decisions do not count it, so PCT seeds keep their meaning.
 */
int rs_strategy_read(int n)
{
	char why[160];
	int k;

	if (rs_cfg.strategy == RS_EXHAUSTIVE) {
		k = rs_bounded_read(n);
	} else if (rs_cfg.strategy != RS_REPLAY) {
		k = (int)(rs_rand() % (unsigned long long)n);
	} else if (bounded || keeping) {
		k = (int)(rs_rand() % (unsigned long long)n);
	} else if (replay_pos < nreplay && replay[replay_pos] < 0 &&
		   RS_READ_ENTRY(replay[replay_pos]) < n) {
		k = RS_READ_ENTRY(replay[replay_pos++]);
	} else if (replay_pos >= nreplay && rs_cfg.replay_prefix) {
		k = 0; /* past the prefix, the default: the latest store */
	} else {
		snprintf(why, sizeof(why),
			 "read decision %zu: the schedule %s, but the load may "
			 "read one of %d stores",
			 replay_pos + 1,
			 replay_pos >= nreplay	   ? "has ended"
			 : replay[replay_pos] >= 0 ? "names a thread"
						   : "names an older store",
			 n);
		rs_diverged(why);
	}
	sched_append(RS_READ_ENTRY(k));
	return k;
}

void rs_strategy_end_check(void)
{
	char why[160];

	if (rs_cfg.strategy != RS_REPLAY || replay_pos == nreplay || bounded ||
	    keeping)
		return;
	snprintf(why, sizeof(why),
		 "the run ended after %zu decisions; the schedule has %zu",
		 replay_pos, nreplay);
	rs_diverged(why);
}

/* Run-length form: "1x3.2.0x2" = T1 three times, then T2, then main twice;
 * "r1" = a load read the store before the latest. */
void rs_schedule_format(FILE *f)
{
	for (size_t i = 0; i < rs_g.nsched;) {
		size_t j = i;

		while (j < rs_g.nsched && rs_g.sched[j] == rs_g.sched[i])
			j++;
		if (rs_g.sched[i] < 0)
			fprintf(f, "%sr%d", i ? "." : "",
				RS_READ_ENTRY(rs_g.sched[i]));
		else
			fprintf(f, "%s%d", i ? "." : "", rs_g.sched[i]);
		if (j - i > 1)
			fprintf(f, "x%zu", j - i);
		i = j;
	}
}
