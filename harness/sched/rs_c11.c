/*
 * rs_c11.c - the C11 weak-memory model (RACELAB_SCHED memory=c11).
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * The baton runs one thread at a time, so without this file every atomic
 * load returns the latest store: a sequentially consistent machine. With
 * memory=c11 each atomic location keeps its stores in modification order
 * (the order they ran in) and each thread keeps a vector clock (what
 * happens before it) and, per location, the latest store it has seen. An
 * atomic load may then return any store that neither happens-before nor
 * coherence hides from it, which one chosen like a thread at a decision:
 * by the seed, and recorded in the schedule string as "rK" (the K-th store
 * back from the latest), so a replay reads the same stores.
 *
 * The rules (C11 7.17, 5.1.2.4), as modelled:
 *  - coherence: a thread never reads a store older than one it has already
 *    read or written at that location, nor older than the latest store
 *    that happens before it;
 *  - release/acquire: an acquire load (consume counts as acquire) that
 *    reads a release store, or a store in its release sequence (the RMWs
 *    after it), takes the writer's clock; release and acquire fences do
 *    the same through a relaxed store or load;
 *  - RMWs (exchange, fetch_*, a successful CAS) always read the latest
 *    store; a failed CAS reads the latest too (C11 allows older: a limit);
 *  - seq_cst: a seq_cst load reads no older than the last seq_cst store to
 *    its location; seq_cst fences are totally ordered and each one takes
 *    the clocks of all earlier ones (a stronger rule than C11's, which
 *    orders only the accesses around the two fences);
 *  - every pthread synchronization (lock, unlock, create, join, condvar,
 *    semaphore, ...) acts as a seq_cst fence: stronger than POSIX needs,
 *    never weaker.
 * Not modelled: loads reading stores that come later in time (load
 * buffering, out-of-thin-air values), plain (non-atomic) accesses, which
 * always see the latest write, and 128-bit atomics (sequentially
 * consistent). Only the last C11_KEEP stores of a location can be read.
 */
#include "rs.h"
#include "sched_exit.h"

#include <string.h>

#define C11_KEEP    8	 /* stores kept per location */
#define C11_BUCKETS 4096 /* location hash */
#define C11_STALE   1024 /* stale reads remembered for the trace */

enum { MO_RELAXED, MO_CONSUME, MO_ACQUIRE, MO_RELEASE, MO_ACQ_REL, MO_SEQ_CST };

/* A vector clock: c[t] = how much of thread t happens before. */
struct vc {
	int n;
	unsigned long c[];
};

struct c11_store {
	long long value;
	int tid; /* -1: the value found in memory (happens before all) */
	unsigned long clock; /* the writer's own entry at the store */
	unsigned long step;  /* rs_g.nev when it ran */
	uintptr_t pc;
	bool sc;
	struct vc *rel; /* what an acquire reading it takes, or NULL */
};

struct c11_loc {
	uintptr_t addr;
	int size;
	struct c11_loc *next;
	unsigned long n;       /* stores ever: mo index of the next one */
	unsigned long last_sc; /* mo index + 1 of the last seq_cst store */
	struct c11_store st[C11_KEEP];
	unsigned long *seen; /* per tid: mo index + 1 last read/written */
	int nseen;
};

struct c11_thread {
	struct vc *vc;		  /* happens-before */
	struct vc *relf;	  /* at its last release fence */
	struct vc *acqf;	  /* release clocks its relaxed loads read */
	unsigned long fence_step; /* its last seq_cst fence (rs_g.nev) */
};

struct c11_stale {
	unsigned long step;
	long long latest;
	int tid;
	uintptr_t pc;
};

static struct c11_loc *locs[C11_BUCKETS];
static struct c11_thread ths[RS_MAX_THREADS];
static struct vc *gsc; /* joined by every seq_cst fence */
static struct c11_stale stale[C11_STALE];

/* ------------------------------------------------------------ clocks */

static void *c11_alloc(size_t n)
{
	void *p = __real_calloc(1, n);

	if (p == NULL)
		rs_die(RS_EXIT_CONFIG, "error", "out of memory (memory=c11)");
	return p;
}

