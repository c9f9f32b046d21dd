/*
 * rs_objects.c - side tables: the modelled sync objects, the program's heap
 * blocks, and freed blocks held back to catch a use after free.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 * All of it is guarded by rs_g.lock.
 *
 * Sync objects are keyed by address and created on first use, so statically
 * initialised mutexes and condvars (PTHREAD_MUTEX_INITIALIZER) need no init
 * call. The program's pthread objects themselves are never really locked.
 *
 * Heap blocks (from the wrapped malloc family) give heap objects a stable
 * name: their allocation site, never their address, which ASLR changes.
 * A freed block stays allocated (quarantined) for a while: any later access
 * into it is reported as a crash ("use of freed memory") on the exact
 * schedule that did it, instead of silently reading recycled memory.
 */
#include "rs.h"
#include "sched_exit.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#define OBJ_BUCKETS	  4096
#define HEAP_BUCKETS	  65536
#define PAGE_BUCKETS	  4096
#define PAGE_SHIFT	  12
#define QUARANTINE_BYTES  (64UL << 20)
#define QUARANTINE_BLOCKS 100000

static struct rs_obj *obj_hash[OBJ_BUCKETS];
static struct rs_obj *obj_list;

static size_t hash_addr(uintptr_t a, size_t n)
{
	return (size_t)((a >> 3) * 0x9e3779b97f4a7c15ULL >> 20) % n;
}

/* ------------------------------------------------------------ sync objects */

struct rs_obj *rs_obj_find(uintptr_t addr)
{
	for (struct rs_obj *o = obj_hash[hash_addr(addr, OBJ_BUCKETS)];
	     o != NULL; o = o->hnext)
		if (o->addr == addr)
			return o;
	return NULL;
}

struct rs_obj *rs_obj_first(void)
{
	return obj_list;
}

/*
 * The object at addr, created on first use. Memory reused for another kind
 * (a stack slot, a recycled heap block) starts afresh.
 */
struct rs_obj *rs_obj_get(uintptr_t addr, enum rs_okind kind, uintptr_t pc)
{
	struct rs_obj *o = rs_obj_find(addr);
	size_t h;

	if (o != NULL && o->kind == kind)
		return o;
	/* free() dropped the objects in its block: a sync call on memory
	 * freed since would silently make a fresh object there */
	if (rs_g.active && rs_self != NULL)
		rs_freed_check(rs_self, addr, 1, pc, true);
	if (o != NULL)
		rs_obj_drop(addr);
	o = __real_calloc(1, sizeof(*o));
	if (o == NULL)
		rs_die(RS_EXIT_CONFIG, "error", "out of memory");
	o->addr = addr;
	o->kind = kind;
	o->owner = -1;
	o->first_pc = pc;
	o->mtype = PTHREAD_MUTEX_DEFAULT;
	h = hash_addr(addr, OBJ_BUCKETS);
	o->hnext = obj_hash[h];
	obj_hash[h] = o;
	o->lnext = obj_list;
	if (obj_list != NULL)
		obj_list->lprev = o;
	obj_list = o;
	return o;
}

void rs_obj_drop(uintptr_t addr)
{
	struct rs_obj **pp = &obj_hash[hash_addr(addr, OBJ_BUCKETS)], *o;

	while ((o = *pp) != NULL && o->addr != addr)
		pp = &o->hnext;
	if (o == NULL)
		return;
	*pp = o->hnext;
	if (o->lprev != NULL)
		o->lprev->lnext = o->lnext;
	else
		obj_list = o->lnext;
	if (o->lnext != NULL)
		o->lnext->lprev = o->lprev;
	/* a thread still waiting on it keeps a pointer: leak it then */
	for (int i = 0; i < rs_g.nthreads; i++)
		if (rs_g.threads[i]->wobj == o || rs_g.threads[i]->cmutex == o)
			return;
	__real_free(o->readers);
	__real_free(o);
}

/* Does thread tid hold a mutex, spinlock or rwlock? */
bool rs_obj_held_by(int tid)
{
	for (const struct rs_obj *o = obj_list; o != NULL; o = o->lnext)
		if (o->owner == tid ||
		    (o->readers != NULL && o->readers[tid] > 0))
			return true;
	return false;
}

void rs_obj_drop_range(uintptr_t lo, uintptr_t hi)
{
	struct rs_obj *o = obj_list, *next;

	for (; o != NULL; o = next) {
		next = o->lnext;
		if (o->addr >= lo && o->addr < hi)
			rs_obj_drop(o->addr);
	}
}

/* ------------------------------------------------------------ heap blocks */

