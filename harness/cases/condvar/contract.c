/*
 * contract.c (condvar) - the promises of condvar.h as named checks, run by
 * `racelab grade condvar FILE.c` (table: harness/cases/condvar/grade).
 * "Never returns early" is checked twice: natively with injected spurious
 * wakeups (grade_contract.h), and under the sched build with every
 * interleaving the explorer finds.
 */
#include "condvar.h"
#include "grade_contract.h"

#include <errno.h>

static struct latch *make(void)
{
	struct latch *l = latch_create();

	CT_REQUIRE(l != NULL, "latch_create returned NULL (%s)",
		   strerror(errno));
	return l;
}

struct waiter {
	struct latch *l;
	atomic_int *posted; /* set just before latch_post */
	atomic_int returned;
	int rc;
	int early; /* returned while posted was still 0 */
};

static void *wait_thread(void *p)
{
	struct waiter *w = p;

	w->rc = latch_wait(w->l);
	w->early = atomic_load(w->posted) == 0;
	atomic_store(&w->returned, 1);
	return NULL;
}

/* "Open the latch ... let every later latch_wait return at once";
 * "posting twice is harmless"; errors are errno values (0 here). */
static void post_then_wait(void)
{
	struct latch *l = make();
	int rc = latch_post(l);

	CT_REQUIRE(rc == 0, "latch_post returned %d", rc);
	CT_REQUIRE((rc = latch_post(l)) == 0,
		   "a second latch_post returned %d (posting twice is "
		   "harmless)",
		   rc);
	CT_REQUIRE((rc = latch_wait(l)) == 0,
		   "latch_wait on an open latch returned %d", rc);
	CT_REQUIRE((rc = latch_wait(l)) == 0,
		   "a second latch_wait on an open latch returned %d", rc);
	latch_destroy(l);
}

/* "Never returns early: not on a spurious wakeup, not before latch_post".
 * Run with injected spurious wakeups: a wait guarded by `if` returns at the
 * first one. */
static void spurious(void)
{
	struct latch *l = make();
	atomic_int posted = 0;
	struct waiter w = {.l = l, .posted = &posted};
	pthread_t t = ct_spawn(wait_thread, &w);

	/* give the waiter time to block and wake spuriously; a correct
	 * latch ignores it whatever the timing */
	for (int i = 0; i < 50 && !atomic_load(&w.returned); i++)
		ct_sleep_ms(4);
	atomic_store(&posted, 1);
	CT_REQUIRE(latch_post(l) == 0, "latch_post failed");
	ct_join(t);
	CT_REQUIRE(!w.early,
		   "latch_wait returned before latch_post (after %ld "
		   "injected spurious wakeup%s)",
		   atomic_load(&ct_spurs),
		   atomic_load(&ct_spurs) == 1 ? "" : "s");
	CT_REQUIRE(w.rc == 0, "latch_wait returned %d", w.rc);
	latch_destroy(l);
}

/* "wake every waiter" and "Any number of threads may wait": three
 * waiters, one post; a lost wakeup is a deadlock under the sched build. */
static void wakes_all(void)
{
	struct latch *l = make();
	atomic_int posted = 0;
	struct waiter w[3];
	pthread_t t[3];

	for (int i = 0; i < 3; i++) {
		w[i] = (struct waiter){.l = l, .posted = &posted};
		t[i] = ct_spawn(wait_thread, &w[i]);
	}
	atomic_store(&posted, 1);
	CT_REQUIRE(latch_post(l) == 0, "latch_post failed");
	for (int i = 0; i < 3; i++) {
		ct_join(t[i]);
		CT_REQUIRE(!w[i].early && w[i].rc == 0,
			   "waiter %d returned %s (rc %d)", i,
			   w[i].early ? "before latch_post" : "", w[i].rc);
	}
	latch_destroy(l);
}

static int message; /* written before the post, read after the wait */

static void *poster(void *p)
{
	message = 42;
	CT_REQUIRE(latch_post(p) == 0, "latch_post failed");
	return NULL;
}

/* "Everything the poster did before latch_post is visible to a waiter
 * when latch_wait returns" (a plain variable: the race, if any, is for
 * TSan; here the value). */
static void visible(void)
{
	struct latch *l = make();
	pthread_t t;

	message = 0;
	t = ct_spawn(poster, l);
	CT_REQUIRE(latch_wait(l) == 0, "latch_wait failed");
	CT_REQUIRE(message == 42,
		   "latch_wait returned but the poster's write is not "
		   "visible (message = %d)",
		   message);
	ct_join(t);
	latch_destroy(l);
}

/* latch_create: "A new, closed latch, or NULL with errno set": out of
 * memory (the contract fails the next allocation), NULL and ENOMEM. */
static void out_of_memory(void)
{
	struct latch *l;

	errno = 0;
	atomic_store(&ct_fail_allocs, 1);
	l = latch_create();
	atomic_store(&ct_fail_allocs, 0);
	CT_REQUIRE(l == NULL && errno == ENOMEM,
		   "latch_create with no memory returned %s with errno %d "
		   "(want NULL and ENOMEM)",
		   l ? "a latch" : "NULL", errno);
}

static const struct ct_check checks[] = {
    {"post-then-wait", post_then_wait}, {"spurious", spurious},
    {"wakes-all", wakes_all},		{"visible", visible},
    {"out-of-memory", out_of_memory},
};

CT_MAIN(checks)