static struct vc *vc_new(int n)
{
	struct vc *v = c11_alloc(sizeof(*v) + (size_t)n * sizeof(v->c[0]));

	v->n = n;
	return v;
}

/* *dst joined with src (src may be NULL); *dst grows as needed. */
static void vc_join(struct vc **dst, const struct vc *src)
{
	struct vc *d = *dst;

	if (src == NULL)
		return;
	if (d == NULL || d->n < src->n) {
		struct vc *g = vc_new(src->n);

		if (d != NULL) {
			memcpy(g->c, d->c, (size_t)d->n * sizeof(d->c[0]));
			__real_free(d);
		}
		*dst = d = g;
	}
	for (int i = 0; i < src->n; i++)
		if (src->c[i] > d->c[i])
			d->c[i] = src->c[i];
}

static struct vc *vc_copy(const struct vc *src)
{
	struct vc *v = NULL;

	vc_join(&v, src);
	return v;
}

static unsigned long vc_get(const struct vc *v, int tid)
{
	return v != NULL && tid < v->n ? v->c[tid] : 0;
}

static struct c11_thread *th_of(const struct rs_thread *t)
{
	return &ths[t->tid];
}

/* The thread's own entry goes up by one: its next store is new. */
static void tick(const struct rs_thread *t)
{
	struct c11_thread *c = th_of(t);

	if (c->vc == NULL || c->vc->n <= t->tid) {
		struct vc *one = vc_new(t->tid + 1);

		vc_join(&c->vc, one);
		__real_free(one);
	}
	c->vc->c[t->tid]++;
}

/* ------------------------------------------------------------ locations */

static struct c11_store *st_at(struct c11_loc *l, unsigned long i)
{
	return &l->st[i % C11_KEEP];
}

static unsigned long first_kept(const struct c11_loc *l)
{
	return l->n > C11_KEEP ? l->n - C11_KEEP : 0;
}

static void loc_reset(struct c11_loc *l, int size, long long now)
{
	for (unsigned long i = first_kept(l); i < l->n; i++) {
		__real_free(st_at(l, i)->rel);
		st_at(l, i)->rel = NULL;
	}
	memset(l->seen, 0, (size_t)l->nseen * sizeof(l->seen[0]));
	l->size = size;
	l->n = 1;
	l->last_sc = 0;
	memset(&l->st[0], 0, sizeof(l->st[0]));
	l->st[0].value = now;
	l->st[0].tid = -1;
}

/*
 * The location at addr. Memory always holds the latest store in
 * modification order, so when it holds something else, a plain write (or
 * memory reused after a free) came in between: its history starts again
 * from what memory holds, visible to every thread.
 */
static struct c11_loc *loc_get(uintptr_t addr, int size, long long now)
{
	size_t b = (size_t)((addr * 0x9e3779b97f4a7c15ULL) >> 52) % C11_BUCKETS;
	struct c11_loc *l;

	for (l = locs[b]; l != NULL; l = l->next)
		if (l->addr == addr)
			break;
	if (l == NULL) {
		l = c11_alloc(sizeof(*l));
		l->addr = addr;
		l->next = locs[b];
		locs[b] = l;
		loc_reset(l, size, now);
		return l;
	}
	if (l->size != size || st_at(l, l->n - 1)->value != now)
		loc_reset(l, size, now);
	return l;
}

static unsigned long *seen_of(struct c11_loc *l, int tid)
{
	if (tid >= l->nseen) {
		int n = tid + 8;
		unsigned long *s = c11_alloc((size_t)n * sizeof(*s));

		if (l->seen != NULL)
			memcpy(s, l->seen, (size_t)l->nseen * sizeof(*s));
		__real_free(l->seen);
		l->seen = s;
		l->nseen = n;
	}
	return &l->seen[tid];
}

static bool is_acquire(int mo)
{
	return mo == MO_CONSUME || mo == MO_ACQUIRE || mo == MO_ACQ_REL ||
	       mo == MO_SEQ_CST;
}

static bool is_release(int mo)
{
	return mo == MO_RELEASE || mo == MO_ACQ_REL || mo == MO_SEQ_CST;
}

/* ------------------------------------------------------------ reading */

