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
	struct heap_block *qnext; /* quarantine FIFO */
};

static struct heap_block *heap_hash[HEAP_BUCKETS];

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
}

static struct heap_block *heap_unlink(uintptr_t p)
{
	struct heap_block **pp = &heap_hash[hash_addr(p, HEAP_BUCKETS)], *b;

	while ((b = *pp) != NULL && b->base != p)
		pp = &b->hnext;
	if (b != NULL)
		*pp = b->hnext;
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

struct rs_uaf {
	const struct heap_block *b;
	uintptr_t addr;
	bool write;
	int size;
};

static void uaf_extra(FILE *f, void *arg)
{
	const struct rs_uaf *u = arg;
	char tn[16], ft[16];

	fprintf(f, "%s %s %d byte%s at offset %lu of a %zu-byte block\n",
		rs_tname(rs_self ? rs_self->tid : 0, tn, sizeof(tn)),
		u->write ? "wrote" : "read", u->size, u->size == 1 ? "" : "s",
		(unsigned long)(u->addr - u->b->base), u->b->size);
	fprintf(f, "  allocated at ");
	rs_report_where(f, u->b->pc);
	fprintf(f, "\n  freed by %s at ",
		rs_tname(u->b->free_tid, ft, sizeof(ft)));
	rs_report_where(f, u->b->free_pc);
	fputc('\n', f);
}

void rs_freed_check(struct rs_thread *me, uintptr_t addr, int size,
		    uintptr_t pc, bool write)
{
	uintptr_t pg = addr >> PAGE_SHIFT;
	struct rs_uaf u;

	if (q_head == NULL)
		return;
	for (struct page_ref *r = page_hash[pg % PAGE_BUCKETS]; r != NULL;
	     r = r->next) {
		const struct heap_block *b = r->b;

		if (r->page != pg || addr < b->base ||
		    addr >= b->base + b->size)
			continue;
		rs_record(me, write ? RS_EV_WRITE : RS_EV_READ, addr,
			  size & 0xff, pc, 0, false, 0);
		u = (struct rs_uaf){b, addr, write, size & 0xff};
		rs_crash_report("CRASH: use of freed memory", uaf_extra, &u);
	}
}
