/* check_queue.c - the good bounded queue (good/queue.c) keeps its contract */
// links: good/queue.c harness/cases/common/driver.c
/*
 * FIFO, the capacity bound, blocking both ways, close, the try variants,
 * and exactly-once delivery with several producers and consumers.
 *
 * Blocking is shown with a helper thread and a bounded wait for it, never
 * with a sleep standing in for synchronization: every wait here either
 * waits for an event the test itself causes (and fails after a generous
 * bound if the event never comes), or checks that something did NOT happen
 * yet, which a correct queue can never fail (a broken one might slip past
 * it, never the other way round).
 */
#include "fifo_ledger.h"
#include "queue.h"
#include "testlib.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#define CAP		 4
#define RELEASE_BOUND_MS 10000 /* an event the test caused: must come */
#define STILL_BLOCKED_MS 100   /* "not yet": can only pass wrongly */

/* ---------------------------------------------------------- helper threads */

struct helper {
	struct bq *q;
	bool put; /* put item, else get into item */
	long item;
	int rc;
	bool done; /* guarded by lock */
	pthread_mutex_t lock;
	pthread_cond_t cv;
	pthread_t tid;
};

static void *helper_run(void *p)
{
	struct helper *h = p;
	int rc = h->put ? bq_put_blocking(h->q, h->item)
			: bq_get_blocking(h->q, &h->item);

	pthread_mutex_lock(&h->lock);
	h->rc = rc;
	h->done = true;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static void helper_start(struct helper *h, struct bq *q, bool put, long item)
{
	*h = (struct helper){.q = q, .put = put, .item = item};
	ck_assert_int_eq(pthread_mutex_init(&h->lock, NULL), 0);
	ck_assert_int_eq(pthread_cond_init(&h->cv, NULL), 0);
	ck_assert_int_eq(pthread_create(&h->tid, NULL, helper_run, h), 0);
}

/* Wait at most ms for the helper's call to return; whether it did. */
static bool helper_wait(struct helper *h, long ms)
{
	struct timespec deadline;
	bool done;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += ms / 1000;
	deadline.tv_nsec += (ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&h->lock);
	while (!h->done &&
	       pthread_cond_timedwait(&h->cv, &h->lock, &deadline) == 0)
		;
	done = h->done;
	pthread_mutex_unlock(&h->lock);
	return done;
}

static void helper_join(struct helper *h)
{
	ck_assert_msg(helper_wait(h, RELEASE_BOUND_MS),
		      "the helper is still blocked after %d ms",
		      RELEASE_BOUND_MS);
	ck_assert_int_eq(pthread_join(h->tid, NULL), 0);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->lock);
}

static struct bq *full_queue(void)
{
	struct bq *q = bq_create(CAP);

	ck_assert_ptr_nonnull(q);
	for (long i = 0; i < CAP; i++)
		ck_assert_int_eq(bq_put_try(q, i), 0);
	return q;
}

static void expect_items(struct bq *q, const long *want, int n)
{
	long item;

	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(bq_get_try(q, &item), 0);
		ck_assert_int_eq(item, want[i]);
	}
}

/* ---------------------------------------------------------- single thread */