struct heap_block {
	uintptr_t base;
	size_t size;
	uintptr_t pc;	   /* the malloc call */
	uintptr_t free_pc; /* the free call, once freed */
	int free_tid;
	struct heap_block *hnext;
	struct heap_block *qnext;	  /* quarantine FIFO */
	struct heap_block *anext, *aprev; /* heap_all: every live block */
};

static struct heap_block *heap_hash[HEAP_BUCKETS];
static struct heap_block *heap_all; /* the blocks in heap_hash */

void rs_heap_add(uintptr_t p, size_t size, uintptr_t pc)
{
	struct heap_block *b = __real_malloc(sizeof(*b));
	size_t h = hash_addr(p, HEAP_BUCKETS);

	if (b == NULL)
		return; /* only naming suffers */
	memset(b, 0, sizeof(*b));
	b->base = p;
	b->size = size;
	b->pc = pc;
	b->hnext = heap_hash[h];
	heap_hash[h] = b;
	b->anext = heap_all;
	if (heap_all != NULL)
		heap_all->aprev = b;
	heap_all = b;
}

static struct heap_block *heap_unlink(uintptr_t p)
{
	struct heap_block **pp = &heap_hash[hash_addr(p, HEAP_BUCKETS)], *b;

	while ((b = *pp) != NULL && b->base != p)
		pp = &b->hnext;
	if (b == NULL)
		return NULL;
	*pp = b->hnext;
	if (b->aprev != NULL)
		b->aprev->anext = b->anext;
	else
		heap_all = b->anext;
	if (b->anext != NULL)
		b->anext->aprev = b->aprev;
	b->anext = b->aprev = NULL;
	return b;
}

bool rs_heap_del(uintptr_t p, size_t *size)
{
	struct heap_block *b = heap_unlink(p);

	if (b == NULL)
		return false;
	*size = b->size;
	__real_free(b);
	return true;
}

bool rs_heap_size(uintptr_t p, size_t *size)
{
	for (struct heap_block *b = heap_hash[hash_addr(p, HEAP_BUCKETS)];
	     b != NULL; b = b->hnext)
		if (b->base == p) {
			*size = b->size;
			return true;
		}
	return false;
}

static struct heap_block *q_head, *q_tail;

/* Slow (a scan), but only used when a report names an object. Freed
 * blocks still in quarantine count: a report often names them. */
bool rs_heap_find(uintptr_t addr, uintptr_t *base, size_t *size, uintptr_t *pc)
{
	for (size_t h = 0; h < HEAP_BUCKETS; h++)
		for (struct heap_block *b = heap_hash[h]; b != NULL;
		     b = b->hnext)
			if (addr >= b->base &&
			    addr < b->base + b->size + (b->size == 0)) {
				*base = b->base;
				*size = b->size;
				*pc = b->pc;
				return true;
			}
	for (struct heap_block *b = q_head; b != NULL; b = b->qnext)
		if (addr >= b->base && addr < b->base + b->size) {
			*base = b->base;
			*size = b->size;
			*pc = b->pc;
			return true;
		}
	return false;
}

/* ------------------------------------------------------------ quarantine */

struct page_ref {
	uintptr_t page;
	struct heap_block *b;
	struct page_ref *next;
};

static struct page_ref *page_hash[PAGE_BUCKETS];
static size_t q_bytes, q_blocks;

static void page_link(struct heap_block *b, bool add)
{
	uintptr_t first = b->base >> PAGE_SHIFT;
	uintptr_t last = (b->base + (b->size ? b->size - 1 : 0)) >> PAGE_SHIFT;

	for (uintptr_t pg = first; pg <= last; pg++) {
		struct page_ref **pp = &page_hash[pg % PAGE_BUCKETS], *r;

		if (add) {
			r = __real_malloc(sizeof(*r));
			if (r == NULL)
				return;
			r->page = pg;
			r->b = b;
			r->next = *pp;
			*pp = r;
			continue;
		}
		while ((r = *pp) != NULL && !(r->page == pg && r->b == b))
			pp = &r->next;
		if (r != NULL) {
			*pp = r->next;
			__real_free(r);
		}
	}
}

/*
 * free(p) of a block the program allocated: keep it (and its contents) in
 * quarantine. Returns false when p is not ours (the caller frees it).
 */
bool rs_heap_quarantine(uintptr_t p, uintptr_t pc, int tid)
{
	struct heap_block *b = heap_unlink(p);

	if (b == NULL)
		return false;
	b->free_pc = pc;
	b->free_tid = tid;
	page_link(b, true);
	if (q_tail != NULL)
		q_tail->qnext = b;
	else
		q_head = b;
	q_tail = b;
	q_bytes += b->size;
	q_blocks++;
	while (q_head != NULL &&
	       (q_bytes > QUARANTINE_BYTES || q_blocks > QUARANTINE_BLOCKS)) {
		struct heap_block *old = q_head;

		q_head = old->qnext;
		if (q_head == NULL)
			q_tail = NULL;
		q_bytes -= old->size;
		q_blocks--;
		page_link(old, false);
		__real_free((void *)old->base);
		__real_free(old);
	}
	return true;
}

