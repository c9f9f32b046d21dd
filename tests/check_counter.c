/*
 * check_counter.c - the good counter and the good atomic integer keep their
 * contracts: exact totals under real threads, CAS semantics single-threaded.
 * (The bad variants are shown by the detector matrix and sched, not here.)
 */
// links: good/counter.c good/atomic.c
#include "atomic.h"
#include "counter.h"
#include "testlib.h"

#include <pthread.h>

#define THREADS 4
#define ITERS	50000

static void *bump_counter(void *p)
{
	for (int i = 0; i < ITERS; i++)
		counter_increment(p);
	return NULL;
}

static void *bump_aint(void *p)
{
	for (int i = 0; i < ITERS; i++) {
		long old;

		if (i % 2)
			aint_increment_and_get(p);
		else
			do
				old = aint_get(p);
			while (!aint_compare_and_swap(p, old, old + 1));
	}
	return NULL;
}

static void run_threads(void *(*fn)(void *), void *arg)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, fn, arg), 0);
	for (int i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
}

START_TEST(counter_starts_at_zero)
{
	struct counter *c = counter_create();

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(counter_get(c), 0);
	counter_increment(c);
	ck_assert_int_eq(counter_get(c), 1);
	counter_destroy(c);
}
END_TEST

START_TEST(counter_exact_under_threads)
{
	struct counter *c = counter_create();

	run_threads(bump_counter, c);
	ck_assert_int_eq(counter_get(c), (long)THREADS * ITERS);
	counter_destroy(c);
}
END_TEST

START_TEST(aint_cas_semantics)
{
	struct aint *a = aint_create(5);

	ck_assert_ptr_nonnull(a);
	ck_assert(!aint_compare_and_swap(a, 4, 9)); /* wrong expected */
	ck_assert_int_eq(aint_get(a), 5);	    /* ... changes nothing */
	ck_assert(aint_compare_and_swap(a, 5, 9));
	ck_assert_int_eq(aint_get(a), 9);
	ck_assert_int_eq(aint_increment_and_get(a), 10);
	aint_destroy(a);
}
END_TEST

START_TEST(aint_exact_under_threads)
{
	struct aint *a = aint_create(0);

	run_threads(bump_aint, a);
	ck_assert_int_eq(aint_get(a), (long)THREADS * ITERS);
	aint_destroy(a);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("counter+atomic (good)");
	TCase *tc = testlib_tcase("contract");

	tcase_add_test(tc, counter_starts_at_zero);
	tcase_add_test(tc, counter_exact_under_threads);
	tcase_add_test(tc, aint_cas_semantics);
	tcase_add_test(tc, aint_exact_under_threads);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
