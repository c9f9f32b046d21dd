/*
 * contract.c (counter) - the promises of counter.h as named checks, run by
 * `racelab grade counter FILE.c` (the table is harness/cases/counter/grade).
 * The concurrent promise (no increment lost) is the driver's, under the
 * stress, tsan, helgrind and sched checks.
 */
#include "counter.h"
#include "grade_contract.h"

#include <errno.h>

/* "A new counter at 0, or NULL with errno set." */
static void create_zero(void)
{
	struct counter *c = counter_create();

	CT_REQUIRE(c != NULL, "counter_create returned NULL (%s)",
		   strerror(errno));
	CT_REQUIRE(counter_get(c) == 0, "a new counter reads %ld, not 0",
		   counter_get(c));
	counter_destroy(c);
}

/* "Add one." */
static void increment_one(void)
{
	struct counter *c = counter_create();

	CT_REQUIRE(c != NULL, "counter_create returned NULL");
	for (long i = 1; i <= 1000; i++) {
		counter_increment(c);
		CT_REQUIRE(counter_get(c) == i,
			   "after %ld increments counter_get says %ld", i,
			   counter_get(c));
	}
	counter_destroy(c);
}

/* "A new counter": two counters are two counters, not one shared
 * global. */
static void independent(void)
{
	struct counter *a = counter_create(), *b = counter_create();

	CT_REQUIRE(a != NULL && b != NULL, "counter_create returned NULL");
	for (int i = 0; i < 5; i++)
		counter_increment(a);
	counter_increment(b);
	CT_REQUIRE(counter_get(a) == 5 && counter_get(b) == 1,
		   "two counters share state: a=%ld (want 5) b=%ld (want 1)",
		   counter_get(a), counter_get(b));
	counter_destroy(a);
	counter_destroy(b);
}

struct incr {
	struct counter *c;
	long n;
};

static void *incr_thread(void *p)
{
	struct incr *w = p;

	for (long i = 0; i < w->n; i++)
		counter_increment(w->c);
	return NULL;
}

/* "May be called by any number of threads at once; no increment may be
 * lost" and "exact once they have all been joined": three threads, a few
 * increments each (explored under the sched build). */
static void concurrent(void)
{
	struct counter *c = counter_create();
	struct incr w = {c, 2};
	pthread_t t[3];

	CT_REQUIRE(c != NULL, "counter_create returned NULL");
	for (int i = 0; i < 3; i++)
		t[i] = ct_spawn(incr_thread, &w);
	for (int i = 0; i < 3; i++)
		ct_join(t[i]);
	CT_REQUIRE(counter_get(c) == 6,
		   "3 threads x 2 increments, joined: counter_get says %ld",
		   counter_get(c));
	counter_destroy(c);
}

/* "or NULL with errno set", when memory runs out: every allocation fails
 * (ct_alloc_fail). A counter that needs no allocation may still succeed;
 * then it must work. A file that uses malloc's result unchecked crashes
 * here. */
static void create_nomem(void)
{
	struct counter *c;

	errno = 0;
	ct_alloc_fail(1);
	c = counter_create();
	ct_alloc_fail(0);
	if (c == NULL) {
		CT_REQUIRE(errno != 0, "with malloc failing, counter_create "
				       "returned NULL without setting errno");
		return;
	}
	counter_increment(c);
	CT_REQUIRE(counter_get(c) == 1,
		   "a counter created while malloc failed reads %ld after one "
		   "increment",
		   counter_get(c));
	counter_destroy(c);
}

static const struct ct_check checks[] = {
    {"create-zero", create_zero}, {"increment-one", increment_one},
    {"independent", independent}, {"create-nomem", create_nomem},
    {"concurrent", concurrent},
};

CT_MAIN(checks)
