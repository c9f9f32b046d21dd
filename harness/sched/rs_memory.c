/*
 * rs_memory.c - the __tsan_* entry points clang's -fsanitize=thread emits,
 * turned into schedule points.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * Every plain access (__tsan_read/write N, unaligned, ranges) is one schedule
 * point taken *before* the access: another thread may run first. Its event
 * is recorded when the thread gets the baton back, with the value read (the
 * memory as it is now, since nobody else runs until our next point) or,
 * for a write, the value filled in at the thread's next entry.
 *
 * Atomics (the whole __tsan_atomic{8,16,32,64,128}_* family and the fences)
 * are schedule points that also perform the operation. The scheduler runs one
 * program thread at a time and hands the baton over through a real mutex, so
 * every program access is already ordered against every other: the runtime
 * performs each atomic as SEQ_CST whatever order the program asked for. The
 * executions explored are therefore sequentially consistent, unless
 * memory=c11 (rs_c11.c) lets a load read an older store as C11 allows:
 * then store buffering (the memorder case) and message passing through a
 * relaxed flag can go wrong here as on real hardware.
 *
 * __tsan_func_entry/exit keep a shadow call stack per thread.
 */
#include "rs.h"

#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define RET_PC() ((uintptr_t)__builtin_return_address(0))

/* ------------------------------------------------------------ readable? */

/*
 * A read's value is taken by the runtime just before the program's own
 * load. If the address is bad (a NULL dereference, a wild pointer), that
 * runtime read would fault first and the crash report would blame the
 * runtime instead of the program's line. So the value is read only from
 * memory known to be readable: never below 64 KiB (Linux's default
 * vm.mmap_min_addr: the NULL page and small offsets from it), otherwise from
 * pages a probe (process_vm_readv, which fails instead of faulting) has
 * found readable. The page cache keeps the probe off the common path; a page
 * unmapped after its probe (munmap, not free: freed blocks are
 * quarantined) is the one case it does not cover.
 */
#define LOW_LIMIT  (64UL << 10)
#define PAGE_SHIFT 12
#define PAGE_SLOTS 1024
static uintptr_t readable_page[PAGE_SLOTS]; /* page number + 1; 0 = empty */

static bool page_readable(uintptr_t page)
{
	size_t slot = (size_t)(page * 0x9e3779b97f4a7c15ULL >> 54) % PAGE_SLOTS;
	char byte;
	struct iovec local = {&byte, 1};
	struct iovec remote = {(void *)(page << PAGE_SHIFT), 1};

	if (readable_page[slot] == page + 1)
		return true;
	if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != 1)
		return false;
	readable_page[slot] = page + 1;
	return true;
}

static bool readable(uintptr_t addr, int size)
{
	if (addr < LOW_LIMIT || addr + (uintptr_t)size < addr)
		return false;
	return page_readable(addr >> PAGE_SHIFT) &&
	       page_readable((addr + (uintptr_t)size - 1) >> PAGE_SHIFT);
}

/* ------------------------------------------------------------ plain access */

static void rs_access(uintptr_t addr, int size, bool write, uintptr_t pc)
{
	struct rs_thread *me = rs_enter();

	if (me == NULL)
		return;
	rs_point_access(me, addr, (unsigned long)size, write);
	rs_freed_check(me, addr, size, pc, write);
	if (write) {
		rs_record(me, RS_EV_WRITE, addr, size, pc, 0, false, 0);
		if (size <= 8) {
			me->pending = true;
			me->pending_step = rs_g.nev;
			me->pending_addr = addr;
			me->pending_size = size;
		}
	} else {
		bool known = size <= 8 && readable(addr, size);

		/* unreadable: the program's own load faults next, at its own
		 * line, with this event already in the trace */
		rs_record(me, RS_EV_READ, addr, size, pc,
			  known ? rs_load_value(addr, size) : 0, known, 0);
	}
	rs_unlock();
}

