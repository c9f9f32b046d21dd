/*
 * rs_report.c - what a student reads when a schedule fails: the
 * interleaving, one column per thread, then the deadlock cycle or the crash.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 * Called with rs_g.lock held (or from a dying thread), after the run ended.
 *
 * What the trace shows, and why:
 *  - conflicting accesses: every access to memory that two or more threads
 *    touched, at least once by a write (or atomic update) made while
 *    another thread was alive -- whoever made the access and whenever, so a
 *    read after the writer has exited is there too. Memory one thread
 *    filled in before others existed (a worker's argument block) would only
 *    hide the race;
 *  - a value only where it is the source variable's value (rs_symbol.c
 *    checks the declaration), else "(value not shown)";
 *  - every synchronization call of the program's own code;
 *  - one column per thread; with more than MAX_COLS threads, the ones that
 *    take the most part in the failure, and one shared column for the rest;
 *  - not the drivers' shared code (harness/cases/common/driver.c: the start
 *    gate, spawning and joining), which is the same for every case.
 * Objects are named by their global's symbol, or as objN with a legend
 * giving the allocation site (heap) or the first use (anything else), never
 * by address: ASLR would make two replays of one schedule print different
 * text. For the same reason pointer values are printed as names too.
 */
#include "rs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ names */

struct label {
	uintptr_t base;
	size_t size;  /* 0: a single address (not a heap block) */
	uintptr_t pc; /* allocation site, or first use */
	bool heap;
};

/*
 * Names the program gave its objects through racelab_name_object (the
 * drivers' drv_name): optional, they only replace "obj3+16" in traces.
 */
struct given_name {
	uintptr_t base;
	size_t size;
	char name[96];
};
#define MAX_GIVEN 256
static struct given_name given[MAX_GIVEN];
static int ngiven;

void racelab_name_object(const void *addr, size_t size, const char *name)
{
	struct given_name *g;

	if (ngiven == MAX_GIVEN || addr == NULL)
		return;
	g = &given[ngiven++];
	g->base = (uintptr_t)addr;
	g->size = size ? size : 1;
	snprintf(g->name, sizeof(g->name), "%s", name);
}

static bool given_name(uintptr_t addr, char *buf, size_t len)
{
	for (int i = ngiven - 1; i >= 0; i--) {
		if (addr < given[i].base ||
		    addr >= given[i].base + given[i].size)
			continue;
		if (addr == given[i].base)
			snprintf(buf, len, "%s", given[i].name);
		else
			snprintf(buf, len, "%s+%lu", given[i].name,
				 (unsigned long)(addr - given[i].base));
		return true;
	}
	return false;
}

#define MAX_LABELS 512
static struct label labels[MAX_LABELS];
static int nlabels;

static uintptr_t first_use_pc(uintptr_t addr)
{
	struct rs_obj *o = rs_obj_find(addr);
	unsigned long lo = rs_g.nev > (unsigned long)rs_cfg.trace_cap
			       ? rs_g.nev - (unsigned long)rs_cfg.trace_cap
			       : 0;

	if (o != NULL && o->first_pc != 0)
		return o->first_pc;
	for (unsigned long s = lo + 1; s <= rs_g.nev; s++) {
		const struct rs_event *e =
		    &rs_g.ev[(s - 1) % (unsigned long)rs_cfg.trace_cap];

		if (e->addr == addr && e->pc != 0)
			return e->pc;
	}
	return 0;
}

void rs_obj_label(uintptr_t addr, char *buf, size_t len)
{
	uintptr_t base, pc;
	size_t size;
	int i;

	if (addr < 4096) { /* a NULL pointer, or a field behind one */
		snprintf(buf, len, addr ? "NULL+%lu" : "NULL",
			 (unsigned long)addr);
		return;
	}
	if (given_name(addr, buf, len) || rs_data_symbol(addr, buf, len))
		return;
	for (i = 0; i < nlabels; i++)
		if (labels[i].heap
			? addr >= labels[i].base &&
			      addr < labels[i].base + labels[i].size +
					 (labels[i].size == 0)
			: addr == labels[i].base)
			break;
	if (i == nlabels && i < MAX_LABELS) {
		if (rs_heap_find(addr, &base, &size, &pc))
			labels[i] = (struct label){base, size, pc, true};
		else
			labels[i] =
			    (struct label){addr, 0, first_use_pc(addr), false};
		rs_sym_add(labels[i].pc);
		nlabels++;
	}
	if (i == MAX_LABELS) {
		snprintf(buf, len, "obj?");
		return;
	}
	if (labels[i].heap && addr != labels[i].base)
		snprintf(buf, len, "obj%d+%lu", i + 1,
			 (unsigned long)(addr - labels[i].base));
	else
		snprintf(buf, len, "obj%d", i + 1);
}

/* "bad/counter.c:31", or the file alone when the line table names no line
 * (code the compiler moved or merged: line 0 is no line). */
static void place_text(const struct rs_sym *s, char *buf, size_t len)
{
	if (strcmp(s->file, "??") == 0) /* no debug information at all */
		snprintf(buf, len, "(unknown place)");
	else if (s->line > 0)
		snprintf(buf, len, "%s:%d", s->file, s->line);
	else
		snprintf(buf, len, "%s (line unknown)", s->file);
}