START_TEST(create_rejects_zero_capacity)
{
	errno = 0;
	ck_assert_ptr_null(bq_create(0));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(fifo_and_capacity_bound)
{
	struct bq *q = full_queue();
	long item;

	ck_assert_int_eq(bq_put_try(q, 99), EAGAIN); /* full: refused */
	for (long i = 0; i < CAP; i++) {
		ck_assert_int_eq(bq_get_try(q, &item), 0);
		ck_assert_int_eq(item, i);
	}
	ck_assert_int_eq(bq_get_try(q, &item), EAGAIN); /* empty, open */
	/* wrap around the ring a few times */
	for (long i = 0; i < 3 * CAP; i++) {
		ck_assert_int_eq(bq_put_blocking(q, 100 + i), 0);
		ck_assert_int_eq(bq_get_blocking(q, &item), 0);
		ck_assert_int_eq(item, 100 + i);
	}
	bq_destroy(q);
}
END_TEST

START_TEST(close_drains_then_ends)
{
	struct bq *q = bq_create(CAP);
	long item = -1;

	ck_assert_int_eq(bq_put_blocking(q, 1), 0);
	ck_assert_int_eq(bq_put_try(q, 2), 0);
	bq_close(q);
	bq_close(q); /* idempotent */
	ck_assert_int_eq(bq_put_blocking(q, 3), EPIPE);
	ck_assert_int_eq(bq_put_try(q, 3), EPIPE);
	ck_assert_int_eq(bq_get_blocking(q, &item), 0);
	ck_assert_int_eq(item, 1);
	ck_assert_int_eq(bq_get_try(q, &item), 0);
	ck_assert_int_eq(item, 2);
	item = -1;
	ck_assert_int_eq(bq_get_blocking(q, &item), EPIPE); /* end of queue */
	ck_assert_int_eq(bq_get_try(q, &item), EPIPE);
	ck_assert_int_eq(item, -1); /* untouched at end of queue */
	bq_destroy(q);
}
END_TEST

START_TEST(put_try_on_closed_full_queue_says_closed)
{
	struct bq *q = full_queue();

	bq_close(q);
	ck_assert_int_eq(bq_put_try(q, 9), EPIPE); /* not EAGAIN */
	bq_destroy(q);
}
END_TEST

/* ---------------------------------------------------------- blocking */

START_TEST(blocked_producer_released_by_get)
{
	struct bq *q = full_queue();
	struct helper h;
	long item;
	const long rest[] = {1, 2, 3, 99};

	helper_start(&h, q, true, 99);
	ck_assert_msg(!helper_wait(&h, STILL_BLOCKED_MS),
		      "put on a full queue returned (rc %d)", h.rc);
	ck_assert_int_eq(bq_get_blocking(q, &item), 0);
	ck_assert_int_eq(item, 0);
	helper_join(&h);
	ck_assert_int_eq(h.rc, 0);
	/* the released put went to the back, over nothing */
	expect_items(q, rest, 4);
	ck_assert_int_eq(bq_get_try(q, &item), EAGAIN);
	bq_destroy(q);
}
END_TEST

START_TEST(blocked_consumer_released_by_put)
{
	struct bq *q = bq_create(CAP);
	struct helper h;

	helper_start(&h, q, false, 0);
	ck_assert_msg(!helper_wait(&h, STILL_BLOCKED_MS),
		      "get on an empty queue returned (rc %d)", h.rc);
	ck_assert_int_eq(bq_put_blocking(q, 42), 0);
	helper_join(&h);
	ck_assert_int_eq(h.rc, 0);
	ck_assert_int_eq(h.item, 42);
	bq_destroy(q);
}
END_TEST

START_TEST(close_wakes_blocked_consumers)
{
	struct bq *q = bq_create(CAP);
	struct helper h[3];

	for (int i = 0; i < 3; i++)
		helper_start(&h[i], q, false, -1);
	bq_close(q);
	for (int i = 0; i < 3; i++) {
		helper_join(&h[i]);
		ck_assert_int_eq(h[i].rc, EPIPE);
		ck_assert_int_eq(h[i].item, -1);
	}
	bq_destroy(q);
}
END_TEST

START_TEST(close_wakes_blocked_producers)
{
	struct bq *q = full_queue();
	struct helper h[3];
	long item;
	const long all[] = {0, 1, 2, 3};

	for (int i = 0; i < 3; i++)
		helper_start(&h[i], q, true, 100 + i);
	bq_close(q);
	for (int i = 0; i < 3; i++) {
		helper_join(&h[i]);
		ck_assert_int_eq(h[i].rc, EPIPE);
	}
	/* nothing the refused producers offered got in; the rest drains */
	expect_items(q, all, CAP);
	ck_assert_int_eq(bq_get_blocking(q, &item), EPIPE);
	bq_destroy(q);
}
END_TEST

/* ---------------------------------------------------------- many threads */

#define MP_THREADS 3
#define MP_ITEMS   20000

struct mp_arg {
	struct bq *q;
	struct fl_ledger *ledger;
	int id; /* producer id, or consumer id: its log */
};

static void *mp_producer(void *p)
{
	struct mp_arg *a = p;
	long s;

	for (s = 0; s < MP_ITEMS; s++)
		if (bq_put_blocking(a->q, fl_item(a->id, s)) != 0)
			break;
	a->ledger->accepted[a->id] = s; /* read after the join */
	return NULL;
}

static void *mp_consumer(void *p)
{
	struct mp_arg *a = p;
	struct fl_log *log = &a->ledger->logs[a->id];
	long item;

	while (bq_get_blocking(a->q, &item) == 0) {
		if (!fl_record(log, item)) {
			/* more items than were put: stop, and wake the rest */
			bq_close(a->q);
			break;
		}
	}
	return NULL;
}

START_TEST(mpmc_exactly_once_fifo_per_producer)
{
	struct mp_arg prod[MP_THREADS], cons[MP_THREADS];
	pthread_t pt[MP_THREADS], ct[MP_THREADS];
	struct bq *q = bq_create(CAP);
	struct fl_ledger ledger;
	bool ok;

	ck_assert_ptr_nonnull(q);
	fl_init(&ledger, MP_THREADS, MP_THREADS, MP_ITEMS);
	for (int i = 0; i < MP_THREADS; i++) {
		prod[i] = (struct mp_arg){.q = q, .ledger = &ledger, .id = i};
		cons[i] = prod[i];
		ck_assert_int_eq(
		    pthread_create(&ct[i], NULL, mp_consumer, &cons[i]), 0);
		ck_assert_int_eq(
		    pthread_create(&pt[i], NULL, mp_producer, &prod[i]), 0);
	}
	for (int i = 0; i < MP_THREADS; i++)
		ck_assert_int_eq(pthread_join(pt[i], NULL), 0);
	bq_close(q);
	for (int i = 0; i < MP_THREADS; i++)
		ck_assert_int_eq(pthread_join(ct[i], NULL), 0);
	ok = fl_check(&ledger, "queue");
	fflush(stdout); /* a failed check _exits: keep the ledger's line */
	fl_free(&ledger);
	bq_destroy(q);
	ck_assert_msg(ok, "not every item got exactly once, FIFO per producer "
			  "(the ledger's line names the first violation)");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("queue (good)");
	TCase *single = testlib_tcase("single thread");
	TCase *blocking = testlib_tcase("blocking and close");
	TCase *many = testlib_tcase("many threads");

	tcase_add_test(single, create_rejects_zero_capacity);
	tcase_add_test(single, fifo_and_capacity_bound);
	tcase_add_test(single, close_drains_then_ends);
	tcase_add_test(single, put_try_on_closed_full_queue_says_closed);
	tcase_add_test(blocking, blocked_producer_released_by_get);
	tcase_add_test(blocking, blocked_consumer_released_by_put);
	tcase_add_test(blocking, close_wakes_blocked_consumers);
	tcase_add_test(blocking, close_wakes_blocked_producers);
	tcase_add_test(many, mpmc_exactly_once_fifo_per_producer);
	suite_add_tcase(s, single);
	suite_add_tcase(s, blocking);
	suite_add_tcase(s, many);
	return s;
}

TESTLIB_MAIN
