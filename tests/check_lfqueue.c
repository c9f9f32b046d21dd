/* check_lfqueue.c - the good lock-free queue (good/lfqueue.c) keeps its word */
// links: good/lfqueue.c harness/cases/common/driver.c
/*
 * FIFO with one thread, exactly-once and FIFO per producer with several
 * producers and consumers, and destroy giving back every block the queue
 * took (also when a thread that used it outlives it), and hazard records
 * handed on from exited threads to new ones. Blocks are counted by interposing
 * malloc and friends in this test binary (glibc's __libc_* entry points do the
 * work), so nodes allocated by worker threads count too. (glibc's mallinfo2
 * cannot do it: blocks parked in a thread's tcache count as in use there.)
 */
#include "fifo_ledger.h"
#include "lfqueue.h"
#include "testlib.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

START_TEST(empty_queue_says_again)
{
	struct lfq *q = lfq_create();
	long v = -1;

	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(lfq_dequeue(q, &v), EAGAIN);
	ck_assert_int_eq(v, -1);
	lfq_destroy(q);
}
END_TEST

START_TEST(fifo_single_thread)
{
	struct lfq *q = lfq_create();
	long v;

	for (long i = 0; i < 1000; i++)
		ck_assert_int_eq(lfq_enqueue(q, i), 0);
	for (long i = 0; i < 1000; i++) {
		ck_assert_int_eq(lfq_dequeue(q, &v), 0);
		ck_assert_int_eq(v, i);
	}
	ck_assert_int_eq(lfq_dequeue(q, &v), EAGAIN);
	/* interleaved, so the queue runs empty and refills many times */
	for (long i = 0; i < 1000; i++) {
		ck_assert_int_eq(lfq_enqueue(q, i), 0);
		ck_assert_int_eq(lfq_enqueue(q, -i), 0);
		ck_assert_int_eq(lfq_dequeue(q, &v), 0);
		ck_assert_int_eq(v, i);
		ck_assert_int_eq(lfq_dequeue(q, &v), 0);
		ck_assert_int_eq(v, -i);
	}
	lfq_destroy(q);
}
END_TEST

/* ---------------------------------------------------------- many threads */

#define MP_THREADS 4
#define MP_ITEMS   50000

struct mp_arg {
	struct lfq *q;
	struct fl_ledger *ledger;
	int id;		       /* producer id, or consumer id: its log */
	atomic_int *producing; /* producers still running */
};

static void *mp_producer(void *p)
{
	struct mp_arg *a = p;
	long s;

	for (s = 0; s < MP_ITEMS; s++)
		if (lfq_enqueue(a->q, fl_item(a->id, s)) != 0)
			break;
	a->ledger->accepted[a->id] = s; /* read after the join */
	/* release: our enqueues happen before a consumer that sees the
	 * count drop (acquire below) and then finds the queue empty */
	atomic_fetch_sub_explicit(a->producing, 1, memory_order_release);
	return NULL;
}

static void *mp_consumer(void *p)
{
	struct mp_arg *a = p;
	struct fl_log *log = &a->ledger->logs[a->id];
	long v;

	for (;;) {
		/* acquire: pairs with the producers' release decrement */
		bool done = atomic_load_explicit(a->producing,
						 memory_order_acquire) == 0;

		if (lfq_dequeue(a->q, &v) == 0) {
			if (!fl_record(log, v))
				return NULL; /* more items than were put */
		} else if (done) {
			return NULL;
		} else {
			sched_yield();
		}
	}
}

/* Run MP_THREADS producers and consumers; check every item exactly once
 * and each consumer's items in order per producer. The ledger is freed
 * before this returns: the memory tests count every block. */
static void run_mpmc(struct lfq *q)
{
	struct mp_arg prod[MP_THREADS], cons[MP_THREADS];
	pthread_t pt[MP_THREADS], ct[MP_THREADS];
	atomic_int producing = MP_THREADS;
	struct fl_ledger ledger;
	bool ok;

	fl_init(&ledger, MP_THREADS, MP_THREADS, MP_ITEMS);
	for (int i = 0; i < MP_THREADS; i++) {
		prod[i] = (struct mp_arg){.q = q,
					  .ledger = &ledger,
					  .id = i,
					  .producing = &producing};
		cons[i] = prod[i];
		ck_assert_int_eq(
		    pthread_create(&ct[i], NULL, mp_consumer, &cons[i]), 0);
		ck_assert_int_eq(
		    pthread_create(&pt[i], NULL, mp_producer, &prod[i]), 0);
	}
	for (int i = 0; i < MP_THREADS; i++) {
		ck_assert_int_eq(pthread_join(pt[i], NULL), 0);
		ck_assert_int_eq(pthread_join(ct[i], NULL), 0);
	}
	ok = fl_check(&ledger, "lfqueue");
	fflush(stdout); /* a failed check _exits: keep the ledger's line */
	fl_free(&ledger);
	ck_assert_msg(ok, "not every item got exactly once, FIFO per producer "
			  "(the ledger's line names the first violation)");
}