void rs_report_where(FILE *f, uintptr_t pc)
{
	const struct rs_sym *s = rs_sym_get(pc);
	char at[128];

	if (pc == 0) {
		fprintf(f, "(unknown place)");
		return;
	}
	place_text(s, at, sizeof(at));
	if (strcmp(s->func, "??") == 0)
		fprintf(f, "%s", at);
	else
		fprintf(f, "%s in %s", at, s->func);
}

static int legend_done; /* labels already explained */

/* Explain the objN names not explained yet. */
static void print_legend(FILE *f)
{
	if (legend_done >= nlabels)
		return;
	fprintf(f, "objects:\n");
	for (int i = legend_done; i < nlabels; i++) {
		fprintf(f, "  obj%d: ", i + 1);
		if (labels[i].heap)
			fprintf(f, "%zu-byte heap block allocated at ",
				labels[i].size);
		else
			fprintf(f, "memory first used at ");
		rs_report_where(f, labels[i].pc);
		fputc('\n', f);
	}
	legend_done = nlabels;
}

/* A pointer as what it points to (see the header). */
static void pointer_text(char *buf, size_t len, unsigned long long u)
{
	uintptr_t base, pc;
	size_t sz;
	char name[64];

	if (u == 0) {
		snprintf(buf, len, "NULL");
	} else if (rs_heap_find((uintptr_t)u, &base, &sz, &pc) ||
		   rs_data_symbol((uintptr_t)u, name, sizeof(name))) {
		rs_obj_label((uintptr_t)u, name, sizeof(name));
		snprintf(buf, len, "&%s", name);
	} else {
		snprintf(buf, len, "(pointer)");
	}
}

/* A value as text, as its declared type says (rs_value_kind). */
static void value_text(char *buf, size_t len, long long v, int size,
		       enum rs_vkind k)
{
	unsigned long long u = (unsigned long long)v;
	float fl;
	double db;

	if (size < 8)
		u &= (1ULL << (8 * size)) - 1;
	switch (k) {
	case RS_V_POINTER:
		pointer_text(buf, len, u);
		return;
	case RS_V_UNSIGNED:
		snprintf(buf, len, "%llu", u);
		return;
	case RS_V_BOOL:
		snprintf(buf, len, "%s", u ? "true" : "false");
		return;
	case RS_V_FLOAT:
		if (size == 4) {
			memcpy(&fl, &v, sizeof(fl)); /* little-endian */
			db = fl;
		} else {
			memcpy(&db, &v, sizeof(db));
		}
		snprintf(buf, len, "%g", db);
		return;
	case RS_V_RAW: /* no declaration: a pointer-looking word is one */
		if (size == 8 && u >= (1ULL << 32) && u < (1ULL << 48)) {
			pointer_text(buf, len, u);
			return;
		}
		break;
	default:
		break;
	}
	snprintf(buf, len, "%lld", v);
}

/* ------------------------------------------------------------ the trace */

static const char *rmw_name(int sym)
{
	switch (sym) {
	case '+':
		return "fetch_add";
	case '-':
		return "fetch_sub";
	case '&':
		return "fetch_and";
	case '|':
		return "fetch_or";
	case '^':
		return "fetch_xor";
	case '~':
		return "fetch_nand";
	default:
		return "exchange";
	}
}

enum vshow { V_UNKNOWN, V_HIDDEN, V_SHOWN };

/* An access's value(s) as text, where they are the variable's values. */
static enum vshow access_values(const struct rs_event *e, char *v, char *v2,
				size_t len)
{
	enum rs_vkind k;

	if (!(e->flags & RS_EVF_VALUE))
		return V_UNKNOWN; /* never read: a bad address, a crash */
	k = rs_value_kind(e->addr, e->size);
	if (k == RS_V_HIDDEN)
		return V_HIDDEN;
	value_text(v, len, e->value, e->size, k);
	value_text(v2, len, e->value2, e->size, k);
	return V_SHOWN;
}

/* memory=c11: a load that read an older store says so, ", not the latest
 * store 1 by T2 at memorder.c:61". */
static void stale_text(const struct rs_event *e, char *buf, size_t len)
{
	long long latest;
	uintptr_t pc;
	size_t n = strlen(buf);
	char v[72], tn[16];
	int tid;

	if (e->kind != RS_EV_ALOAD ||
	    !rs_c11_stale(e->step, &latest, &tid, &pc) || n >= len)
		return;
	*v = '\0';
	if ((e->flags & RS_EVF_VALUE) &&
	    rs_value_kind(e->addr, e->size) != RS_V_HIDDEN) {
		v[0] = ' ';
		value_text(v + 1, sizeof(v) - 1, latest, e->size,
			   rs_value_kind(e->addr, e->size));
	}
	snprintf(buf + n, len - n, ", not the latest store%s by %s at %s:%d", v,
		 rs_tname(tid, tn, sizeof(tn)), rs_sym_get(pc)->file,
		 rs_sym_get(pc)->line);
}

/* "read  obj1 = 5", "fetch_add n: 1 -> 2", "write seats (value not
 * shown)". */
