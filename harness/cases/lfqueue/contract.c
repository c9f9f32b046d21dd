/*
 * contract.c (lfqueue) - the promises of lfqueue.h as named checks, run by
 * `racelab grade lfqueue FILE.c` (table: harness/cases/lfqueue/grade).
 * Every item exactly once and FIFO per producer under load, and no
 * use-after-free, are the driver's (stress, tsan, sched).
 */
#include "grade_contract.h"
#include "lfqueue.h"

#include <errno.h>

static struct lfq *make(void)
{
	struct lfq *q = lfq_create();

	CT_REQUIRE(q != NULL, "lfq_create returned NULL (%s)", strerror(errno));
	return q;
}

/* "A new empty queue"; "EAGAIN when the queue was empty"; "Take the
 * oldest value". */
static void fifo(void)
{
	struct lfq *q = make();
	long v = -1;
	int rc = lfq_dequeue(q, &v);

	CT_REQUIRE(rc == EAGAIN,
		   "lfq_dequeue on a new queue returned %d, not "
		   "EAGAIN",
		   rc);
	for (long i = 1; i <= 100; i++)
		CT_REQUIRE(lfq_enqueue(q, i) == 0, "lfq_enqueue failed");
	for (long i = 1; i <= 100; i++) {
		rc = lfq_dequeue(q, &v);
		CT_REQUIRE(rc == 0 && v == i,
			   "dequeue %ld returned %d with %ld (want 0 and %ld)",
			   i, rc, v, i);
	}
	CT_REQUIRE(lfq_dequeue(q, &v) == EAGAIN,
		   "a drained queue did not say EAGAIN");
	lfq_destroy(q);
}

/* Bytes the program holds from the allocator, counted by the contract's
 * allocation wrappers (grade_contract.h): malloc's caches and the pieces
 * an aligned_alloc splits off are not the program's. */
static long in_use(void)
{
	return atomic_load(&ct_live_bytes);
}

/* A queue's life: n enqueues, n - left dequeues, destroy. */
static void life(long n, long left)
{
	struct lfq *q = make();
	long v;

	for (long i = 0; i < n; i++)
		CT_REQUIRE(lfq_enqueue(q, i) == 0, "lfq_enqueue failed");
	for (long i = 0; i < n - left; i++)
		CT_REQUIRE(lfq_dequeue(q, &v) == 0 && v == i,
			   "dequeue %ld failed", i);
	lfq_destroy(q);
}

/* "Free the queue, the items left in it and every node it still holds":
 * after a queue's whole life - 2000 values in, 1000 out, 1000 left - the
 * process holds no more memory than before it. A node that is dequeued
 * but never retired (or a retired list destroy forgets) is a leak of at
 * least 1000 nodes; allocations a scheme makes once per process (a
 * thread's record) are made by the first, smaller life and not counted.
 * Single-threaded, so malloc's count is exact: no timing, no tool. */
static void destroy_full(void)
{
	long before;

	life(20, 10);
	before = in_use();
	life(2000, 1000);
	CT_REQUIRE(in_use() <= before + 1024,
		   "2000 enqueues, 1000 dequeues and lfq_destroy left %ld "
		   "bytes allocated: nodes leaked (dequeued but never "
		   "freed, or not freed by destroy)",
		   in_use() - before);
}

struct side {
	struct lfq *q;
	long got[4];
	int n;
};

static void *producer(void *p)
{
	struct side *s = p;

	for (long i = 1; i <= 2; i++)
		CT_REQUIRE(lfq_enqueue(s->q, i) == 0, "lfq_enqueue failed");
	return NULL;
}

static void *consumer(void *p)
{
	struct side *s = p;

	for (int tries = 0; tries < 6 && s->n < 2; tries++) {
		long v;

		if (lfq_dequeue(s->q, &v) == 0)
			s->got[s->n++] = v;
	}
	return NULL;
}

/* "Any" thread: one producer, one consumer at once, explored under the
 * sched build: what the consumer gets is in order, and nothing is lost or
 * doubled. */
