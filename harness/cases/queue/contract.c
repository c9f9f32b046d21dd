/*
 * contract.c (queue) - the promises of queue.h as named checks, run by
 * `racelab grade queue FILE.c` (table: harness/cases/queue/grade). Every
 * item exactly once and FIFO per producer under load are the driver's
 * (stress, tsan, sched); here: each error code, close's promises with
 * blocked threads, and waits that must not return early.
 */
#include "grade_contract.h"
#include "queue.h"

#include <errno.h>

static struct bq *make(size_t cap)
{
	struct bq *q = bq_create(cap);

	CT_REQUIRE(q != NULL, "bq_create(%zu) returned NULL (%s)", cap,
		   strerror(errno));
	return q;
}

/* "NULL with errno set (EINVAL for capacity 0, ENOMEM)": capacity 0, and
 * every allocation failing (ct_alloc_fail). A queue that needs no memory
 * may still be created; then it must work. */
static void create_zero(void)
{
	struct bq *q;

	errno = 0;
	q = bq_create(0);
	CT_REQUIRE(q == NULL && errno == EINVAL,
		   "bq_create(0) returned %s with errno %d (want NULL and "
		   "EINVAL)",
		   q ? "a queue" : "NULL", errno);
	errno = 0;
	ct_alloc_fail(1);
	q = bq_create(4);
	ct_alloc_fail(0);
	if (q == NULL)
		CT_REQUIRE(errno == ENOMEM,
			   "with malloc failing, bq_create returned NULL with "
			   "errno %d, not ENOMEM",
			   errno);
	else {
		CT_REQUIRE(bq_put_try(q, 1) == 0,
			   "a queue created while malloc failed refuses a put");
		bq_destroy(q);
	}
}

/* "Take the oldest item": FIFO, try and blocking alike, up to capacity.
 * Capacity 3, not a power of two: fill it, take two, fill it again, ...
 * so the ring's indexes go round it several times (a ring that wraps them
 * with a mask, & (cap - 1), loses items here), then drain it. */
static void fifo(void)
{
	struct bq *q = make(3);
	long put = 0, got = 0, v;
	int rc;

	for (int round = 0; round < 4; round++) {
		for (; put - got < 3; put++) {
			rc = put % 2 ? bq_put_blocking(q, put)
				     : bq_put_try(q, put);
			CT_REQUIRE(rc == 0,
				   "put %ld into a queue of 3 holding %ld "
				   "returned %d",
				   put, put - got, rc);
		}
		for (int k = 0; k < (round < 3 ? 2 : 3); k++, got++) {
			v = -1;
			rc = got % 2 ? bq_get_try(q, &v)
				     : bq_get_blocking(q, &v);
			CT_REQUIRE(rc == 0 && v == got,
				   "get %ld of a queue of 3 returned %d with "
				   "item %ld (want 0 and %ld)",
				   got, rc, v, got);
		}
	}
	bq_destroy(q);
}

/* "EAGAIN when the queue is full" (the item not added) and "EAGAIN when
 * the queue is empty but open". */
static void try_eagain(void)
{
	struct bq *q = make(1);
	long v = -1;
	int rc = bq_get_try(q, &v);

	CT_REQUIRE(rc == EAGAIN,
		   "bq_get_try on an empty open queue returned "
		   "%d, not EAGAIN",
		   rc);
	CT_REQUIRE(bq_put_try(q, 7) == 0, "bq_put_try into room failed");
	rc = bq_put_try(q, 8);
	CT_REQUIRE(rc == EAGAIN,
		   "bq_put_try on a full queue returned %d, not "
		   "EAGAIN",
		   rc);
	CT_REQUIRE(bq_get_try(q, &v) == 0 && v == 7,
		   "after a refused put the queue holds %ld, not 7", v);
	CT_REQUIRE(bq_get_try(q, &v) == EAGAIN,
		   "a refused bq_put_try added its item");
	bq_destroy(q);
}

/* bq_close: "later puts fail with EPIPE"; "the items already in the
 * queue are still handed out" then "EPIPE at end of queue: closed and
 * drained (*item untouched)"; "Idempotent". */
static void close_drains(void)
{
	struct bq *q = make(4);
	long v;
	int rc;

	CT_REQUIRE(bq_put_try(q, 1) == 0 && bq_put_try(q, 2) == 0,
		   "puts into an open queue failed");
	bq_close(q);
	bq_close(q);
	CT_REQUIRE((rc = bq_put_blocking(q, 3)) == EPIPE,
		   "bq_put_blocking after close returned %d, not EPIPE", rc);
	CT_REQUIRE((rc = bq_put_try(q, 3)) == EPIPE,
		   "bq_put_try after close returned %d, not EPIPE", rc);
	CT_REQUIRE(bq_get_blocking(q, &v) == 0 && v == 1,
		   "after close the first item is not handed out");
	CT_REQUIRE(bq_get_try(q, &v) == 0 && v == 2,
		   "after close the second item is not handed out");
	v = 99;
	CT_REQUIRE((rc = bq_get_blocking(q, &v)) == EPIPE && v == 99,
		   "bq_get_blocking on a closed, drained queue returned %d "
		   "(item %ld): want EPIPE, item untouched",
		   rc, v);
	CT_REQUIRE((rc = bq_get_try(q, &v)) == EPIPE && v == 99,
		   "bq_get_try on a closed, drained queue returned %d (item "
		   "%ld): want EPIPE, item untouched",
		   rc, v);
	bq_destroy(q);
}