static void access_text(const struct rs_event *e, const char *obj, char *buf,
			size_t len)
{
	static const char *const verb[] = {[RS_EV_READ] = "read ",
					   [RS_EV_WRITE] = "write",
					   [RS_EV_ALOAD] = "atomic load",
					   [RS_EV_ASTORE] = "atomic store",
					   [RS_EV_ACAS] = "CAS"};
	const char *op =
	    e->kind == RS_EV_ARMW ? rmw_name(e->aux) : verb[e->kind];
	char v[72], v2[72];

	switch (access_values(e, v, v2, sizeof(v))) {
	case V_UNKNOWN:
		snprintf(buf, len, "%s %s", op, obj);
		stale_text(e, buf, len);
		return;
	case V_HIDDEN:
		snprintf(buf, len, "%s %s%s (value not shown)", op, obj,
			 e->kind == RS_EV_ACAS && !e->aux ? ": fails" : "");
		stale_text(e, buf, len);
		return;
	case V_SHOWN:
		break;
	}
	if (e->kind == RS_EV_ARMW || (e->kind == RS_EV_ACAS && e->aux))
		snprintf(buf, len, "%s %s: %s -> %s", op, obj, v, v2);
	else if (e->kind == RS_EV_ACAS)
		snprintf(buf, len, "CAS %s = %s, expected %s: fails", obj, v,
			 v2);
	else
		snprintf(buf, len, "%s %s = %s", op, obj, v);
	stale_text(e, buf, len);
}

/* The words chosen by an event's aux, for the kinds whose text has one. */
static const char *busy_word(int aux)
{
	return aux ? ": busy" : "";
}

static const char *woke_word(int aux)
{
	return aux == ETIMEDOUT		  ? "times out"
	       : aux == RS_CWOKE_SPURIOUS ? "woken spuriously"
					  : "woken";
}

static const char *last_in_word(int aux)
{
	return aux ? " (last in)" : "";
}

static const char *once_word(int aux)
{
	return aux ? ": runs init" : ": done";
}

/* What fills the %s / %d of a kind's format after the object's label: */
enum op_arg {
	ARG_NONE,   /* nothing: the format is the whole text */
	ARG_OBJ,    /* the object's label only */
	ARG_WORD,   /* the label, then word(aux) */
	ARG_NUM,    /* the label, then aux as a number */
	ARG_THREAD, /* the name of the thread aux (not the object) */
};

struct op_words {
	const char *fmt;
	enum op_arg arg;
	const char *(*word)(int aux); /* ARG_WORD */
	const char *fmt0;	      /* ARG_NUM: the text when aux is 0 */
};

/* How each kind other than a memory access reads (access_text does those).
 * A table rather than a switch: a new kind is one row. */
static const struct op_words op_words[] = {
    [RS_EV_FENCE] = {"fence", ARG_NONE, NULL, NULL},
    [RS_EV_LOCK] = {"lock %s", ARG_OBJ, NULL, NULL},
    [RS_EV_TRYLOCK] = {"trylock %s%s", ARG_WORD, busy_word, NULL},
    [RS_EV_UNLOCK] = {"unlock %s", ARG_OBJ, NULL, NULL},
    [RS_EV_RDLOCK] = {"rdlock %s", ARG_OBJ, NULL, NULL},
    [RS_EV_WRLOCK] = {"wrlock %s", ARG_OBJ, NULL, NULL},
    [RS_EV_RWUNLOCK] = {"unlock %s", ARG_OBJ, NULL, NULL},
    [RS_EV_CWAIT] = {"cond_wait %s: unlocks, sleeps", ARG_OBJ, NULL, NULL},
    [RS_EV_CWOKE] = {"cond_wait %s: %s, relocks", ARG_WORD, woke_word, NULL},
    [RS_EV_SIGNAL] = {"signal %s (wakes %d)", ARG_NUM, NULL,
		      "signal %s (nobody waits)"},
    [RS_EV_BROADCAST] = {"broadcast %s (wakes %d)", ARG_NUM, NULL,
			 "broadcast %s (nobody waits)"},
    [RS_EV_SEMWAIT] = {"sem_wait %s -> %d", ARG_NUM, NULL, NULL},
    [RS_EV_SEMPOST] = {"sem_post %s -> %d", ARG_NUM, NULL, NULL},
    [RS_EV_BARRIER] = {"barrier_wait %s%s", ARG_WORD, last_in_word, NULL},
    [RS_EV_ONCE] = {"once %s%s", ARG_WORD, once_word, NULL},
    [RS_EV_CREATE] = {"create %s", ARG_THREAD, NULL, NULL},
    [RS_EV_JOIN] = {"join %s", ARG_THREAD, NULL, NULL},
    [RS_EV_START] = {"starts", ARG_NONE, NULL, NULL},
    [RS_EV_EXIT] = {"exits", ARG_NONE, NULL, NULL},
    [RS_EV_SLEEP] = {"sleep (ends: nothing else can run)", ARG_NONE, NULL,
		     NULL},
    [RS_EV_YIELD] = {"yield", ARG_NONE, NULL, NULL},
    [RS_EV_TIMEOUT] = {"times out on %s", ARG_OBJ, NULL, NULL},
    [RS_EV_FREE] = {"free %s", ARG_OBJ, NULL, NULL},
};

static bool is_access(int k)
{
	return k == RS_EV_READ || k == RS_EV_WRITE || k == RS_EV_ALOAD ||
	       k == RS_EV_ASTORE || k == RS_EV_ARMW || k == RS_EV_ACAS;
}