#define RS_RW(N)                                                               \
	void __tsan_read##N(void *a);                                          \
	void __tsan_read##N(void *a)                                           \
	{                                                                      \
		rs_access((uintptr_t)a, N, false, RET_PC());                   \
	}                                                                      \
	void __tsan_write##N(void *a);                                         \
	void __tsan_write##N(void *a)                                          \
	{                                                                      \
		rs_access((uintptr_t)a, N, true, RET_PC());                    \
	}                                                                      \
	void __tsan_unaligned_read##N(void *a);                                \
	void __tsan_unaligned_read##N(void *a)                                 \
	{                                                                      \
		rs_access((uintptr_t)a, N, false, RET_PC());                   \
	}                                                                      \
	void __tsan_unaligned_write##N(void *a);                               \
	void __tsan_unaligned_write##N(void *a)                                \
	{                                                                      \
		rs_access((uintptr_t)a, N, true, RET_PC());                    \
	}                                                                      \
	void __tsan_read##N##_pc(void *a, void *pc);                           \
	void __tsan_read##N##_pc(void *a, void *pc)                            \
	{                                                                      \
		rs_access((uintptr_t)a, N, false, (uintptr_t)pc);              \
	}                                                                      \
	void __tsan_write##N##_pc(void *a, void *pc);                          \
	void __tsan_write##N##_pc(void *a, void *pc)                           \
	{                                                                      \
		rs_access((uintptr_t)a, N, true, (uintptr_t)pc);               \
	}

RS_RW(1)
RS_RW(2)
RS_RW(4)
RS_RW(8)
RS_RW(16)

/* ------------------------------------------------------------ ranges */

/*
 * A range access (memcpy, memmove, memset, __tsan_*_range): one schedule
 * point for the whole call, then the freed-memory check of every byte
 * touched and one event per range. No value is shown for a range.
 */
struct rs_range {
	uintptr_t addr;
	unsigned long len;
	bool write;
};

static void rs_ranges(const struct rs_range *r, int n, uintptr_t pc)
{
	struct rs_thread *me = rs_enter();

	if (me == NULL)
		return;
	rs_point_access(me, n > 0 ? r[0].addr : 0, n > 0 ? r[0].len : 0,
			n > 0 && r[0].write);
	for (int i = 0; i < n; i++)
		rs_freed_check(me, r[i].addr, r[i].len, pc, r[i].write);
	for (int i = 0; i < n; i++)
		if (r[i].len != 0)
			rs_record(me, r[i].write ? RS_EV_WRITE : RS_EV_READ,
				  r[i].addr,
				  r[i].len > 255 ? 255 : (int)r[i].len, pc, 0,
				  false, 0);
	rs_unlock();
}

static void rs_copy_hook(void *d, const void *s, unsigned long n, uintptr_t pc)
{
	struct rs_range r[2] = {{(uintptr_t)s, n, false},
				{(uintptr_t)d, n, true}};

	if (n != 0)
		rs_ranges(r, 2, pc);
}

static void rs_set_hook(void *d, unsigned long n, uintptr_t pc)
{
	struct rs_range r = {(uintptr_t)d, n, true};

	if (n != 0)
		rs_ranges(&r, 1, pc);
}

void __tsan_read_range(void *a, unsigned long size);
void __tsan_read_range(void *a, unsigned long size)
{
	struct rs_range r = {(uintptr_t)a, size, false};

	if (size != 0)
		rs_ranges(&r, 1, RET_PC());
}

void __tsan_write_range(void *a, unsigned long size);
void __tsan_write_range(void *a, unsigned long size)
{
	rs_set_hook(a, size, RET_PC());
}

void __tsan_vptr_read(void **vptr);
void __tsan_vptr_read(void **vptr)
{
	rs_access((uintptr_t)vptr, 8, false, RET_PC());
}

void __tsan_vptr_update(void **vptr, void *val);
void __tsan_vptr_update(void **vptr, void *val)
{
	(void)val;
	rs_access((uintptr_t)vptr, 8, true, RET_PC());
}

/*
 * The memory calls. clang 15 and later turn the program's memcpy, memmove
 * and memset (explicit, or made up for a struct copy) into __tsan_memcpy
 * and friends; clang 14 leaves plain calls, which reach __wrap_memcpy
 * through -Wl,--wrap (wrap.txt). Either way: one schedule point, the
 * freed-memory check, then the real call.
 */
void *__tsan_memcpy(void *d, const void *s, unsigned long n);
void *__tsan_memcpy(void *d, const void *s, unsigned long n)
{
	rs_copy_hook(d, s, n, RET_PC());
	return __real_memcpy(d, s, n);
}

void *__tsan_memmove(void *d, const void *s, unsigned long n);
void *__tsan_memmove(void *d, const void *s, unsigned long n)
{
	rs_copy_hook(d, s, n, RET_PC());
	return __real_memmove(d, s, n);
}