/* The quarantined block holding addr, or NULL. */
static struct heap_block *q_find(uintptr_t addr)
{
	uintptr_t pg = addr >> PAGE_SHIFT;

	for (struct page_ref *r = page_hash[pg % PAGE_BUCKETS]; r != NULL;
	     r = r->next)
		if (r->page == pg && addr >= r->b->base &&
		    addr < r->b->base + r->b->size + (r->b->size == 0))
			return r->b;
	return NULL;
}

/* The first byte of [lo, hi) inside a quarantined block, or 0. A range of
 * more pages than the page table has buckets walks the quarantine instead. */
static uintptr_t q_overlap(uintptr_t lo, uintptr_t hi, struct heap_block **out)
{
	uintptr_t first = lo >> PAGE_SHIFT, last = (hi - 1) >> PAGE_SHIFT;

	if (last - first < PAGE_BUCKETS) {
		for (uintptr_t pg = first; pg <= last; pg++)
			for (struct page_ref *r = page_hash[pg % PAGE_BUCKETS];
			     r != NULL; r = r->next)
				if (r->page == pg && r->b->base < hi &&
				    r->b->base + r->b->size > lo) {
					*out = r->b;
					return lo > r->b->base ? lo
							       : r->b->base;
				}
		return 0;
	}
	for (struct heap_block *b = q_head; b != NULL; b = b->qnext)
		if (b->base < hi && b->base + b->size > lo) {
			*out = b;
			return lo > b->base ? lo : b->base;
		}
	return 0;
}

struct rs_uaf {
	const struct heap_block *b;
	uintptr_t addr;
	uintptr_t pc; /* the access */
	bool write;
	unsigned long size;
};

static void uaf_extra(FILE *f, void *arg)
{
	const struct rs_uaf *u = arg;
	char tn[16], ft[16];

	fprintf(f, "%s %s %lu byte%s at offset %lu of a %zu-byte block at ",
		rs_tname(rs_self ? rs_self->tid : 0, tn, sizeof(tn)),
		u->write ? "wrote" : "read", u->size, u->size == 1 ? "" : "s",
		(unsigned long)(u->addr - u->b->base), u->b->size);
	rs_report_where(f, u->pc);
	fprintf(f, "\n  allocated at ");
	rs_report_where(f, u->b->pc);
	fprintf(f, "\n  freed by %s at ",
		rs_tname(u->b->free_tid, ft, sizeof(ft)));
	rs_report_where(f, u->b->free_pc);
	fputc('\n', f);
}

/*
 * An access of len bytes at addr (a plain access, an atomic, or a range
 * such as memcpy's source) by the running thread: a crash report when any
 * byte of it lies in a freed block still in quarantine.
 */
void rs_freed_check(struct rs_thread *me, uintptr_t addr, unsigned long len,
		    uintptr_t pc, bool write)
{
	struct heap_block *b = NULL;
	uintptr_t hit;
	struct rs_uaf u;

	if (q_head == NULL || len == 0 || addr + len < addr)
		return;
	hit = q_overlap(addr, addr + len, &b);
	if (hit == 0)
		return;
	rs_record(me, write ? RS_EV_WRITE : RS_EV_READ, hit,
		  len > 255 ? 255 : (int)len, pc, 0, false, 0);
	u = (struct rs_uaf){b, hit, pc, write, len - (hit - addr)};
	rs_crash_report("CRASH: use of freed memory", uaf_extra, &u);
}

/* ------------------------------------------------------------ bad frees */

struct rs_badfree {
	const char *call;	    /* "free" or "realloc" */
	const struct heap_block *b; /* the block, when p points into one */
	uintptr_t p;
	uintptr_t pc;
	const char *what; /* why p was never returned by malloc */
};

