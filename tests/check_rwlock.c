/*
 * check_rwlock.c - unit tests of the good readers-writer lock
 * (good/rwlock.c): exclusion, error returns, and the writer-preference
 * policy the contract (harness/cases/rwlock/rwlock.h) promises.
 *
 * No test depends on timing: where a test needs a thread to be blocked in
 * rwl_wrlock, it waits until rwl_waiting_writers() says so.
 */
// links: good/rwlock.c
#include "rwlock.h"
#include "testlib.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>

static struct rwl *new_lock(void)
{
	struct rwl *l = rwl_create();

	ck_assert_ptr_nonnull(l);
	return l;
}

START_TEST(unlock_without_hold_is_eperm)
{
	struct rwl *l = new_lock();

	ck_assert_int_eq(rwl_rdunlock(l), EPERM);
	ck_assert_int_eq(rwl_wrunlock(l), EPERM);
	ck_assert_int_eq(rwl_wrlock(l), 0);
	ck_assert_int_eq(rwl_rdunlock(l), EPERM); /* a write hold is no read */
	ck_assert_int_eq(rwl_wrunlock(l), 0);
	rwl_destroy(l);
}
END_TEST

START_TEST(readers_share)
{
	struct rwl *l = new_lock();

	ck_assert_int_eq(rwl_rdlock(l), 0);
	ck_assert_int_eq(rwl_tryrdlock(l), 0);
	ck_assert_int_eq(rwl_trywrlock(l), EBUSY);
	ck_assert_int_eq(rwl_rdunlock(l), 0);
	ck_assert_int_eq(rwl_trywrlock(l), EBUSY); /* one reader still in */
	ck_assert_int_eq(rwl_rdunlock(l), 0);
	ck_assert_int_eq(rwl_trywrlock(l), 0);
	ck_assert_int_eq(rwl_wrunlock(l), 0);
	rwl_destroy(l);
}
END_TEST

START_TEST(writer_excludes_everyone)
{
	struct rwl *l = new_lock();

	ck_assert_int_eq(rwl_wrlock(l), 0);
	ck_assert_int_eq(rwl_tryrdlock(l), EBUSY);
	ck_assert_int_eq(rwl_trywrlock(l), EBUSY);
	ck_assert_int_eq(rwl_wrunlock(l), 0);
	ck_assert_int_eq(rwl_tryrdlock(l), 0);
	ck_assert_int_eq(rwl_rdunlock(l), 0);
	rwl_destroy(l);
}
END_TEST

/* ---- writer preference ---- */

struct shared {
	struct rwl *l;
	int written; /* guarded by l */
	int seen;    /* what the late reader saw of written */
};

static void *write_one(void *p)
{
	struct shared *s = p;

	ck_assert_int_eq(rwl_wrlock(s->l), 0);
	s->written = 1;
	ck_assert_int_eq(rwl_wrunlock(s->l), 0);
	return NULL;
}

static void *read_one(void *p)
{
	struct shared *s = p;

	ck_assert_int_eq(rwl_rdlock(s->l), 0);
	s->seen = s->written;
	ck_assert_int_eq(rwl_rdunlock(s->l), 0);
	return NULL;
}

static void wait_for_waiting_writer(struct rwl *l)
{
	while (rwl_waiting_writers(l) < 1)
		sched_yield(); /* ends when the writer blocks; else timeout */
}

START_TEST(waiting_writer_holds_new_readers_back)
{
	struct shared s = {.l = new_lock()};
	pthread_t w, r;

	ck_assert_int_eq(rwl_waiting_writers(s.l), 0);
	ck_assert_int_eq(rwl_rdlock(s.l), 0); /* a reader is in */
	ck_assert_int_eq(pthread_create(&w, NULL, write_one, &s), 0);
	wait_for_waiting_writer(s.l);

	/* the writer waits for us; a new reader must not get in before it */
	ck_assert_int_eq(rwl_tryrdlock(s.l), EBUSY);
	ck_assert_int_eq(pthread_create(&r, NULL, read_one, &s), 0);

	ck_assert_int_eq(rwl_rdunlock(s.l), 0);
	ck_assert_int_eq(pthread_join(w, NULL), 0);
	ck_assert_int_eq(pthread_join(r, NULL), 0);
	ck_assert_int_eq(s.seen, 1); /* the late reader came after the write */
	ck_assert_int_eq(rwl_waiting_writers(s.l), 0);
	ck_assert_int_eq(rwl_tryrdlock(s.l), 0);
	ck_assert_int_eq(rwl_rdunlock(s.l), 0);
	rwl_destroy(s.l);
}
END_TEST

/* ---- many threads: no torn record, no lost write ---- */

enum { STRESS_THREADS = 4, STRESS_ITERS = 20000 };

struct stress {
	struct rwl *l;
	long a, b; /* guarded by l: a == b always */
	long torn; /* guarded by tlock */
	pthread_mutex_t tlock;
};

static void *stress_work(void *p)
{
	struct stress *s = ((void **)p)[0];
	long id = (long)((void **)p)[1], torn = 0;

	for (long i = 0; i < STRESS_ITERS; i++) {
		if (id == 0 && i % 8 == 0) {
			ck_assert_int_eq(rwl_wrlock(s->l), 0);
			torn += s->a != s->b;
			s->a++;
			s->b++;
			ck_assert_int_eq(rwl_wrunlock(s->l), 0);
		} else {
			ck_assert_int_eq(rwl_rdlock(s->l), 0);
			torn += s->a != s->b;
			ck_assert_int_eq(rwl_rdunlock(s->l), 0);
		}
	}
	pthread_mutex_lock(&s->tlock);
	s->torn += torn;
	pthread_mutex_unlock(&s->tlock);
	return NULL;
}

START_TEST(stress_no_torn_record)
{
	struct stress s = {.l = new_lock(), .tlock = PTHREAD_MUTEX_INITIALIZER};
	pthread_t t[STRESS_THREADS];
	void *args[STRESS_THREADS][2];

	for (long i = 0; i < STRESS_THREADS; i++) {
		args[i][0] = &s;
		args[i][1] = (void *)i;
		ck_assert_int_eq(
		    pthread_create(&t[i], NULL, stress_work, args[i]), 0);
	}
	for (int i = 0; i < STRESS_THREADS; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
	ck_assert_int_eq(s.torn, 0);
	ck_assert_int_eq(s.a, STRESS_ITERS / 8);
	ck_assert_int_eq(s.b, STRESS_ITERS / 8);
	rwl_destroy(s.l);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rwlock");
	TCase *tc = testlib_tcase("good/rwlock.c");

	tcase_add_test(tc, unlock_without_hold_is_eperm);
	tcase_add_test(tc, readers_share);
	tcase_add_test(tc, writer_excludes_everyone);
	tcase_add_test(tc, waiting_writer_holds_new_readers_back);
	tcase_add_test(tc, stress_no_torn_record);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
