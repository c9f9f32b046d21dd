/*
 * contract.c (once) - the promises of once.h as named checks, run by
 * `racelab grade once FILE.c` (table: harness/cases/once/grade).
 */
#include "grade_contract.h"
#include "once.h"

#include <errno.h>

struct table {
	long magic;
	long values[4];
};

static atomic_int builds;

static void build(void *obj, void *arg)
{
	struct table *t = obj;

	atomic_fetch_add(&builds, 1);
	for (int i = 0; i < 4; i++)
		t->values[i] = 10 * (i + 1);
	t->magic = *(long *)arg;
}

static long magic = 0x5eed;

static struct lazy *make(void)
{
	struct lazy *l = lazy_create(sizeof(struct table), build, &magic);

	atomic_store(&builds, 0);
	CT_REQUIRE(l != NULL, "lazy_create returned NULL (%s)",
		   strerror(errno));
	return l;
}

static void check_table(const struct table *t)
{
	CT_REQUIRE(t != NULL, "lazy_get returned NULL (%s)", strerror(errno));
	CT_REQUIRE(t->magic == magic && t->values[0] == 10 &&
		       t->values[3] == 40,
		   "lazy_get's object is not what build wrote (magic %lx, "
		   "values %ld..%ld)",
		   (unsigned long)t->magic, t->values[0], t->values[3]);
}

/* "built by build(obj, arg) on first use" and "zeroed": not before the
 * first lazy_get, and once after it. */
static void builds_on_first_use(void)
{
	struct lazy *l = make();
	const struct table *t;

	CT_REQUIRE(atomic_load(&builds) == 0,
		   "build ran in lazy_create, not on first use");
	t = lazy_get(l);
	check_table(t);
	CT_REQUIRE(lazy_get(l) == t && atomic_load(&builds) == 1,
		   "a second lazy_get built again (%d builds) or returned "
		   "another pointer",
		   atomic_load(&builds));
	lazy_destroy(l);
}

static void *getter(void *p)
{
	const struct table *t = lazy_get(p);

	check_table(t);
	return (void *)t;
}

/* "Any number of threads may call it at once: build runs once, every
 * caller gets the same pointer, and every write build made is visible
 * through it" - three callers at once, explored under the sched build. */
static void once_concurrent(void)
{
	struct lazy *l = make();
	pthread_t t[3];
	void *got[3];

	for (int i = 0; i < 3; i++)
		t[i] = ct_spawn(getter, l);
	for (int i = 0; i < 3; i++)
		CT_PTHREAD(pthread_join(t[i], &got[i]));
	CT_REQUIRE(atomic_load(&builds) == 1,
		   "3 concurrent lazy_get calls ran build %d times",
		   atomic_load(&builds));
	CT_REQUIRE(got[0] == got[1] && got[1] == got[2],
		   "3 concurrent lazy_get calls got different pointers");
	lazy_destroy(l);
}

#define ZSIZE 200

static atomic_int nonzero; /* bytes build found not zero */

static void build_zeroed(void *obj, void *arg)
{
	const unsigned char *b = obj;

	for (size_t i = 0; i < ZSIZE; i++)
		if (b[i] != 0)
			atomic_fetch_add(&nonzero, 1);
	(void)arg;
}

/* lazy_build_fn: "Fills the zeroed object obj": build gets zeroes even
 * where the allocator hands back a block freed dirty (a block of the same
 * size, filled with 0xab and freed just before, is what malloc reuses). */
static void zeroed(void)
{
	struct lazy *l = lazy_create(ZSIZE, build_zeroed, NULL);
	void *dirty = malloc(ZSIZE);

	CT_REQUIRE(l != NULL && dirty != NULL, "lazy_create returned NULL");
	memset(dirty, 0xab, ZSIZE);
	free(dirty);
	atomic_store(&nonzero, 0);
	CT_REQUIRE(lazy_get(l) != NULL, "lazy_get returned NULL (%s)",
		   strerror(errno));
	CT_REQUIRE(atomic_load(&nonzero) == 0,
		   "build got an object with %d of %d bytes not zero (the "
		   "header promises a zeroed object)",
		   atomic_load(&nonzero), ZSIZE);
	lazy_destroy(l);
}

/* lazy_create and lazy_get out of memory: "NULL with errno set"; "NULL
 * with errno ENOMEM when it could not be allocated (a later call tries
 * again)": the first allocation lazy_get makes fails
 * (the contract's allocator wrapper), the next call builds. */
static void enomem_retry(void)
{
	struct lazy *l;
	const void *o;

	/* lazy_create: "or NULL with errno set" */
	errno = 0;
	atomic_store(&ct_fail_allocs, 1);
	l = lazy_create(sizeof(struct table), build, &magic);
	atomic_store(&ct_fail_allocs, 0);
	CT_REQUIRE(l == NULL && errno == ENOMEM,
		   "lazy_create with no memory returned %s with errno %d (want "
		   "NULL and ENOMEM)",
		   l ? "a lazy" : "NULL", errno);
	l = make();

	errno = 0;
	atomic_store(&ct_fail_allocs, 1);
	o = lazy_get(l);
	atomic_store(&ct_fail_allocs, 0);
	CT_REQUIRE(o == NULL && errno == ENOMEM,
		   "lazy_get with no memory returned %s with errno %d (want "
		   "NULL and ENOMEM)",
		   o ? "an object" : "NULL", errno);
	CT_REQUIRE(atomic_load(&builds) == 0,
		   "build ran although the object could not be allocated");
	check_table(lazy_get(l));
	CT_REQUIRE(atomic_load(&builds) == 1,
		   "after a failed allocation the next lazy_get ran build %d "
		   "times (a later call tries again)",
		   atomic_load(&builds));
	lazy_destroy(l);
}

/* lazy_destroy: "Free the lazy and its object". */
static void destroy_frees(void)
{
	struct lazy *l = make();
	const void *o = lazy_get(l);

	check_table(o);
	atomic_store(&ct_freed, 0);
	atomic_store(&ct_free_watch, (void *)o);
	lazy_destroy(l);
	atomic_store(&ct_free_watch, NULL);
	CT_REQUIRE(atomic_load(&ct_freed),
		   "lazy_destroy did not free the object lazy_get returned");
}

static const struct ct_check checks[] = {
    {"first-use", builds_on_first_use},
    {"concurrent", once_concurrent},
    {"zeroed", zeroed},
    {"enomem-retry", enomem_retry},
    {"destroy-frees", destroy_frees},
};

CT_MAIN(checks)