static void concurrent(void)
{
	struct lfq *q = make();
	struct side s = {.q = q};
	pthread_t tp = ct_spawn(producer, &s), tc = ct_spawn(consumer, &s);
	long v;

	ct_join(tp);
	ct_join(tc);
	while (s.n < 4 && lfq_dequeue(q, &v) == 0)
		s.got[s.n++] = v;
	CT_REQUIRE(s.n == 2 && s.got[0] == 1 && s.got[1] == 2,
		   "enqueued 1, 2; got %d values (%ld, %ld)", s.n, s.got[0],
		   s.got[1]);
	lfq_destroy(q);
}

static void *two_dequeues(void *p)
{
	struct lfq *q = p;

	for (int k = 1; k <= 2; k++) {
		long v;
		int rc = lfq_dequeue(q, &v);

		CT_REQUIRE(rc == 0,
			   "dequeue %d of 2 returned %d (%s) while the queue "
			   "held at least %d value(s) throughout the call: "
			   "EAGAIN only when it was empty",
			   k, rc, strerror(rc), 3 - k);
	}
	return NULL;
}

/* lfq_dequeue: "EAGAIN when the queue was empty at some instant during
 * the call", and at no other time: four values in, then two threads
 * dequeue two each at once, explored under the sched build. At a
 * thread's k-th dequeue the other has taken at most 2, so 3 - k >= 1
 * values stay queued throughout: a dequeue that gives up after losing a
 * race to the other one answers EAGAIN with values queued. */
static void dequeue_racing(void)
{
	struct lfq *q = make();
	pthread_t t[2];

	for (long i = 1; i <= 4; i++)
		CT_REQUIRE(lfq_enqueue(q, i) == 0, "lfq_enqueue failed");
	t[0] = ct_spawn(two_dequeues, q);
	t[1] = ct_spawn(two_dequeues, q);
	ct_join(t[0]);
	ct_join(t[1]);
	lfq_destroy(q);
}

/* "or NULL with errno set (ENOMEM)"; lfq_enqueue: "ENOMEM (nothing was
 * added)"; lfq_dequeue: "or ENOMEM" - when memory runs out: every
 * allocation fails (ct_alloc_fail). A call that needs no memory may still
 * succeed; then it must have done its work. */
static void nomem(void)
{
	struct lfq *q;
	long v = -1;
	int rc, got;

	errno = 0;
	ct_alloc_fail(1);
	q = lfq_create();
	ct_alloc_fail(0);
	CT_REQUIRE(q != NULL || errno == ENOMEM,
		   "with malloc failing, lfq_create returned NULL with errno "
		   "%d, not ENOMEM",
		   errno);
	if (q != NULL)
		lfq_destroy(q);
	q = make();
	CT_REQUIRE(lfq_enqueue(q, 1) == 0, "lfq_enqueue failed");
	ct_alloc_fail(1);
	rc = lfq_enqueue(q, 2);
	ct_alloc_fail(0);
	CT_REQUIRE(rc == ENOMEM || rc == 0,
		   "with malloc failing, lfq_enqueue returned %d (want ENOMEM)",
		   rc);
	ct_alloc_fail(1);
	v = -1;
	got = lfq_dequeue(q, &v);
	ct_alloc_fail(0);
	CT_REQUIRE((got == 0 && v == 1) || got == ENOMEM,
		   "with malloc failing, lfq_dequeue returned %d with %ld "
		   "(want 0 and 1, or ENOMEM)",
		   got, v);
	if (got == ENOMEM)
		CT_REQUIRE(lfq_dequeue(q, &v) == 0 && v == 1,
			   "after a dequeue that said ENOMEM the oldest value "
			   "is gone");
	got = lfq_dequeue(q, &v);
	CT_REQUIRE(rc == 0 ? got == 0 && v == 2 : got == EAGAIN,
		   "an enqueue that returned %d left the queue %s", rc,
		   got == EAGAIN ? "without its value" : "with its value");
	lfq_destroy(q);
}

static const struct ct_check checks[] = {
    {"fifo", fifo},
    {"nomem", nomem},
    {"destroy-full", destroy_full},
    {"concurrent", concurrent},
    {"dequeue-racing", dequeue_racing},
};

CT_MAIN(checks)