struct blocked {
	struct bq *q;
	int rc;
	long item;
};

static void *consumer(void *p)
{
	struct blocked *b = p;

	b->rc = bq_get_blocking(b->q, &b->item);
	return NULL;
}

static void *producer(void *p)
{
	struct blocked *b = p;

	b->rc = bq_put_blocking(b->q, b->item);
	return NULL;
}

/* bq_close: "every producer and consumer blocked in it wakes (producers
 * with EPIPE; consumers ... see EPIPE)": three consumers on an empty
 * queue, two producers on a full one. A lost wakeup is a deadlock under
 * the sched build. */
static void close_wakes(void)
{
	struct bq *e = make(1), *f = make(1);
	struct blocked c[3], p[2];
	pthread_t tc[3], tp[2];
	long v;

	CT_REQUIRE(bq_put_try(f, 0) == 0, "a put into room failed");
	for (int i = 0; i < 3; i++) {
		c[i] = (struct blocked){e, -1, -1};
		tc[i] = ct_spawn(consumer, &c[i]);
	}
	for (int i = 0; i < 2; i++) {
		p[i] = (struct blocked){f, -1, 10 + i};
		tp[i] = ct_spawn(producer, &p[i]);
	}
	bq_close(e);
	bq_close(f);
	for (int i = 0; i < 3; i++) {
		ct_join(tc[i]);
		CT_REQUIRE(c[i].rc == EPIPE,
			   "a consumer in an empty queue woke from close with "
			   "%d, not EPIPE",
			   c[i].rc);
	}
	for (int i = 0; i < 2; i++) {
		ct_join(tp[i]);
		CT_REQUIRE(p[i].rc == EPIPE,
			   "a producer blocked on a full queue woke from close "
			   "with %d, not EPIPE",
			   p[i].rc);
	}
	CT_REQUIRE(bq_get_try(f, &v) == 0 && v == 0,
		   "the item put before close was not handed out");
	bq_destroy(e);
	bq_destroy(f);
}

/* Wait until the thread just spawned has entered a condvar wait (the
 * wrapper counts them in ct_waits, and holds the mutex until the injected
 * spurious wakeup has returned) or has returned (*rc set): from then on
 * the wakeup is injected whatever the load, so the verdict does not
 * depend on timing. The bound (5 s) is for a submission that waits
 * without a condvar, where no spurious wakeup is possible anyway. */
static void await_wait(long before, volatile int *rc)
{
	for (int i = 0;
	     i < 5000 && atomic_load(&ct_waits) <= before && *rc == -1; i++)
		ct_sleep_ms(1);
}

/* "waiting while the queue is empty and open" / "waiting while the queue
 * is full": with injected spurious wakeups a wait guarded by `if` returns
 * early - a get with no item, a put into a full ring. */
static void spurious(void)
{
	struct bq *q = make(1);
	struct blocked c = {q, -1, -1}, p = {q, -1, 2};
	long before = atomic_load(&ct_waits), v = -1;
	pthread_t t = ct_spawn(consumer, &c);

	await_wait(before, &c.rc);
	CT_REQUIRE(bq_put_blocking(q, 1) == 0, "a put failed");
	ct_join(t);
	CT_REQUIRE(c.rc == 0 && c.item == 1,
		   "bq_get_blocking on an empty queue returned %d with item "
		   "%ld before anything was put (want to wait; then 0 and 1)",
		   c.rc, c.item);
	CT_REQUIRE(bq_put_try(q, 1) == 0, "a put into room failed");
	before = atomic_load(&ct_waits);
	t = ct_spawn(producer, &p);
	await_wait(before, &p.rc);
	CT_REQUIRE(bq_get_blocking(q, &v) == 0 && v == 1,
		   "a put into a full queue did not wait: the first item "
		   "read back is %ld, not 1",
		   v);
	ct_join(t);
	CT_REQUIRE(p.rc == 0 && bq_get_try(q, &v) == 0 && v == 2,
		   "the blocked put returned %d; then the queue held %ld, not "
		   "2",
		   p.rc, v);
	bq_destroy(q);
}

static const struct ct_check checks[] = {
    {"create-zero", create_zero}, {"fifo", fifo},
    {"try-eagain", try_eagain},	  {"close-drains", close_drains},
    {"close-wakes", close_wakes}, {"spurious", spurious},
};

CT_MAIN(checks)
