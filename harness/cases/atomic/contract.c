/*
 * contract.c (atomic) - the promises of atomic.h as named checks, run by
 * `racelab grade atomic FILE.c` (table: harness/cases/atomic/grade).
 */
#include "atomic.h"
#include "grade_contract.h"

#include <errno.h>

static struct aint *make(long v)
{
	struct aint *a = aint_create(v);

	CT_REQUIRE(a != NULL, "aint_create(%ld) returned NULL (%s)", v,
		   strerror(errno));
	return a;
}

/* "A new atomic integer holding initial" */
static void create_initial(void)
{
	struct aint *a = make(-7), *b = make(40);

	CT_REQUIRE(aint_get(a) == -7 && aint_get(b) == 40,
		   "created with -7 and 40, aint_get says %ld and %ld",
		   aint_get(a), aint_get(b));
	aint_destroy(a);
	aint_destroy(b);
}

/* "If the value equals expected, replace it with desired and return true;
 * otherwise change nothing and return false." */
static void cas_semantics(void)
{
	struct aint *a = make(5);
	bool ok = aint_compare_and_swap(a, 5, 9);

	CT_REQUIRE(ok && aint_get(a) == 9,
		   "CAS(5 -> 9) on 5 returned %d, value %ld (want true, 9)", ok,
		   aint_get(a));
	ok = aint_compare_and_swap(a, 5, 11);
	CT_REQUIRE(!ok && aint_get(a) == 9,
		   "CAS(5 -> 11) on 9 returned %d, value %ld (want false, 9)",
		   ok, aint_get(a));
	aint_destroy(a);
}

/* "Add one and return the new value" */
static void increment_returns(void)
{
	struct aint *a = make(41);
	long v = aint_increment_and_get(a);

	CT_REQUIRE(v == 42 && aint_get(a) == 42,
		   "increment_and_get on 41 returned %ld, value %ld (want 42)",
		   v, aint_get(a));
	aint_destroy(a);
}

struct racer {
	struct aint *a;
	int won;
	long got[2];
};

static void *cas_racer(void *p)
{
	struct racer *r = p;

	r->won = aint_compare_and_swap(r->a, 0, 1);
	return NULL;
}

/* "The comparison and the replacement are one indivisible step": two
 * threads CAS 0 -> 1; exactly one may win. */
static void cas_one_winner(void)
{
	struct aint *a = make(0);
	struct racer r1 = {a, -1, {0}}, r2 = {a, -1, {0}};
	pthread_t t1 = ct_spawn(cas_racer, &r1), t2 = ct_spawn(cas_racer, &r2);

	ct_join(t1);
	ct_join(t2);
	CT_REQUIRE(r1.won + r2.won == 1,
		   "two CAS(0 -> 1) at once: %d won (want exactly one)",
		   r1.won + r2.won);
	aint_destroy(a);
}

static void *inc_racer(void *p)
{
	struct racer *r = p;

	r->got[0] = aint_increment_and_get(r->a);
	r->got[1] = aint_increment_and_get(r->a);
	return NULL;
}

/* "Add one and return the new value, indivisibly": two threads, two
 * increments each: the returned values are 1..4, each once. */
static void increment_distinct(void)
{
	struct aint *a = make(0);
	struct racer r1 = {a, 0, {0}}, r2 = {a, 0, {0}};
	pthread_t t1 = ct_spawn(inc_racer, &r1), t2 = ct_spawn(inc_racer, &r2);
	int seen = 0;

	ct_join(t1);
	ct_join(t2);
	for (int i = 0; i < 2; i++) {
		CT_REQUIRE(r1.got[i] >= 1 && r1.got[i] <= 4 && r2.got[i] >= 1 &&
			       r2.got[i] <= 4,
			   "increment_and_get returned %ld / %ld", r1.got[i],
			   r2.got[i]);
		seen |= 1 << r1.got[i] | 1 << r2.got[i];
	}
	CT_REQUIRE(seen == 0x1e && aint_get(a) == 4,
		   "4 increments returned %ld %ld %ld %ld, final %ld (want "
		   "1..4 each once, 4)",
		   r1.got[0], r1.got[1], r2.got[0], r2.got[1], aint_get(a));
	aint_destroy(a);
}

/* "or NULL with errno set", when memory runs out (ct_alloc_fail): NULL
 * with errno set, or - needing no allocation - a working integer. */
static void create_nomem(void)
{
	struct aint *a;

	errno = 0;
	ct_alloc_fail(1);
	a = aint_create(3);
	ct_alloc_fail(0);
	if (a == NULL) {
		CT_REQUIRE(errno != 0, "with malloc failing, aint_create "
				       "returned NULL without setting errno");
		return;
	}
	CT_REQUIRE(aint_get(a) == 3,
		   "created with 3 while malloc failed, aint_get says %ld",
		   aint_get(a));
	aint_destroy(a);
}

static const struct ct_check checks[] = {
    {"create-initial", create_initial},
    {"cas-semantics", cas_semantics},
    {"increment-returns", increment_returns},
    {"create-nomem", create_nomem},
    {"cas-one-winner", cas_one_winner},
    {"increment-distinct", increment_distinct},
};

CT_MAIN(checks)