void *__tsan_memset(void *d, int c, unsigned long n);
void *__tsan_memset(void *d, int c, unsigned long n)
{
	rs_set_hook(d, n, RET_PC());
	return __real_memset(d, c, n);
}

void *__wrap_memcpy(void *d, const void *s, size_t n);
void *__wrap_memcpy(void *d, const void *s, size_t n)
{
	rs_copy_hook(d, s, n, RET_PC());
	return __real_memcpy(d, s, n);
}

void *__wrap_memmove(void *d, const void *s, size_t n);
void *__wrap_memmove(void *d, const void *s, size_t n)
{
	rs_copy_hook(d, s, n, RET_PC());
	return __real_memmove(d, s, n);
}

void *__wrap_memset(void *d, int c, size_t n);
void *__wrap_memset(void *d, int c, size_t n)
{
	rs_set_hook(d, n, RET_PC());
	return __real_memset(d, c, n);
}

/* ------------------------------------------------------------ lifecycle */

void __tsan_init(void);
void __tsan_init(void)
{
	rs_init();
}

void __tsan_func_entry(void *pc);
void __tsan_func_entry(void *pc)
{
	struct rs_thread *t = rs_self;

	if (t == NULL)
		return;
	int d = t->depth;

	/* relaxed atomics: the watchdog may copy a running thread's stack */
	if (d >= 0 && d < RS_STACK_DEPTH)
		__atomic_store_n(&t->stack[d], (uintptr_t)pc, __ATOMIC_RELAXED);
	__atomic_store_n(&t->depth, d + 1, __ATOMIC_RELAXED);
}

void __tsan_func_exit(void);
void __tsan_func_exit(void)
{
	struct rs_thread *t = rs_self;

	if (t != NULL && t->depth > 0)
		__atomic_store_n(&t->depth, t->depth - 1, __ATOMIC_RELAXED);
}

/* Annotations a program may call (sanitizer/tsan_interface.h): the model
 * already knows every synchronization it schedules, so they do nothing. */
void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_begin(void)
{
}
void __tsan_ignore_thread_end(void);
void __tsan_ignore_thread_end(void)
{
}
void __tsan_acquire(void *a);
void __tsan_acquire(void *a)
{
	(void)a;
}
void __tsan_release(void *a);
void __tsan_release(void *a)
{
	(void)a;
}

/* ------------------------------------------------------------ atomics */

struct bad_atomic {
	uintptr_t addr;
	uintptr_t pc;
};

static void bad_atomic_extra(FILE *f, void *arg)
{
	const struct bad_atomic *b = arg;
	char tn[16];

	fprintf(f, "%s crashed with SEGV at ",
		rs_tname(rs_self ? rs_self->tid : 0, tn, sizeof(tn)));
	rs_report_where(f, b->pc);
	fprintf(f, ": an atomic operation on %s\n",
		b->addr < LOW_LIMIT ? "a NULL pointer" : "unmapped memory");
}

/*
 * The runtime performs an atomic itself, so an atomic on a bad address
 * would fault inside the runtime: check first and report the program's
 * line, as the program's own access would have faulted there.
 */
static struct rs_thread *rs_atomic_begin(const volatile void *a, int size,
					 uintptr_t pc, bool write)
{
	struct rs_thread *me = rs_enter();
	struct bad_atomic b = {(uintptr_t)a, pc};

	if (me == NULL)
		return NULL;
	rs_point_access(me, (uintptr_t)a, (unsigned long)size, write);
	if (size == 0 || readable((uintptr_t)a, size)) {
		/* a refcount read after the last put, ... */
		rs_freed_check(me, (uintptr_t)a, (unsigned long)size, pc,
			       write);
		return me;
	}
	rs_record(me, RS_EV_ALOAD, (uintptr_t)a, size, pc, 0, false, 0);
	rs_crash_report("CRASH: SEGV (Segmentation fault)", bad_atomic_extra,
			&b);
}

static void rs_atomic_end(struct rs_thread *me, enum rs_ev_kind k,
			  const volatile void *a, int size, uintptr_t pc,
			  long long v, long long v2, int aux)
{
	struct rs_event *e;

	if (me == NULL)
		return;
	e = rs_record(me, k, (uintptr_t)a, size, pc, v, k != RS_EV_FENCE, aux);
	e->value2 = v2;
	rs_unlock();
}