/* The operation in words: "read  obj1 = 5", "lock lock_a", ... */
static void op_text(const struct rs_event *e, char *buf, size_t len)
{
	const size_t nrows = sizeof(op_words) / sizeof(op_words[0]);
	const struct op_words *w = e->kind < nrows && op_words[e->kind].fmt
				       ? &op_words[e->kind]
				       : NULL;
	char obj[64], tn[16];

	rs_obj_label(e->addr, obj, sizeof(obj));
	if (is_access(e->kind)) {
		access_text(e, obj, buf, len);
		return;
	}
	if (w == NULL) { /* a kind added without its row: say so, not "" */
		snprintf(buf, len, "event %d on %s", e->kind, obj);
		return;
	}
	switch (w->arg) {
	case ARG_NONE:
		snprintf(buf, len, "%s", w->fmt);
		break;
	case ARG_OBJ:
		snprintf(buf, len, w->fmt, obj);
		break;
	case ARG_WORD:
		snprintf(buf, len, w->fmt, obj, w->word(e->aux));
		break;
	case ARG_NUM:
		snprintf(buf, len, e->aux == 0 && w->fmt0 ? w->fmt0 : w->fmt,
			 obj, e->aux);
		break;
	case ARG_THREAD:
		snprintf(buf, len, w->fmt, rs_tname(e->aux, tn, sizeof(tn)));
		break;
	}
}

static const struct rs_event *ev_at(unsigned long step)
{
	return &rs_g.ev[(step - 1) % (unsigned long)rs_cfg.trace_cap];
}

/* The first step still in the ring, minus one. */
static unsigned long ring_lo(void)
{
	return rs_g.nev > (unsigned long)rs_cfg.trace_cap
		   ? rs_g.nev - (unsigned long)rs_cfg.trace_cap
		   : 0;
}

/*
 * Which addresses conflict (see the header): touched by two or more
 * threads, at least once by a write or an atomic update made while another
 * thread was alive. Decided over the whole run in the ring: every access to
 * such an address is shown, whoever made it and whenever, so a write by a
 * thread that has exited still explains what a later read saw. A small
 * open hash.
 */
struct conflict {
	uintptr_t addr;
	int tid;    /* first thread seen, or -2 for two or more */
	bool write; /* written or atomically updated */
};

static struct conflict *conf_tab;
static size_t conf_cap;

static struct conflict *conf_slot(uintptr_t addr)
{
	size_t h = (size_t)(addr * 0x9e3779b97f4a7c15ULL >> 17) % conf_cap;

	while (conf_tab[h].addr != 0 && conf_tab[h].addr != addr)
		h = (h + 1) % conf_cap;
	return &conf_tab[h];
}

static bool conflicting(uintptr_t addr)
{
	const struct conflict *c = conf_slot(addr);

	return c->addr == addr && c->tid == -2 && c->write;
}

static void conf_note(const struct rs_event *e)
{
	struct conflict *c;

	if (!is_access(e->kind) || e->addr == 0)
		return;
	c = conf_slot(e->addr);
	if (c->addr == 0) {
		c->addr = e->addr;
		c->tid = e->tid;
	} else if (c->tid != e->tid) {
		c->tid = -2;
	}
	/* a write made while it was the only live thread cannot be part of
	 * an interleaving (main filling in the workers' arguments) */
	if (e->kind != RS_EV_READ && e->kind != RS_EV_ALOAD &&
	    (e->flags & RS_EVF_CONCURRENT))
		c->write = true;
}

static bool visible(const struct rs_event *e)
{
	/* a NULL dereference is shown: it is what the crash is about */
	if (is_access(e->kind) && !conflicting(e->addr) && e->addr >= 4096)
		return false;
	if (e->kind == RS_EV_START)
		return false;
	if (e->kind == RS_EV_EXIT)
		return e->tid != 0;
	if (e->kind == RS_EV_FREE || e->kind == RS_EV_FENCE)
		if (!(e->flags & RS_EVF_CONCURRENT))
			return false;
	return !rs_sym_get(e->pc)->harness;
}

/* ------------------------------------------------------------ trace layout */

/*
 * At most this many threads get a column of their own; the others share one
 * last column, each step there prefixed with its thread, so a 28-thread run
 * stays readable and still hides no step.
 */
#define MAX_COLS 4
#define CELL	 320 /* one operation's text */
#define OTHERS	 (-1)

struct trace_view {
	unsigned long lo;   /* steps <= lo fell out of the ring */
	unsigned long skip; /* visible steps cut at the front (trace=N) */
	unsigned char *vis; /* per step in the ring: shown? */
	int colof[RS_MAX_THREADS]; /* column, OTHERS, or -2: no step shown */
	int ncol;
	bool others;
	int width;
};

static void cell_text(const struct rs_event *e, bool prefix, char *buf,
		      size_t len)
{
	char op[CELL], at[128], tn[16];

	op_text(e, op, sizeof(op));
	if (e->pc != 0)
		place_text(rs_sym_get(e->pc), at, sizeof(at));
	snprintf(buf, len, "%s%s%s%s%s", prefix ? rs_tname(e->tid, tn, 16) : "",
		 prefix ? ": " : "", op, e->pc ? "  " : "", e->pc ? at : "");
}

/* Pass 1: symbols to resolve in one batch, and the conflicting addresses. */
static void scan_ring(const struct trace_view *v)
{
	for (unsigned long s = v->lo + 1; s <= rs_g.nev; s++) {
		rs_sym_add(ev_at(s)->pc);
		conf_note(ev_at(s));
	}
	rs_sym_resolve();
}

/* The failing thread's last step, when it is an access: the load that
 * crashed (a wild pointer), or the read an assertion tested. */
static unsigned long last_access_of_current(const struct trace_view *v)
{
	for (unsigned long s = rs_g.nev; s > v->lo; s--)
		if (ev_at(s)->tid == rs_g.current)
			return is_access(ev_at(s)->kind) &&
				       !rs_sym_get(ev_at(s)->pc)->harness
				   ? s
				   : 0;
	return 0;
}

