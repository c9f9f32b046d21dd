/*
 * rs_report.c - what a student reads when a schedule fails: the
 * interleaving, one column per thread, then the deadlock cycle or the crash.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 * Called with rs_g.lock held (or from a dying thread), after the run ended.
 *
 * What the trace shows, and why:
 *  - shared accesses: memory that two or more threads touched while more
 *    than one thread was live, at least once by a write (or atomically).
 *    Thread-local work (a worker reading its own argument block) would only
 *    hide the race;
 *  - every synchronization call of the program's own code;
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

	if (addr == 0) {
		snprintf(buf, len, "?");
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

void rs_report_where(FILE *f, uintptr_t pc)
{
	const struct rs_sym *s = rs_sym_get(pc);

	if (pc == 0) {
		fprintf(f, "(unknown place)");
		return;
	}
	fprintf(f, "%s:%d in %s", s->file, s->line, s->func);
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

/* A value as text; pointers as what they point to (see the header). */
static void value_text(char *buf, size_t len, long long v, int size)
{
	unsigned long long u = (unsigned long long)v;
	char name[64];

	if (size == 8 && u >= (1ULL << 32) && u < (1ULL << 48)) {
		uintptr_t base, pc;
		size_t sz;

		if (rs_heap_find((uintptr_t)u, &base, &sz, &pc) ||
		    rs_data_symbol((uintptr_t)u, name, sizeof(name))) {
			rs_obj_label((uintptr_t)u, name, sizeof(name));
			snprintf(buf, len, "&%s", name);
		} else {
			snprintf(buf, len, "(pointer)");
		}
		return;
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

/* The operation in words: "read  obj1 = 5", "lock lock_a", ... */
static void op_text(const struct rs_event *e, char *buf, size_t len)
{
	char obj[64], v[72], v2[72], tn[16];
	bool known = (e->flags & RS_EVF_VALUE) != 0;

	rs_obj_label(e->addr, obj, sizeof(obj));
	value_text(v, sizeof(v), e->value, e->size);
	value_text(v2, sizeof(v2), e->value2, e->size);
	switch ((enum rs_ev_kind)e->kind) {
	case RS_EV_READ:
	case RS_EV_WRITE:
		if (known)
			snprintf(buf, len, "%s %s = %s",
				 e->kind == RS_EV_READ ? "read " : "write", obj,
				 v);
		else
			snprintf(buf, len, "%s %s",
				 e->kind == RS_EV_READ ? "read " : "write",
				 obj);
		break;
	case RS_EV_ALOAD:
		snprintf(buf, len, "atomic load %s = %s", obj, v);
		break;
	case RS_EV_ASTORE:
		snprintf(buf, len, "atomic store %s = %s", obj, v);
		break;
	case RS_EV_ARMW:
		snprintf(buf, len, "%s %s: %s -> %s", rmw_name(e->aux), obj, v,
			 v2);
		break;
	case RS_EV_ACAS:
		if (e->aux)
			snprintf(buf, len, "CAS %s: %s -> %s", obj, v, v2);
		else
			snprintf(buf, len, "CAS %s = %s, expected %s: fails",
				 obj, v, v2);
		break;
	case RS_EV_FENCE:
		snprintf(buf, len, "fence");
		break;
	case RS_EV_LOCK:
		snprintf(buf, len, "lock %s", obj);
		break;
	case RS_EV_TRYLOCK:
		snprintf(buf, len, "trylock %s%s", obj, e->aux ? ": busy" : "");
		break;
	case RS_EV_UNLOCK:
	case RS_EV_RWUNLOCK:
		snprintf(buf, len, "unlock %s", obj);
		break;
	case RS_EV_RDLOCK:
		snprintf(buf, len, "rdlock %s", obj);
		break;
	case RS_EV_WRLOCK:
		snprintf(buf, len, "wrlock %s", obj);
		break;
	case RS_EV_CWAIT:
		snprintf(buf, len, "cond_wait %s: unlocks, sleeps", obj);
		break;
	case RS_EV_CWOKE:
		snprintf(buf, len, "cond_wait %s: %s, relocks", obj,
			 e->aux == ETIMEDOUT ? "times out" : "woken");
		break;
	case RS_EV_SIGNAL:
	case RS_EV_BROADCAST:
		if (e->aux == 0)
			snprintf(buf, len, "%s %s (nobody waits)",
				 e->kind == RS_EV_SIGNAL ? "signal"
							 : "broadcast",
				 obj);
		else
			snprintf(buf, len, "%s %s (wakes %d)",
				 e->kind == RS_EV_SIGNAL ? "signal"
							 : "broadcast",
				 obj, e->aux);
		break;
	case RS_EV_SEMWAIT:
		snprintf(buf, len, "sem_wait %s -> %d", obj, e->aux);
		break;
	case RS_EV_SEMPOST:
		snprintf(buf, len, "sem_post %s -> %d", obj, e->aux);
		break;
	case RS_EV_BARRIER:
		snprintf(buf, len, "barrier_wait %s%s", obj,
			 e->aux ? " (last in)" : "");
		break;
	case RS_EV_ONCE:
		snprintf(buf, len, "once %s%s", obj,
			 e->aux ? ": runs init" : ": done");
		break;
	case RS_EV_CREATE:
		snprintf(buf, len, "create %s",
			 rs_tname(e->aux, tn, sizeof(tn)));
		break;
	case RS_EV_JOIN:
		snprintf(buf, len, "join %s", rs_tname(e->aux, tn, sizeof(tn)));
		break;
	case RS_EV_START:
		snprintf(buf, len, "starts");
		break;
	case RS_EV_EXIT:
		snprintf(buf, len, "exits");
		break;
	case RS_EV_SLEEP:
		snprintf(buf, len, "sleep (ends: nothing else can run)");
		break;
	case RS_EV_YIELD:
		snprintf(buf, len, "yield");
		break;
	case RS_EV_TIMEOUT:
		snprintf(buf, len, "times out on %s", obj);
		break;
	case RS_EV_FREE:
		snprintf(buf, len, "free %s", obj);
		break;
	}
}

static bool is_access(int k)
{
	return k == RS_EV_READ || k == RS_EV_WRITE || k == RS_EV_ALOAD ||
	       k == RS_EV_ASTORE || k == RS_EV_ARMW || k == RS_EV_ACAS;
}

/* Which addresses are shared (see the header): a small open hash. */
struct share {
	uintptr_t addr;
	int tid;    /* first thread seen, or -2 for two or more */
	bool write; /* written or atomically accessed */
};

static struct share *share_tab;
static size_t share_cap;

static struct share *share_slot(uintptr_t addr)
{
	size_t h = (size_t)(addr * 0x9e3779b97f4a7c15ULL >> 17) % share_cap;

	while (share_tab[h].addr != 0 && share_tab[h].addr != addr)
		h = (h + 1) % share_cap;
	return &share_tab[h];
}

static bool shared(uintptr_t addr)
{
	const struct share *s = share_slot(addr);

	return s->addr == addr && s->tid == -2 && s->write;
}

static const struct rs_event *ev_at(unsigned long step)
{
	return &rs_g.ev[(step - 1) % (unsigned long)rs_cfg.trace_cap];
}

static bool visible(const struct rs_event *e)
{
	const struct rs_sym *s;

	if (is_access(e->kind) &&
	    !((e->flags & RS_EVF_CONCURRENT) && shared(e->addr)))
		return false;
	if (e->kind == RS_EV_START)
		return false;
	if (e->kind == RS_EV_EXIT)
		return e->tid != 0;
	if (e->kind == RS_EV_FREE || e->kind == RS_EV_FENCE)
		if (!(e->flags & RS_EVF_CONCURRENT))
			return false;
	s = rs_sym_get(e->pc);
	return !s->harness;
}

#define CELL 320

void rs_report_trace(FILE *f)
{
	unsigned long lo = rs_g.nev > (unsigned long)rs_cfg.trace_cap
			       ? rs_g.nev - (unsigned long)rs_cfg.trace_cap
			       : 0;
	unsigned long nvis = 0, shown = 0, skip;
	bool col[RS_MAX_THREADS] = {false};
	int ncol = 0, colof[RS_MAX_THREADS], width = 10;
	char cell[CELL + 160], op[CELL], tn[16];
	unsigned char *vis;

	if (rs_g.nev == 0)
		return;
	vis = __real_calloc(rs_g.nev - lo + 1, 1);
	share_cap = 2 * (rs_g.nev - lo) + 16;
	share_tab = __real_calloc(share_cap, sizeof(*share_tab));
	if (vis == NULL || share_tab == NULL) {
		fprintf(f, "(no memory for the trace)\n");
		return;
	}
	/* pass 1: who shares what; collect code addresses */
	for (unsigned long s = lo + 1; s <= rs_g.nev; s++) {
		const struct rs_event *e = ev_at(s);
		struct share *sh;

		rs_sym_add(e->pc);
		if (!is_access(e->kind) || !(e->flags & RS_EVF_CONCURRENT) ||
		    e->addr == 0)
			continue;
		sh = share_slot(e->addr);
		if (sh->addr == 0) {
			sh->addr = e->addr;
			sh->tid = e->tid;
		} else if (sh->tid != e->tid) {
			sh->tid = -2;
		}
		if (e->kind != RS_EV_READ)
			sh->write = true;
	}
	rs_sym_resolve();
	/* pass 2: what to show, in which columns, how wide */
	for (unsigned long s = lo + 1; s <= rs_g.nev; s++) {
		const struct rs_event *e = ev_at(s);

		if (!visible(e))
			continue;
		vis[s - lo] = 1;
		nvis++;
		if (!col[e->tid]) {
			col[e->tid] = true;
			ncol++;
		}
	}
	skip =
	    rs_cfg.trace_lines >= 0 && nvis > (unsigned long)rs_cfg.trace_lines
		? nvis - (unsigned long)rs_cfg.trace_lines
		: 0;
	for (unsigned long s = lo + 1, k = 0; s <= rs_g.nev; s++) {
		const struct rs_event *e = ev_at(s);
		const struct rs_sym *sy;
		int w;

		if (!vis[s - lo] || k++ < skip)
			continue;
		op_text(e, op, sizeof(op));
		sy = rs_sym_get(e->pc);
		w = e->pc ? snprintf(cell, sizeof(cell), "%s  %s:%d", op,
				     sy->file, sy->line)
			  : snprintf(cell, sizeof(cell), "%s", op);
		if (w > width)
			width = w < 70 ? w : 70;
	}
	width += 2;
	ncol = 0;
	for (int t = 0; t < rs_g.nthreads; t++)
		if (col[t])
			colof[t] = ncol++;
	fprintf(f,
		"trace (%lu steps; shown: shared accesses and the "
		"program's own synchronization)\n",
		rs_g.nev);
	if (lo > 0 || skip > 0)
		fprintf(f, "  ... %lu earlier steps not shown\n", lo + skip);
	fprintf(f, "%6s  ", "step");
	for (int t = 0; t < rs_g.nthreads; t++)
		if (col[t])
			fprintf(f, "%-*s", width, rs_tname(t, tn, sizeof(tn)));
	fprintf(f, "function\n");
	for (unsigned long s = lo + 1, k = 0; s <= rs_g.nev; s++) {
		const struct rs_event *e = ev_at(s);
		const struct rs_sym *sy;

		if (!vis[s - lo] || k++ < skip)
			continue;
		op_text(e, op, sizeof(op));
		sy = rs_sym_get(e->pc);
		if (e->pc)
			snprintf(cell, sizeof(cell), "%s  %s:%d", op, sy->file,
				 sy->line);
		else
			snprintf(cell, sizeof(cell), "%s", op);
		fprintf(f, "%6lu  %*s%-*s%s\n", e->step, colof[e->tid] * width,
			"", width, cell, e->pc ? sy->func : "");
		shown++;
	}
	if (shown == 0)
		fprintf(f, "  (no shared access or synchronization in the "
			   "program's own code)\n");
	print_legend(f);
	__real_free(vis);
	__real_free(share_tab);
	share_tab = NULL;
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
		fprintf(f, "  %s waits on cv %s at ", tn, name);
		rs_report_where(f, t->wpc);
		fprintf(f, "; no live thread can signal it\n");
		break;
	case RS_W_SEM:
		fprintf(f, "  %s waits on semaphore %s (count %d) at ", tn,
			name, o->count);
		rs_report_where(f, t->wpc);
		fprintf(f, "; no live thread can post it\n");
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