START_TEST(mpmc_exactly_once_fifo_per_producer)
{
	struct lfq *q = lfq_create();
	long v;

	ck_assert_ptr_nonnull(q);
	run_mpmc(q);
	ck_assert_int_eq(lfq_dequeue(q, &v), EAGAIN);
	lfq_destroy(q);
}
END_TEST

/* ---------------------------------------------------------- destroy */

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);

/* Blocks handed out and not yet freed, by anyone in this process.
 * relaxed: a count read only after the threads that changed it are joined
 * (the joins order their updates before the read). */
static atomic_long live_blocks;
static atomic_long allocations; /* blocks handed out, ever (as above) */

static void *counted(void *p)
{
	if (p != NULL) {
		atomic_fetch_add_explicit(&live_blocks, 1,
					  memory_order_relaxed);
		atomic_fetch_add_explicit(&allocations, 1,
					  memory_order_relaxed);
	}
	return p;
}

void *malloc(size_t n)
{
	return counted(__libc_malloc(n));
}

void *calloc(size_t n, size_t size)
{
	return counted(__libc_calloc(n, size));
}

void *aligned_alloc(size_t align, size_t n)
{
	return counted(__libc_memalign(align, n));
}

int posix_memalign(void **out, size_t align, size_t n)
{
	if (align % sizeof(void *) != 0 || (align & (align - 1)) != 0)
		return EINVAL;
	*out = counted(__libc_memalign(align, n));
	return *out == NULL ? ENOMEM : 0;
}

void *realloc(void *p, size_t n)
{
	void *r;

	if (p == NULL)
		return malloc(n);
	r = __libc_realloc(p, n);
	if (n == 0) /* glibc frees p and returns NULL */
		atomic_fetch_sub_explicit(&live_blocks, 1,
					  memory_order_relaxed);
	return r;
}

void free(void *p)
{
	if (p != NULL)
		atomic_fetch_sub_explicit(&live_blocks, 1,
					  memory_order_relaxed);
	__libc_free(p);
}

static long heap_in_use(void)
{
	return atomic_load_explicit(&live_blocks, memory_order_relaxed);
}

START_TEST(destroy_frees_everything)
{
	long before = heap_in_use();
	struct lfq *q;
	long v;

	q = lfq_create();
	for (long i = 0; i < 10000; i++)
		ck_assert_int_eq(lfq_enqueue(q, i), 0);
	for (long i = 0; i < 5000; i++)
		ck_assert_int_eq(lfq_dequeue(q, &v), 0);
	/* 5000 items are still queued, and hazard records exist */
	lfq_destroy(q);
	ck_assert_int_eq(heap_in_use(), before);
}
END_TEST

static void *idle(void *p)
{
	return p;
}

START_TEST(destroy_frees_everything_after_threads)
{
	pthread_t t[2 * MP_THREADS];
	struct lfq *q;
	long before;

	/* glibc keeps the TLS blocks of exited threads with their cached
	 * stacks: start and join as many threads first, so that the run
	 * below reuses them and only the queue's blocks are counted */
	for (int i = 0; i < 2 * MP_THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, idle, NULL), 0);
	for (int i = 0; i < 2 * MP_THREADS; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
	before = heap_in_use();

	q = lfq_create();
	run_mpmc(q);
	for (long i = 0; i < 1000; i++) /* leave some items in it */
		ck_assert_int_eq(lfq_enqueue(q, i), 0);
	lfq_destroy(q);
	ck_assert_int_eq(heap_in_use(), before);
}
END_TEST

/* A thread that uses q once, then waits for *go before it exits. */
struct outliver {
	struct lfq *q;
	atomic_int stage; /* 1: used the queue; 2: may exit */
};

static void *use_then_wait(void *p)
{
	struct outliver *o = p;
	long v;

	ck_assert_int_eq(lfq_enqueue(o->q, 1), 0);
	ck_assert_int_eq(lfq_dequeue(o->q, &v), 0);
	/* seq_cst (default) on both sides: only a handshake */
	atomic_store(&o->stage, 1);
	while (atomic_load(&o->stage) != 2)
		sched_yield();
	return NULL;
}