/* Pass 2: the steps shown; returns how many. */
static unsigned long mark_visible(struct trace_view *v)
{
	unsigned long n = 0, last = last_access_of_current(v);

	for (unsigned long s = v->lo + 1; s <= rs_g.nev; s++) {
		if (!visible(ev_at(s)) && s != last)
			continue;
		v->vis[s - v->lo] = 1;
		n++;
	}
	v->skip =
	    rs_cfg.trace_lines >= 0 && n > (unsigned long)rs_cfg.trace_lines
		? n - (unsigned long)rs_cfg.trace_lines
		: 0;
	/* the cut ones are not shown either */
	for (unsigned long s = v->lo + 1, k = 0; s <= rs_g.nev && k < v->skip;
	     s++)
		if (v->vis[s - v->lo]) {
			v->vis[s - v->lo] = 0;
			k++;
		}
	return n - v->skip;
}

/*
 * How much each thread takes part in the failure, compared in this order:
 * the thread that failed and every blocked one; then how many times its
 * access to a conflicting address directly follows another thread's, one
 * of the two a write (the pairs a lost update or a stale read is made of);
 * then how recent its last shown step is. Only used when there are more
 * threads than columns.
 */
struct part {
	bool failing;
	unsigned long pairs;
	unsigned long last;
};

static bool part_more(const struct part *a, const struct part *b)
{
	if (a->failing != b->failing)
		return a->failing;
	if (a->pairs != b->pairs)
		return a->pairs > b->pairs;
	return a->last > b->last;
}

/* The shown access to e's address just before step s, or NULL. */
static const struct rs_event *prev_access(const struct trace_view *v,
					  unsigned long s)
{
	uintptr_t addr = ev_at(s)->addr;

	for (unsigned long p = s - 1; p > v->lo; p--)
		if (v->vis[p - v->lo] && is_access(ev_at(p)->kind) &&
		    ev_at(p)->addr == addr)
			return ev_at(p);
	return NULL;
}

static void score_threads(const struct trace_view *v, struct part *part)
{
	for (unsigned long s = v->lo + 1; s <= rs_g.nev; s++) {
		const struct rs_event *e = ev_at(s), *prev;

		if (!v->vis[s - v->lo])
			continue;
		part[e->tid].last = s;
		if (!is_access(e->kind) || (prev = prev_access(v, s)) == NULL)
			continue;
		if (prev->tid != e->tid &&
		    (prev->kind != RS_EV_READ || e->kind != RS_EV_READ)) {
			part[e->tid].pairs++;
			part[prev->tid].pairs++;
		}
	}
	for (int t = 0; t < rs_g.nthreads; t++)
		part[t].failing =
		    rs_g.threads[t]->state == RS_T_LIVE &&
		    (t == rs_g.current || rs_g.threads[t]->wait != RS_W_NONE);
}

/* The MAX_COLS - 1 threads that take the most part keep a column; the rest
 * move to the shared one. */
static void fold_columns(struct trace_view *v)
{
	/* off the stack: a crash report may run on a small one */
	struct part *part = __real_calloc((size_t)rs_g.nthreads, sizeof(*part));

	if (part == NULL)
		return; /* every thread keeps its column */
	score_threads(v, part);
	v->others = true;
	for (int t = 0; t < rs_g.nthreads; t++)
		if (v->colof[t] != -2)
			v->colof[t] = OTHERS;
	for (int c = 0; c < MAX_COLS - 1; c++) {
		int best = -1;

		for (int t = 0; t < rs_g.nthreads; t++)
			if (v->colof[t] == OTHERS &&
			    (best < 0 || part_more(&part[t], &part[best])))
				best = t;
		v->colof[best] = 0;
	}
	__real_free(part);
}

/* Columns: every thread with a step shown, or, past MAX_COLS threads, the
 * ones that take the most part in the failure plus one shared column. */
static void choose_columns(struct trace_view *v)
{
	int n = 0;

	for (int t = 0; t < rs_g.nthreads; t++)
		v->colof[t] = -2;
	for (unsigned long s = v->lo + 1; s <= rs_g.nev; s++)
		if (v->vis[s - v->lo] && v->colof[ev_at(s)->tid] == -2) {
			v->colof[ev_at(s)->tid] = 0;
			n++;
		}
	if (n > MAX_COLS)
		fold_columns(v);
	/* columns in thread order */
	v->ncol = 0;
	for (int t = 0; t < rs_g.nthreads; t++)
		if (v->colof[t] >= 0)
			v->colof[t] = v->ncol++;
}

static int column_width(const struct trace_view *v)
{
	char cell[CELL + 160];
	int width = 10;

	for (unsigned long s = v->lo + 1; s <= rs_g.nev; s++) {
		const struct rs_event *e = ev_at(s);
		int w;

		if (!v->vis[s - v->lo])
			continue;
		cell_text(e, v->colof[e->tid] == OTHERS, cell, sizeof(cell));
		w = (int)strlen(cell);
		if (w > width)
			width = w < 70 ? w : 70;
	}
	return width + 2;
}