static void badfree_extra(FILE *f, void *arg)
{
	const struct rs_badfree *d = arg;
	char tn[16], ft[16], name[128];
	int tid = rs_self ? rs_self->tid : 0;

	if (d->b != NULL && d->b->free_pc != 0 && d->p == d->b->base) {
		fprintf(f, "%s called %s on a %zu-byte block already freed\n",
			rs_tname(tid, tn, sizeof(tn)), d->call, d->b->size);
		fprintf(f, "  allocated at ");
		rs_report_where(f, d->b->pc);
		fprintf(f, "\n  freed first by %s at ",
			rs_tname(d->b->free_tid, ft, sizeof(ft)));
		rs_report_where(f, d->b->free_pc);
		fprintf(f, "\n  freed again by %s at ", tn);
		rs_report_where(f, d->pc);
		fputc('\n', f);
		return;
	}
	fprintf(f, "%s called %s at ", rs_tname(tid, tn, sizeof(tn)), d->call);
	rs_report_where(f, d->pc);
	if (d->b != NULL) {
		fprintf(f,
			"\n  with a pointer %lu bytes into a %zu-byte "
			"block %s at ",
			(unsigned long)(d->p - d->b->base), d->b->size,
			d->b->free_pc ? "(already freed) allocated"
				      : "allocated");
		rs_report_where(f, d->b->pc);
	} else if (rs_data_symbol(d->p, name, sizeof(name))) {
		fprintf(f, "\n  with the address of %s, %s", name, d->what);
	} else {
		fprintf(f, "\n  with %s", d->what);
	}
	fprintf(f, "\n  (free and realloc take only a pointer that malloc, "
		   "calloc, realloc or aligned_alloc returned)\n");
}

static struct heap_block *live_containing(uintptr_t p)
{
	for (size_t h = 0; h < HEAP_BUCKETS; h++)
		for (struct heap_block *b = heap_hash[h]; b != NULL;
		     b = b->hnext)
			if (p > b->base && p < b->base + b->size)
				return b;
	return NULL;
}

/* Not from the heap at all: in a loaded object's image (a global, a
 * string literal) or on the calling thread's stack. */
static const char *not_heap(uintptr_t p)
{
	pthread_attr_t a;
	Dl_info info;
	void *lo;
	size_t n;
	bool stack = false;

	if (dladdr((void *)p, &info) != 0 && info.dli_fbase != NULL)
		return "a global or static variable (not from the heap)";
	if (pthread_getattr_np(pthread_self(), &a) == 0) {
		if (pthread_attr_getstack(&a, &lo, &n) == 0)
			stack = p >= (uintptr_t)lo && p < (uintptr_t)lo + n;
		pthread_attr_destroy(&a);
	}
	return stack ? "a stack address (a local variable)" : NULL;
}

/*
 * free(p) or realloc(p, n) of a p that is not a live block's start, by the
 * running thread: reports a double free or an invalid free and does not
 * return. Returns when nothing is known against p (memory the C library
 * allocated itself, such as strdup's, is not in the heap table: the caller
 * hands it to the real free, which checks what it can).
 */
void rs_heap_bad_free(uintptr_t p, uintptr_t pc, const char *call)
{
	struct rs_badfree d = {.call = call, .p = p, .pc = pc};

	d.b = q_find(p);
	if (d.b != NULL && d.b->base == p) {
		rs_record(rs_self, RS_EV_FREE, p, 0, pc, 0, false, 0);
		rs_crash_report("CRASH: double free", badfree_extra, &d);
	}
	if (d.b == NULL)
		d.b = live_containing(p);
	if (d.b == NULL)
		d.what = not_heap(p);
	if (d.b == NULL && d.what == NULL)
		return;
	rs_record(rs_self, RS_EV_FREE, p, 0, pc, 0, false, 0);
	rs_crash_report("CRASH: invalid free", badfree_extra, &d);
}

/* p is a freed block held in quarantine (for a free after the run). */
bool rs_heap_freed(uintptr_t p)
{
	const struct heap_block *b = q_find(p);

	return b != NULL && b->base == p;
}

/* ------------------------------------------------------------ reset */

/* No sync object and no heap block known: what a run starts from. */
bool rs_objects_empty(void)
{
	return obj_list == NULL && heap_all == NULL && q_head == NULL;
}

/*
 * Forget every sync object and really free every heap block of the run
 * that ended, live or quarantined (rs_worker.c, before the next run in
 * the same process): the tables are then as empty as a fresh child's.
 */
void rs_objects_reset(void)
{
	struct heap_block *b, *next;
	struct rs_obj *o, *onext;

	for (o = obj_list; o != NULL; o = onext) {
		onext = o->lnext;
		obj_hash[hash_addr(o->addr, OBJ_BUCKETS)] = NULL;
		__real_free(o->readers);
		__real_free(o);
	}
	obj_list = NULL;
	for (b = heap_all; b != NULL; b = next) {
		next = b->anext;
		heap_hash[hash_addr(b->base, HEAP_BUCKETS)] = NULL;
		__real_free((void *)b->base);
		__real_free(b);
	}
	heap_all = NULL;
	for (b = q_head; b != NULL; b = next) {
		next = b->qnext;
		page_link(b, false);
		__real_free((void *)b->base);
		__real_free(b);
	}
	q_head = q_tail = NULL;
	q_bytes = q_blocks = 0;
}