static void warm_thread_cache(void)
{
	pthread_t t;

	/* as above: a cached stack and TLS block, so the count below sees
	 * only the queue's blocks */
	ck_assert_int_eq(pthread_create(&t, NULL, idle, NULL), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
}

/* The queue is destroyed while a thread that used it still runs: that
 * thread's hazard record outlives the queue and is freed when the thread
 * exits. */
START_TEST(a_thread_that_outlives_the_queue_frees_its_record)
{
	struct outliver o = {.q = NULL};
	pthread_t t;
	long before;

	warm_thread_cache();
	before = heap_in_use();
	o.q = lfq_create();
	ck_assert_ptr_nonnull(o.q);
	ck_assert_int_eq(pthread_create(&t, NULL, use_then_wait, &o), 0);
	while (atomic_load(&o.stage) != 1)
		sched_yield();
	lfq_destroy(o.q);
	atomic_store(&o.stage, 2);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(heap_in_use(), before);
}
END_TEST

static void *use_once(void *q)
{
	long v;

	ck_assert_int_eq(lfq_enqueue(q, 1), 0);
	ck_assert_int_eq(lfq_dequeue(q, &v), 0);
	return NULL;
}

/* Threads come and go: each new one takes over the record an exited one
 * left, so the queue's memory stays bounded (one record, and at most a
 * scan's worth of retired nodes), not one record per thread ever seen. */
START_TEST(records_of_exited_threads_are_reused)
{
	struct lfq *q;
	long before;

	warm_thread_cache();
	before = heap_in_use();
	q = lfq_create();
	ck_assert_ptr_nonnull(q);
	for (int i = 0; i < 300; i++) {
		pthread_t t;

		ck_assert_int_eq(pthread_create(&t, NULL, use_once, q), 0);
		ck_assert_int_eq(pthread_join(t, NULL), 0);
	}
	ck_assert_msg(heap_in_use() - before < 100,
		      "%ld blocks after 300 threads used the queue in turn",
		      heap_in_use() - before);
	lfq_destroy(q);
	ck_assert_int_eq(heap_in_use(), before);
}
END_TEST

/* ------------------------------------------------- node reuse (pool) */

#define POOL_FIRST  2000 /* items enqueued by the first producer */
#define POOL_SECOND 1000 /* items enqueued by the second */

struct producer_run {
	struct lfq *q;
	long n;
	long allocated; /* blocks the thread allocated while enqueueing */
	long failed;	/* enqueues that did not return 0 */
};

/* relaxed: only this thread allocates while it runs (the others wait in
 * pthread_join), so the difference is its own count. (No ck_assert in
 * the loop: a passing one allocates, to report its location.) */
static void *produce_counted(void *p)
{
	struct producer_run *r = p;
	long a0 = atomic_load_explicit(&allocations, memory_order_relaxed);

	for (long i = 0; i < r->n; i++)
		r->failed += lfq_enqueue(r->q, i) != 0;
	r->allocated =
	    atomic_load_explicit(&allocations, memory_order_relaxed) - a0;
	return NULL;
}

static void produce_in_thread(struct producer_run *r)
{
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, produce_counted, r), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(r->failed, 0);
}

/* A thread that only enqueues gets the nodes that a thread that only
 * dequeues retired and proved unreachable (hazard.h's pool), instead of
 * malloc'ing one per item while the other frees one per item; and destroy
 * still gives everything back. */
START_TEST(enqueuers_reuse_the_nodes_dequeuers_retire)
{
	struct producer_run first = {.n = POOL_FIRST},
			    second = {.n = POOL_SECOND};
	long before, v;

	warm_thread_cache();
	before = heap_in_use();
	first.q = second.q = lfq_create();
	ck_assert_ptr_nonnull(first.q);
	produce_in_thread(&first);
	ck_assert_int_ge(first.allocated, POOL_FIRST); /* nothing to reuse */
	for (long i = 0; i < POOL_FIRST; i++) /* this thread only dequeues */
		ck_assert_int_eq(lfq_dequeue(first.q, &v), 0);
	produce_in_thread(&second);
	ck_assert_msg(second.allocated < POOL_SECOND / 10,
		      "%ld allocations for %d enqueues after %d nodes were "
		      "retired by another thread",
		      second.allocated, POOL_SECOND, POOL_FIRST);
	for (long i = 0; i < POOL_SECOND; i++) {
		ck_assert_int_eq(lfq_dequeue(first.q, &v), 0);
		ck_assert_int_eq(v, i);
	}
	lfq_destroy(first.q);
	ck_assert_int_eq(heap_in_use(), before);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("lfqueue (good)");
	TCase *single = testlib_tcase("single thread");
	TCase *many = testlib_tcase("many threads");
	TCase *memory = testlib_tcase("memory");

	tcase_add_test(single, empty_queue_says_again);
	tcase_add_test(single, fifo_single_thread);
	tcase_add_test(many, mpmc_exactly_once_fifo_per_producer);
	tcase_add_test(memory, destroy_frees_everything);
	tcase_add_test(memory, destroy_frees_everything_after_threads);
	tcase_add_test(memory,
		       a_thread_that_outlives_the_queue_frees_its_record);
	tcase_add_test(memory, records_of_exited_threads_are_reused);
	tcase_add_test(memory, enqueuers_reuse_the_nodes_dequeuers_retire);
	suite_add_tcase(s, single);
	suite_add_tcase(s, many);
	suite_add_tcase(s, memory);
	return s;
}

TESTLIB_MAIN