static void print_header(FILE *f, const struct trace_view *v)
{
	char tn[16];

	fprintf(f,
		"trace (%lu steps; shown: accesses to memory two threads use, "
		"one writing, and the program's synchronization)\n",
		rs_g.nev);
	if (v->lo > 0 || v->skip > 0)
		fprintf(f, "  ... %lu earlier steps not shown\n",
			v->lo + v->skip);
	fprintf(f, "%6s  ", "step");
	for (int t = 0; t < rs_g.nthreads; t++)
		if (v->colof[t] >= 0)
			fprintf(f, "%-*s", v->width,
				rs_tname(t, tn, sizeof(tn)));
	if (v->others)
		fprintf(f, "%-*s", v->width, "other threads");
	fprintf(f, "function\n");
}

static void print_rows(FILE *f, const struct trace_view *v)
{
	char cell[CELL + 160];

	for (unsigned long s = v->lo + 1; s <= rs_g.nev; s++) {
		const struct rs_event *e = ev_at(s);
		int col =
		    v->colof[e->tid] == OTHERS ? v->ncol : v->colof[e->tid];

		if (!v->vis[s - v->lo])
			continue;
		cell_text(e, v->colof[e->tid] == OTHERS, cell, sizeof(cell));
		/* a cell wider than the column still keeps two blanks */
		fprintf(f, "%6lu  %*s%-*s%s%s\n", e->step, col * v->width, "",
			v->width, cell,
			(int)strlen(cell) >= v->width - 1 ? "  " : "",
			e->pc ? rs_sym_get(e->pc)->func : "");
	}
}

/* Who shares the last column, so that nobody is left out silently. */
static void print_others(FILE *f, const struct trace_view *v)
{
	char tn[16];
	int n = 0;

	if (!v->others)
		return;
	for (int t = 0; t < rs_g.nthreads; t++)
		n += v->colof[t] == OTHERS;
	fprintf(f,
		"  (%d threads not in the failure share the last column:", n);
	for (int t = 0, k = 0; t < rs_g.nthreads; t++) {
		if (v->colof[t] != OTHERS)
			continue;
		if (k++ == 12) {
			fprintf(f, " ...");
			break;
		}
		fprintf(f, " %s", rs_tname(t, tn, sizeof(tn)));
	}
	fprintf(f, ")\n");
}

void rs_report_trace(FILE *f)
{
	struct trace_view v = {.lo = ring_lo()};
	unsigned long shown;

	if (rs_g.nev == 0)
		return;
	v.vis = __real_calloc(rs_g.nev - v.lo + 1, 1);
	conf_cap = 2 * (rs_g.nev - v.lo) + 16;
	conf_tab = __real_calloc(conf_cap, sizeof(*conf_tab));
	if (v.vis == NULL || conf_tab == NULL) {
		fprintf(f, "(no memory for the trace)\n");
		return;
	}
	scan_ring(&v);
	shown = mark_visible(&v);
	choose_columns(&v);
	v.width = column_width(&v);
	print_header(f, &v);
	print_rows(f, &v);
	if (shown == 0)
		fprintf(f, "  (no shared access or synchronization in the "
			   "program's own code)\n");
	print_others(f, &v);
	print_legend(f);
	__real_free(v.vis);
	__real_free(conf_tab);
	conf_tab = NULL;
}

/* ------------------------------------------------------------ deadlock */

static const char *okind_name(enum rs_okind k)
{
	switch (k) {
	case RS_O_MUTEX:
		return "mutex";
	case RS_O_COND:
		return "condvar";
	case RS_O_RWLOCK:
		return "rwlock";
	case RS_O_SEM:
		return "semaphore";
	case RS_O_BARRIER:
		return "barrier";
	case RS_O_ONCE:
		return "pthread_once";
	case RS_O_SPIN:
		return "spinlock";
	}
	return "object";
}

/* The threads t waits for (waits-for edges); returns how many. */
static int waits_for(const struct rs_thread *t, int *out)
{
	const struct rs_obj *o = t->wobj;
	int n = 0;

	switch (t->wait) {
	case RS_W_MUTEX:
	case RS_W_RDLOCK:
		if (o->owner >= 0)
			out[n++] = o->owner;
		break;
	case RS_W_WRLOCK:
		if (o->owner >= 0)
			out[n++] = o->owner;
		for (int i = 0; o->readers && i < rs_g.nthreads; i++)
			if (o->readers[i] > 0)
				out[n++] = i;
		break;
	case RS_W_JOIN:
		out[n++] = t->wtid;
		break;
	case RS_W_ONCE:
		out[n++] = o->once_tid;
		break;
	default:
		break;
	}
	return n;
}

/* DFS for a cycle through live threads; fills cyc[] and returns its
 * length, or 0. */
static int find_cycle(int *cyc)
{
	int color[RS_MAX_THREADS] = {0}, parent[RS_MAX_THREADS];

	for (int start = 0; start < rs_g.nthreads; start++) {
		int stack[RS_MAX_THREADS], top = 0;

		if (color[start] != 0 ||
		    rs_g.threads[start]->state != RS_T_LIVE)
			continue;
		/* iterative: a thread waits for at most one thread except for
		 * rwlocks, so walk first edges and fall back to the rest */
		stack[top++] = start;
		parent[start] = -1;
		while (top > 0) {
			int u = stack[top - 1], succ[RS_MAX_THREADS], ns;
			bool pushed = false;

			color[u] = 1;
			ns = rs_g.threads[u]->state == RS_T_LIVE
				 ? waits_for(rs_g.threads[u], succ)
				 : 0;
			for (int i = 0; i < ns; i++) {
				int v = succ[i];

				if (color[v] == 1) {
					int n = 0;

					for (int w = u; w != v && w >= 0;
					     w = parent[w])
						cyc[n++] = w;
					cyc[n++] = v;
					/* reverse into waits-for order */
					for (int a = 0, b = n - 1; a < b;
					     a++, b--) {
						int tmp = cyc[a];

						cyc[a] = cyc[b];
						cyc[b] = tmp;
					}
					return n;
				}
				if (color[v] == 0) {
					parent[v] = u;
					stack[top++] = v;
					pushed = true;
					break;
				}
			}
			if (!pushed) {
				color[u] = 2;
				top--;
			}
		}
	}
	return 0;
}