/* Does store s happen before what clock v has seen? */
static bool hb(const struct c11_store *s, const struct vc *v)
{
	return s->tid < 0 || s->clock <= vc_get(v, s->tid);
}

/* The oldest store (mo index) that thread t may read with order mo. */
static unsigned long oldest_readable(struct c11_loc *l,
				     const struct rs_thread *t, int mo)
{
	const struct c11_thread *c = th_of(t);
	unsigned long lo = first_kept(l), seen = *seen_of(l, t->tid);
	bool sc = mo == MO_SEQ_CST;

	if (seen > 0 && seen - 1 > lo)
		lo = seen - 1;
	if (sc && l->last_sc > 0 && l->last_sc - 1 > lo)
		lo = l->last_sc - 1;
	for (unsigned long i = l->n; i-- > lo;) {
		const struct c11_store *s = st_at(l, i);

		/* happens before; a seq_cst load also sees what the seq_cst
		 * fences published; after a seq_cst fence, a load sees the
		 * seq_cst stores before it (C11 7.17.3p4-p5) */
		if (hb(s, c->vc) || (sc && hb(s, gsc)) ||
		    (s->sc && s->step < c->fence_step))
			return i;
	}
	return lo;
}

/* Thread t reads store i: coherence, and what an acquire takes. */
static void take(struct c11_loc *l, const struct rs_thread *t, unsigned long i,
		 int mo)
{
	struct c11_thread *c = th_of(t);
	unsigned long *seen = seen_of(l, t->tid);

	if (i + 1 > *seen)
		*seen = i + 1;
	if (is_acquire(mo))
		vc_join(&c->vc, st_at(l, i)->rel);
	else
		vc_join(&c->acqf, st_at(l, i)->rel);
}

static void stale_note(const struct c11_store *latest)
{
	struct c11_stale *s = &stale[(rs_g.nev + 1) % C11_STALE];

	/* the load's own event is recorded next, as step rs_g.nev + 1 */
	s->step = rs_g.nev + 1;
	s->latest = latest->value;
	s->tid = latest->tid;
	s->pc = latest->pc;
}

long long rs_c11_load(struct rs_thread *t, const volatile void *a, int size,
		      long long now, int mo)
{
	struct c11_loc *l = loc_get((uintptr_t)a, size, now);
	unsigned long lo = oldest_readable(l, t, mo), i = l->n - 1;

	if (l->n - lo > 1)
		i -= (unsigned long)rs_strategy_read((int)(l->n - lo));
	take(l, t, i, mo);
	if (i != l->n - 1)
		stale_note(st_at(l, l->n - 1));
	return st_at(l, i)->value;
}

/* ------------------------------------------------------------ writing */

static void append(struct c11_loc *l, const struct rs_thread *t, long long v,
		   int mo, struct vc *rel, uintptr_t pc)
{
	struct c11_store *s = st_at(l, l->n);

	__real_free(s->rel); /* the store that falls out of the window */
	tick(t);
	s->value = v;
	s->tid = t->tid;
	s->clock = th_of(t)->vc->c[t->tid];
	s->step = rs_g.nev + 1;
	s->pc = pc;
	s->sc = mo == MO_SEQ_CST;
	s->rel = rel;
	if (s->sc)
		l->last_sc = l->n + 1;
	*seen_of(l, t->tid) = ++l->n;
}

/* The clock a store with order mo releases: its thread's (release), or
 * the one at its last release fence (relaxed), or none. */
static struct vc *release_clock(const struct rs_thread *t, int mo)
{
	const struct c11_thread *c = th_of(t);

	if (is_release(mo))
		return vc_copy(c->vc); /* the store's own entry: set after */
	return c->relf != NULL ? vc_copy(c->relf) : NULL;
}

void rs_c11_store(struct rs_thread *t, const volatile void *a, int size,
		  long long now, long long v, int mo, uintptr_t pc)
{
	struct c11_loc *l = loc_get((uintptr_t)a, size, now);

	append(l, t, v, mo, release_clock(t, mo), pc);
	if (is_release(mo)) /* the clock taken covers this store */
		st_at(l, l->n - 1)->rel->c[t->tid] = st_at(l, l->n - 1)->clock;
}

