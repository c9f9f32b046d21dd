/*
 * contract.c (pool) - the promises of pool.h as named checks, run by
 * `racelab grade pool FILE.c` (table: harness/cases/pool/grade).
 */
#include "grade_contract.h"
#include "pool.h"

#include <errno.h>

static struct pool *make(int n)
{
	struct pool *p = pool_create(n);

	CT_REQUIRE(p != NULL, "pool_create(%d) returned NULL (%s)", n,
		   strerror(errno));
	return p;
}

/* "nworkers >= 1 ... or NULL with errno set (EINVAL ...)" */
static void create_zero(void)
{
	struct pool *p;

	errno = 0;
	p = pool_create(0);
	CT_REQUIRE(p == NULL && errno == EINVAL,
		   "pool_create(0) returned %s with errno %d (want NULL and "
		   "EINVAL)",
		   p ? "a pool" : "NULL", errno);
}

static int count_task(void *arg)
{
	atomic_fetch_add((atomic_int *)arg, 1);
	return 0;
}

static int fail_task(void *arg)
{
	atomic_fetch_add((atomic_int *)arg, 1);
	return EDOM;
}

/* "0 when accepted: it will run before pool_shutdown returns" and
 * "Returns 0 when every task returned 0". */
static void runs_all(void)
{
	struct pool *p = make(2);
	atomic_int n = 0;
	long failed = -1;
	int rc;

	for (int i = 0; i < 20; i++)
		CT_REQUIRE(pool_submit(p, count_task, &n) == 0,
			   "pool_submit to an open pool failed");
	rc = pool_shutdown(p, &failed);
	CT_REQUIRE(rc == 0 && failed == 0,
		   "shutdown after 20 good tasks returned %d, failed %ld "
		   "(want 0, 0)",
		   rc, failed);
	CT_REQUIRE(atomic_load(&n) == 20,
		   "20 accepted tasks, %d ran before pool_shutdown returned",
		   atomic_load(&n));
	pool_destroy(p);
}

/* "else the first failing task's error ...; *failed gets the number of
 * failing tasks"; task failures are reported, not swallowed. */
static void reports_failures(void)
{
	struct pool *p = make(2);
	atomic_int n = 0;
	long failed = -1;
	int rc;

	for (int i = 0; i < 6; i++)
		CT_REQUIRE(pool_submit(p, i % 3 ? count_task : fail_task, &n) ==
			       0,
			   "pool_submit failed");
	rc = pool_shutdown(p, &failed);
	CT_REQUIRE(rc == EDOM && failed == 2,
		   "2 of 6 tasks returned EDOM: shutdown returned %d, failed "
		   "%ld (want EDOM, 2)",
		   rc, failed);
	pool_destroy(p);
}

/* "ESHUTDOWN once pool_shutdown has begun (the task will never run)";
 * "A second call returns EINVAL". */
static void after_shutdown(void)
{
	struct pool *p = make(1);
	atomic_int n = 0;
	int rc;

	CT_REQUIRE(pool_shutdown(p, NULL) == 0, "shutdown of an idle pool "
						"failed");
	rc = pool_submit(p, count_task, &n);
	CT_REQUIRE(rc == ESHUTDOWN,
		   "pool_submit after shutdown returned %d, "
		   "not ESHUTDOWN",
		   rc);
	rc = pool_shutdown(p, NULL);
	CT_REQUIRE(rc == EINVAL,
		   "a second pool_shutdown returned %d, not "
		   "EINVAL",
		   rc);
	CT_REQUIRE(atomic_load(&n) == 0, "a refused task ran");
	pool_destroy(p);
}

static int plain;

static int write_task(void *arg)
{
	CT_REQUIRE(plain == 1, "the task does not see what the submitter "
			       "wrote before pool_submit");
	plain = 2;
	(void)arg;
	return 0;
}

/* "Everything the caller did before a successful submit is visible to the
 * task"; "Everything the tasks did is visible on return"; a concurrent
 * submit and shutdown, explored under the sched build. */
static void visible(void)
{
	struct pool *p = make(1);

	plain = 1;
	CT_REQUIRE(pool_submit(p, write_task, NULL) == 0, "submit failed");
	CT_REQUIRE(pool_shutdown(p, NULL) == 0, "shutdown failed");
	CT_REQUIRE(plain == 2, "after pool_shutdown the task's write is not "
			       "visible");
	pool_destroy(p);
}

static const struct ct_check checks[] = {
    {"create-zero", create_zero},
    {"runs-all", runs_all},
    {"reports-failures", reports_failures},
    {"after-shutdown", after_shutdown},
    {"visible", visible},
};

CT_MAIN(checks)