/*
 * A lost wakeup proper: the last signal or broadcast on t's condvar before
 * t began its wait found nobody waiting, and nothing signalled it since.
 * Returns that signal, or NULL (then the wait is only one that can never
 * end: nobody left to signal). Decided on the events still in the ring.
 */
static const struct rs_event *lost_signal(const struct rs_thread *t)
{
	unsigned long lo = ring_lo(), s = rs_g.nev;
	uintptr_t cv = t->wobj->addr;

	for (; s > lo; s--) /* t's wait */
		if (ev_at(s)->tid == t->tid && ev_at(s)->kind == RS_EV_CWAIT &&
		    ev_at(s)->addr == cv)
			break;
	for (; s > lo; s--) {
		const struct rs_event *e = ev_at(s);

		if ((e->kind == RS_EV_SIGNAL || e->kind == RS_EV_BROADCAST) &&
		    e->addr == cv)
			return e->aux == 0 ? e : NULL;
	}
	return NULL;
}

static void describe_cond_wait(FILE *f, const struct rs_thread *t,
			       const char *tn, const char *name)
{
	const struct rs_event *lost = lost_signal(t);
	char sn[16];

	fprintf(f, "  %s waits on cv %s at ", tn, name);
	rs_report_where(f, t->wpc);
	if (lost == NULL) {
		fprintf(f, "; waits forever: no thread left that could signal "
			   "it\n");
		return;
	}
	fprintf(f, "; no live thread can signal it\n");
	fprintf(f, "      lost wakeup: %s %s it at step %lu, at ",
		rs_tname(lost->tid, sn, sizeof(sn)),
		lost->kind == RS_EV_SIGNAL ? "signalled" : "broadcast",
		lost->step);
	rs_report_where(f, lost->pc);
	fprintf(f, ", while nobody waited\n");
}

/* The first line of a deadlock report (rs_core.c prints it). */
bool rs_deadlock_has_cycle(void)
{
	int cyc[RS_MAX_THREADS];

	return find_cycle(cyc) > 0;
}

void rs_report_deadlock_headline(char *buf, size_t len)
{
	const struct rs_thread *first = NULL;
	bool lost = false;
	char tn[16], name[96];

	for (int i = 0; i < rs_g.nthreads; i++) {
		const struct rs_thread *t = rs_g.threads[i];

		if (t->state != RS_T_LIVE || t->wait == RS_W_JOIN)
			continue;
		if (t->wait != RS_W_COND && t->wait != RS_W_SEM &&
		    t->wait != RS_W_BARRIER) {
			snprintf(buf, len,
				 "DEADLOCK: every live thread is blocked");
			return;
		}
		if (first == NULL)
			first = t;
		if (t->wait == RS_W_COND && lost_signal(t) != NULL)
			lost = true;
	}
	if (first == NULL) { /* only joins: they wait on each other */
		snprintf(buf, len, "DEADLOCK: every live thread is blocked");
		return;
	}
	if (lost) {
		snprintf(buf, len,
			 "DEADLOCK (lost wakeup): every live thread "
			 "waits and none can wake another");
		return;
	}
	rs_obj_label(first->wobj->addr, name, sizeof(name));
	snprintf(buf, len,
		 "DEADLOCK: %s waits forever on %s %s: no thread left that "
		 "could %s it",
		 rs_tname(first->tid, tn, sizeof(tn)),
		 okind_name(first->wobj->kind), name,
		 first->wait == RS_W_COND  ? "signal"
		 : first->wait == RS_W_SEM ? "post"
					   : "complete");
}

static void describe_wait(FILE *f, const struct rs_thread *t)
{
	const struct rs_obj *o = t->wobj;
	char tn[16], on[16], name[96];

	rs_tname(t->tid, tn, sizeof(tn));
	if (o != NULL)
		rs_obj_label(o->addr, name, sizeof(name));
	switch (t->wait) {
	case RS_W_MUTEX:
	case RS_W_RDLOCK:
	case RS_W_WRLOCK:
		fprintf(f, "  %s waits for %s %s at ", tn, okind_name(o->kind),
			name);
		rs_report_where(f, t->wpc);
		fputc('\n', f);
		if (o->owner >= 0) {
			const struct rs_thread *ow = rs_g.threads[o->owner];

			fprintf(f, "      held by %s since ",
				rs_tname(o->owner, on, sizeof(on)));
			rs_report_where(f, o->acq_pc);
			if (ow->state == RS_T_FINISHED)
				fprintf(f,
					" -- and %s has exited without "
					"unlocking it",
					on);
			else if (o->owner == t->tid)
				fprintf(f,
					" -- by %s itself (a default mutex "
					"is not recursive)",
					tn);
			fputc('\n', f);
		} else if (o->nreaders > 0) {
			fprintf(f, "      read-held by");
			for (int i = 0; i < rs_g.nthreads; i++)
				if (o->readers[i] > 0)
					fprintf(f, " %s",
						rs_tname(i, on, sizeof(on)));
			fputc('\n', f);
		}
		break;
	case RS_W_COND:
		describe_cond_wait(f, t, tn, name);
		break;
	case RS_W_SEM:
		fprintf(f, "  %s waits on semaphore %s (count %d) at ", tn,
			name, o->count);
		rs_report_where(f, t->wpc);
		fprintf(f, "; waits forever: no thread left that could post "
			   "it\n");
		break;
	case RS_W_BARRIER:
		fprintf(f, "  %s waits at barrier %s (%d of %d arrived) at ",
			tn, name, o->count, o->need);
		rs_report_where(f, t->wpc);
		fprintf(f, "; no other live thread can reach it\n");
		break;
	case RS_W_JOIN:
		fprintf(f, "  %s waits to join %s at ", tn,
			rs_tname(t->wtid, on, sizeof(on)));
		rs_report_where(f, t->wpc);
		fputc('\n', f);
		break;
	case RS_W_ONCE:
		fprintf(f, "  %s waits for pthread_once %s, which %s runs, at ",
			tn, name, rs_tname(o->once_tid, on, sizeof(on)));
		rs_report_where(f, t->wpc);
		fputc('\n', f);
		break;
	default:
		fprintf(f, "  %s is blocked\n", tn);
		break;
	}
}