/*
 * One size of the family. Each operation runs while the calling thread
 * holds the baton; SEQ_CST is stronger than any order asked for (see the
 * header comment) and costs nothing that matters here. With memory=c11,
 * rs_c11.c follows the order asked for: a load may return an older store
 * than memory holds (memory always holds the latest).
 */
#define C11(x)                                                                 \
	do {                                                                   \
		if (me != NULL && rs_cfg.c11)                                  \
			x;                                                     \
	} while (0)

#define RS_ATOMIC(N, T)                                                        \
	T __tsan_atomic##N##_load(const volatile T *a, int mo);                \
	T __tsan_atomic##N##_load(const volatile T *a, int mo)                 \
	{                                                                      \
		uintptr_t pc = RET_PC();                                       \
		struct rs_thread *me = rs_atomic_begin(a, N / 8, pc, false);   \
		/* seq_cst: orders against every other program access */       \
		T v = __atomic_load_n(a, __ATOMIC_SEQ_CST);                    \
		C11(v = (T)rs_c11_load(me, a, N / 8, v, mo));                  \
		rs_atomic_end(me, RS_EV_ALOAD, a, N / 8, pc, v, 0, 0);         \
		return v;                                                      \
	}                                                                      \
	void __tsan_atomic##N##_store(volatile T *a, T v, int mo);             \
	void __tsan_atomic##N##_store(volatile T *a, T v, int mo)              \
	{                                                                      \
		uintptr_t pc = RET_PC();                                       \
		struct rs_thread *me = rs_atomic_begin(a, N / 8, pc, true);    \
		/* seq_cst: as for load */                                     \
		C11(rs_c11_store(me, a, N / 8,                                 \
				 __atomic_load_n(a, __ATOMIC_RELAXED), v, mo,  \
				 pc));                                         \
		__atomic_store_n(a, v, __ATOMIC_SEQ_CST);                      \
		rs_atomic_end(me, RS_EV_ASTORE, a, N / 8, pc, v, 0, 0);        \
	}                                                                      \
	T __tsan_atomic##N##_exchange(volatile T *a, T v, int mo);             \
	T __tsan_atomic##N##_exchange(volatile T *a, T v, int mo)              \
	{                                                                      \
		uintptr_t pc = RET_PC();                                       \
		struct rs_thread *me = rs_atomic_begin(a, N / 8, pc, true);    \
		/* seq_cst RMW: as for load */                                 \
		T old = __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST);           \
		C11(rs_c11_rmw(me, a, N / 8, old, v, mo, pc));                 \
		rs_atomic_end(me, RS_EV_ARMW, a, N / 8, pc, old, v, 'x');      \
		return old;                                                    \
	}                                                                      \
	RS_FETCH(N, T, add, '+')                                               \
	RS_FETCH(N, T, sub, '-')                                               \
	RS_FETCH(N, T, and, '&')                                               \
	RS_FETCH(N, T, or, '|')                                                \
	RS_FETCH(N, T, xor, '^')                                               \
	RS_FETCH(N, T, nand, '~')                                              \
	int __tsan_atomic##N##_compare_exchange_strong(volatile T *a, T *c,    \
						       T v, int mo, int fmo);  \
	int __tsan_atomic##N##_compare_exchange_strong(volatile T *a, T *c,    \
						       T v, int mo, int fmo)   \
	{                                                                      \
		uintptr_t pc = RET_PC();                                       \
		struct rs_thread *me = rs_atomic_begin(a, N / 8, pc, true);    \
		T want = *c;                                                   \
		/* seq_cst on success and failure: as for load */              \
		int ok = __atomic_compare_exchange_n(                          \
		    a, c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);       \
		C11(ok ? rs_c11_rmw(me, a, N / 8, want, v, mo, pc)             \
		       : rs_c11_cas_fail(me, a, N / 8, *c, fmo));              \
		rs_atomic_end(me, RS_EV_ACAS, a, N / 8, pc, ok ? want : *c,    \
			      ok ? v : want, ok);                              \
		return ok;                                                     \
	}                                                                      \
	int __tsan_atomic##N##_compare_exchange_weak(volatile T *a, T *c, T v, \
						     int mo, int fmo);         \
	int __tsan_atomic##N##_compare_exchange_weak(volatile T *a, T *c, T v, \
						     int mo, int fmo)          \
	{                                                                      \
		uintptr_t pc = RET_PC();                                       \
		struct rs_thread *me = rs_atomic_begin(a, N / 8, pc, true);    \
		T want = *c;                                                   \
		/* never fails spuriously here: a strong CAS is a valid weak   \
		 * one; seq_cst as for load */                                 \
		int ok = __atomic_compare_exchange_n(                          \
		    a, c, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);       \
		C11(ok ? rs_c11_rmw(me, a, N / 8, want, v, mo, pc)             \
		       : rs_c11_cas_fail(me, a, N / 8, *c, fmo));              \
		rs_atomic_end(me, RS_EV_ACAS, a, N / 8, pc, ok ? want : *c,    \
			      ok ? v : want, ok);                              \
		return ok;                                                     \
	}                                                                      \
	T __tsan_atomic##N##_compare_exchange_val(volatile T *a, T c, T v,     \
						  int mo, int fmo);            \
	T __tsan_atomic##N##_compare_exchange_val(volatile T *a, T c, T v,     \
						  int mo, int fmo)             \
	{                                                                      \
		uintptr_t pc = RET_PC();                                       \
		struct rs_thread *me = rs_atomic_begin(a, N / 8, pc, true);    \
		T cur = c;                                                     \
		/* seq_cst on success and failure: as for load */              \
		int ok = __atomic_compare_exchange_n(                          \
		    a, &cur, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);    \
		C11(ok ? rs_c11_rmw(me, a, N / 8, c, v, mo, pc)                \
		       : rs_c11_cas_fail(me, a, N / 8, cur, fmo));             \
		rs_atomic_end(me, RS_EV_ACAS, a, N / 8, pc, cur, ok ? v : c,   \
			      ok);                                             \
		return cur;                                                    \
	}