/* An RMW reads the latest store and writes the next one; the release
 * sequence of the store it read goes on through it. */
void rs_c11_rmw(struct rs_thread *t, const volatile void *a, int size,
		long long old, long long v, int mo, uintptr_t pc)
{
	struct c11_loc *l = loc_get((uintptr_t)a, size, old);
	struct vc *rel;

	take(l, t, l->n - 1, mo);
	rel = release_clock(t, mo);
	vc_join(&rel, st_at(l, l->n - 1)->rel);
	append(l, t, v, mo, rel, pc);
	if (is_release(mo))
		rel->c[t->tid] = st_at(l, l->n - 1)->clock;
}

/* A failed CAS: a load of the latest store with the failure order. */
void rs_c11_cas_fail(struct rs_thread *t, const volatile void *a, int size,
		     long long now, int mo)
{
	struct c11_loc *l = loc_get((uintptr_t)a, size, now);

	take(l, t, l->n - 1, mo);
}

/* ------------------------------------------------------------ fences */

void rs_c11_fence(struct rs_thread *t, int mo)
{
	struct c11_thread *c = th_of(t);

	if (is_acquire(mo))
		vc_join(&c->vc, c->acqf);
	if (mo == MO_SEQ_CST) {
		vc_join(&c->vc, gsc);
		tick(t);
		vc_join(&gsc, c->vc);
		c->fence_step = rs_g.nev + 1;
	}
	if (is_release(mo)) {
		__real_free(c->relf);
		c->relf = vc_copy(c->vc);
	}
}

/*
 * Every recorded event passes here (rs_record). pthread synchronization
 * is a seq_cst fence; a new thread starts from its creator's clock.
 */
void rs_c11_event(struct rs_thread *t, int kind, int aux)
{
	switch (kind) {
	case RS_EV_CREATE:
		if (aux >= 0 && aux < RS_MAX_THREADS) {
			struct c11_thread *n = &ths[aux];

			__real_free(n->vc);
			__real_free(n->relf);
			__real_free(n->acqf);
			memset(n, 0, sizeof(*n));
			rs_c11_fence(t, MO_SEQ_CST);
			n->vc = vc_copy(th_of(t)->vc);
		}
		return;
	case RS_EV_READ:
	case RS_EV_WRITE:
	case RS_EV_ALOAD:
	case RS_EV_ASTORE:
	case RS_EV_ARMW:
	case RS_EV_ACAS:
	case RS_EV_FENCE:
	case RS_EV_SLEEP:
	case RS_EV_YIELD:
	case RS_EV_TIMEOUT:
	case RS_EV_FREE:
		return;
	default:
		rs_c11_fence(t, MO_SEQ_CST);
	}
}

/* ------------------------------------------------------------ the trace */

bool rs_c11_stale(unsigned long step, long long *latest, int *tid,
		  uintptr_t *pc)
{
	const struct c11_stale *s = &stale[step % C11_STALE];

	if (!rs_cfg.c11 || s->step != step)
		return false;
	*latest = s->latest;
	*tid = s->tid;
	*pc = s->pc;
	return true;
}

/*
 * Forget every location, clock and stale read (rs_worker.c, before the
 * next run in the same process): the model is then as a fresh child's.
 * nthreads: the slots the run that ended used.
 */
void rs_c11_reset(int nthreads)
{
	for (size_t b = 0; b < C11_BUCKETS; b++) {
		struct c11_loc *l, *next;

		for (l = locs[b]; l != NULL; l = next) {
			next = l->next;
			for (unsigned long i = first_kept(l); i < l->n; i++)
				__real_free(st_at(l, i)->rel);
			__real_free(l->seen);
			__real_free(l);
		}
		locs[b] = NULL;
	}
	for (int i = 0; i < nthreads && i < RS_MAX_THREADS; i++) {
		__real_free(ths[i].vc);
		__real_free(ths[i].relf);
		__real_free(ths[i].acqf);
		memset(&ths[i], 0, sizeof(ths[i]));
	}
	__real_free(gsc);
	gsc = NULL;
	memset(stale, 0, sizeof(stale));
}