/* Linux lockdep's "Possible unsafe locking scenario", for a lock cycle. */
static void print_scenario(FILE *f, const int *cyc, int n)
{
	const int w = 28;
	char tn[16], name[96], cell[140];

	for (int i = 0; i < n; i++) {
		enum rs_wait wt = rs_g.threads[cyc[i]]->wait;

		if (wt != RS_W_MUTEX && wt != RS_W_RDLOCK && wt != RS_W_WRLOCK)
			return; /* a join or once in the cycle: no lock story */
	}
	fprintf(f, "\n Possible unsafe locking scenario:\n\n      ");
	for (int i = 0; i < n; i++)
		fprintf(f, "%-*s ", w, rs_tname(cyc[i], tn, sizeof(tn)));
	fprintf(f, "\n      ");
	for (int i = 0; i < n; i++)
		fprintf(f, "%-*s ", w, "----");
	fputc('\n', f);
	/* first every thread takes the lock it holds (the one the previous
	 * thread in the cycle waits for), then each asks for the next */
	for (int i = 0; i < n; i++) {
		const struct rs_thread *prev =
		    rs_g.threads[cyc[(i + n - 1) % n]];

		rs_obj_label(prev->wobj->addr, name, sizeof(name));
		snprintf(cell, sizeof(cell), "lock(%s);", name);
		fprintf(f, "      %*s%s\n", i * (w + 1), "", cell);
	}
	for (int i = n - 1; i >= 0; i--) {
		const struct rs_thread *t = rs_g.threads[cyc[i]];

		rs_obj_label(t->wobj->addr, name, sizeof(name));
		snprintf(cell, sizeof(cell), "lock(%s);", name);
		fprintf(f, "      %*s%s\n", i * (w + 1), "", cell);
	}
	fprintf(f, "\n *** DEADLOCK ***\n");
}

void rs_report_deadlock(FILE *f)
{
	int cyc[RS_MAX_THREADS], n;
	char tn[16], name[96];

	fprintf(f, "\nblocked threads:\n");
	for (int i = 0; i < rs_g.nthreads; i++)
		if (rs_g.threads[i]->state == RS_T_LIVE)
			describe_wait(f, rs_g.threads[i]);
	n = find_cycle(cyc);
	if (n > 0) {
		fprintf(f, "waits-for cycle: ");
		for (int i = 0; i < n; i++) {
			const struct rs_thread *t = rs_g.threads[cyc[i]];

			fprintf(f, "%s -> ", rs_tname(cyc[i], tn, sizeof(tn)));
			if (t->wait == RS_W_JOIN)
				fprintf(f, "(join) -> ");
			else if (t->wobj != NULL) {
				rs_obj_label(t->wobj->addr, name, sizeof(name));
				fprintf(f, "%s -> ", name);
			}
		}
		fprintf(f, "%s\n", rs_tname(cyc[0], tn, sizeof(tn)));
		print_scenario(f, cyc, n);
	}
	print_legend(f);
}

/* ------------------------------------------------------------ watchdog */

void rs_report_blocked_thread(FILE *f, const struct rs_thread *t)
{
	char tn[16];

	rs_tname(t->tid, tn, sizeof(tn));
	fprintf(f,
		"\n%s is blocked outside the model: a real read() or "
		"write() on a pipe or socket,\na lock or semaphore the "
		"runtime does not see, or a long loop with no shared "
		"access.\n",
		tn);
	fprintf(f, "  last schedule point: ");
	rs_report_where(f, t->last_pc);
	fputc('\n', f);
	for (int i =
		 (t->depth < RS_STACK_DEPTH ? t->depth : RS_STACK_DEPTH) - 1;
	     i >= 0; i--) {
		/* the runtime's own trampoline is no part of the story */
		if (strncmp(rs_sym_get(t->stack[i])->file, "sched/rs_", 9) == 0)
			continue;
		fprintf(f, "  called from ");
		rs_report_where(f, t->stack[i]);
		fputc('\n', f);
	}
}

/* Names given and labels handed out by the run that ended: forgotten
 * before the next run in the same process (rs_worker.c). */
void rs_report_reset(void)
{
	ngiven = 0;
	nlabels = 0;
	legend_done = 0;
}