#define RS_FETCH(N, T, OP, SYM)                                                \
	T __tsan_atomic##N##_fetch_##OP(volatile T *a, T v, int mo);           \
	T __tsan_atomic##N##_fetch_##OP(volatile T *a, T v, int mo)            \
	{                                                                      \
		uintptr_t pc = RET_PC();                                       \
		struct rs_thread *me = rs_atomic_begin(a, N / 8, pc, true);    \
		/* seq_cst RMW: as for load */                                 \
		T old = __atomic_fetch_##OP(a, v, __ATOMIC_SEQ_CST);           \
		C11(rs_c11_rmw(me, a, N / 8, old,                              \
			       __atomic_load_n(a, __ATOMIC_RELAXED), mo, pc)); \
		rs_atomic_end(me, RS_EV_ARMW, a, N / 8, pc, old,               \
			      __atomic_load_n(a, __ATOMIC_RELAXED), SYM);      \
		return old;                                                    \
	}

RS_ATOMIC(8, char)
RS_ATOMIC(16, short)
RS_ATOMIC(32, int)
RS_ATOMIC(64, long)

/*
 * 128-bit atomics: x86-64 has no 16-byte atomic load or store without
 * cmpxchg16b (and __atomic on __int128 would need libatomic). Plain code is
 * enough because the baton already serialises every program thread: the
 * operation completes before any other program thread can run.
 */
typedef __int128 rs_a128;

static struct rs_thread *rs_a128_begin(const volatile void *a, uintptr_t pc,
				       bool write)
{
	return rs_atomic_begin(a, 16, pc, write);
}

static void rs_a128_end(struct rs_thread *me, enum rs_ev_kind k,
			const volatile void *a, uintptr_t pc, int aux)
{
	rs_atomic_end(me, k, a, 16, pc, 0, 0, aux);
	if (me != NULL)
		rs_g.ev[(rs_g.nev - 1) % (unsigned long)rs_cfg.trace_cap]
		    .flags &= (unsigned char)~RS_EVF_VALUE;
}

rs_a128 __tsan_atomic128_load(const volatile rs_a128 *a, int mo);
rs_a128 __tsan_atomic128_load(const volatile rs_a128 *a, int mo)
{
	uintptr_t pc = RET_PC();
	struct rs_thread *me = rs_a128_begin(a, pc, false);
	rs_a128 v = *a;

	(void)mo;
	rs_a128_end(me, RS_EV_ALOAD, a, pc, 0);
	return v;
}

void __tsan_atomic128_store(volatile rs_a128 *a, rs_a128 v, int mo);
void __tsan_atomic128_store(volatile rs_a128 *a, rs_a128 v, int mo)
{
	uintptr_t pc = RET_PC();
	struct rs_thread *me = rs_a128_begin(a, pc, true);

	*a = v;
	(void)mo;
	rs_a128_end(me, RS_EV_ASTORE, a, pc, 0);
}

rs_a128 __tsan_atomic128_exchange(volatile rs_a128 *a, rs_a128 v, int mo);
rs_a128 __tsan_atomic128_exchange(volatile rs_a128 *a, rs_a128 v, int mo)
{
	uintptr_t pc = RET_PC();
	struct rs_thread *me = rs_a128_begin(a, pc, true);
	rs_a128 old = *a;

	*a = v;
	(void)mo;
	rs_a128_end(me, RS_EV_ARMW, a, pc, 'x');
	return old;
}

#define RS_FETCH128(OP, EXPR, SYM)                                             \
	rs_a128 __tsan_atomic128_fetch_##OP(volatile rs_a128 *a, rs_a128 v,    \
					    int mo);                           \
	rs_a128 __tsan_atomic128_fetch_##OP(volatile rs_a128 *a, rs_a128 v,    \
					    int mo)                            \
	{                                                                      \
		uintptr_t pc = RET_PC();                                       \
		struct rs_thread *me = rs_a128_begin(a, pc, true);             \
		rs_a128 old = *a;                                              \
		*a = (EXPR);                                                   \
		(void)mo;                                                      \
		rs_a128_end(me, RS_EV_ARMW, a, pc, SYM);                       \
		return old;                                                    \
	}

RS_FETCH128(add, old + v, '+')
RS_FETCH128(sub, old - v, '-')
RS_FETCH128(and, old &v, '&')
RS_FETCH128(or, old | v, '|')
RS_FETCH128(xor, old ^ v, '^')
RS_FETCH128(nand, ~(old &v), '~')

static int rs_cas128(volatile rs_a128 *a, rs_a128 *c, rs_a128 v, uintptr_t pc)
{
	struct rs_thread *me = rs_a128_begin(a, pc, true);
	int ok = *a == *c;

	if (ok)
		*a = v;
	else
		*c = *a;
	rs_a128_end(me, RS_EV_ACAS, a, pc, ok);
	return ok;
}

int __tsan_atomic128_compare_exchange_strong(volatile rs_a128 *a, rs_a128 *c,
					     rs_a128 v, int mo, int fmo);
int __tsan_atomic128_compare_exchange_strong(volatile rs_a128 *a, rs_a128 *c,
					     rs_a128 v, int mo, int fmo)
{
	(void)mo;
	(void)fmo;
	return rs_cas128(a, c, v, RET_PC());
}

int __tsan_atomic128_compare_exchange_weak(volatile rs_a128 *a, rs_a128 *c,
					   rs_a128 v, int mo, int fmo);
int __tsan_atomic128_compare_exchange_weak(volatile rs_a128 *a, rs_a128 *c,
					   rs_a128 v, int mo, int fmo)
{
	(void)mo;
	(void)fmo;
	return rs_cas128(a, c, v, RET_PC());
}

rs_a128 __tsan_atomic128_compare_exchange_val(volatile rs_a128 *a, rs_a128 c,
					      rs_a128 v, int mo, int fmo);
rs_a128 __tsan_atomic128_compare_exchange_val(volatile rs_a128 *a, rs_a128 c,
					      rs_a128 v, int mo, int fmo)
{
	(void)mo;
	(void)fmo;
	rs_cas128(a, &c, v, RET_PC());
	return c;
}

void __tsan_atomic_thread_fence(int mo);
void __tsan_atomic_thread_fence(int mo)
{
	uintptr_t pc = RET_PC();
	struct rs_thread *me = rs_atomic_begin(NULL, 0, pc, false);

	/* seq_cst fence: orders this thread's accesses around it; the baton's
	 * mutex already orders them against other threads */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (me != NULL && rs_cfg.c11)
		rs_c11_fence(me, mo);
	rs_atomic_end(me, RS_EV_FENCE, NULL, 0, pc, 0, 0, 0);
}

void __tsan_atomic_signal_fence(int mo);
void __tsan_atomic_signal_fence(int mo)
{
	/* compiler-only barrier: a signal handler on this thread, nothing to
	 * schedule */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	(void)mo;
}

/* The pages known readable: a run's frees may have unmapped some, so the
 * next run in the same process (rs_worker.c) starts knowing none. */
void rs_memory_reset(void)
{
	__real_memset(readable_page, 0, sizeof(readable_page));
}
