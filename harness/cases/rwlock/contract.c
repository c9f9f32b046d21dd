/*
 * contract.c (rwlock) - the promises of rwlock.h as named checks, run by
 * `racelab grade rwlock FILE.c` (table: harness/cases/rwlock/grade).
 */
#include "grade_contract.h"
#include "rwlock.h"

#include <errno.h>
#include <sched.h>

static struct rwl *make(void)
{
	struct rwl *l = rwl_create();

	CT_REQUIRE(l != NULL, "rwl_create returned NULL (%s)", strerror(errno));
	return l;
}

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		int rc_ = (call);                                              \
		CT_REQUIRE(rc_ == (want), "%s returned %d, not %s", #call,     \
			   rc_, #want);                                        \
	} while (0)

/* "A new unlocked lock"; "EPERM when no reader holds the lock" / "when
 * no writer holds the lock". */
static void errors(void)
{
	struct rwl *l = make();

	EXPECT(rwl_rdunlock(l), EPERM);
	EXPECT(rwl_wrunlock(l), EPERM);
	EXPECT(rwl_waiting_writers(l), 0);
	EXPECT(rwl_trywrlock(l), 0);
	EXPECT(rwl_wrunlock(l), 0);
	EXPECT(rwl_wrunlock(l), EPERM);
	/* "no writer holds the lock" while a reader does, and "no reader"
	 * while a writer does: EPERM, and the hold stays */
	EXPECT(rwl_rdlock(l), 0);
	EXPECT(rwl_wrunlock(l), EPERM);
	EXPECT(rwl_trywrlock(l), EBUSY);
	EXPECT(rwl_rdunlock(l), 0);
	EXPECT(rwl_wrlock(l), 0);
	EXPECT(rwl_rdunlock(l), EPERM);
	EXPECT(rwl_tryrdlock(l), EBUSY);
	EXPECT(rwl_wrunlock(l), 0);
	rwl_destroy(l);
}

/* rwl_tryrdlock: "EBUSY when a writer holds the lock"; rwl_trywrlock:
 * "EBUSY when anyone holds the lock"; readers share. */
static void try_forms(void)
{
	struct rwl *l = make();

	EXPECT(rwl_wrlock(l), 0);
	EXPECT(rwl_tryrdlock(l), EBUSY);
	EXPECT(rwl_trywrlock(l), EBUSY);
	EXPECT(rwl_wrunlock(l), 0);
	EXPECT(rwl_rdlock(l), 0);
	EXPECT(rwl_tryrdlock(l), 0); /* "possibly together with other
					readers" */
	EXPECT(rwl_trywrlock(l), EBUSY);
	EXPECT(rwl_rdunlock(l), 0);
	EXPECT(rwl_trywrlock(l), EBUSY);
	EXPECT(rwl_rdunlock(l), 0);
	EXPECT(rwl_rdunlock(l), EPERM);
	EXPECT(rwl_trywrlock(l), 0);
	EXPECT(rwl_wrunlock(l), 0);
	rwl_destroy(l);
}

static void *writer(void *p)
{
	struct rwl *l = p;

	CT_REQUIRE(rwl_wrlock(l) == 0, "rwl_wrlock failed");
	CT_REQUIRE(rwl_wrunlock(l) == 0, "rwl_wrunlock failed");
	return NULL;
}

/* "From entry until it returns, the caller counts as a waiting writer and
 * new readers are held back" and "(writer preference holds for the try
 * form too)"; rwl_waiting_writers counts it. */
static void writer_preference(void)
{
	struct rwl *l = make();
	pthread_t t;
	int i;

	EXPECT(rwl_rdlock(l), 0);
	t = ct_spawn(writer, l);
	for (i = 0; i < 500 && rwl_waiting_writers(l) != 1; i++)
		ct_sleep_ms(4);
	CT_REQUIRE(rwl_waiting_writers(l) == 1,
		   "a writer blocked behind a reader: rwl_waiting_writers "
		   "says %d after 2 s, not 1",
		   rwl_waiting_writers(l));
	EXPECT(rwl_tryrdlock(l), EBUSY);
	EXPECT(rwl_rdunlock(l), 0);
	ct_join(t);
	EXPECT(rwl_waiting_writers(l), 0);
	rwl_destroy(l);
}

struct shared {
	struct rwl *l;
	atomic_int writers, readers;
	int torn; /* a writer met another holder */
};

static void *excl_writer(void *p)
{
	struct shared *s = p;

	CT_REQUIRE(rwl_wrlock(s->l) == 0, "rwl_wrlock failed");
	if (atomic_fetch_add(&s->writers, 1) != 0 ||
	    atomic_load(&s->readers) != 0)
		s->torn = 1;
	atomic_fetch_sub(&s->writers, 1);
	CT_REQUIRE(rwl_wrunlock(s->l) == 0, "rwl_wrunlock failed");
	return NULL;
}

static void *excl_reader(void *p)
{
	struct shared *s = p;

	CT_REQUIRE(rwl_rdlock(s->l) == 0, "rwl_rdlock failed");
	atomic_fetch_add(&s->readers, 1);
	if (atomic_load(&s->writers) != 0)
		s->torn = 1;
	atomic_fetch_sub(&s->readers, 1);
	CT_REQUIRE(rwl_rdunlock(s->l) == 0, "rwl_rdunlock failed");
	return NULL;
}

/* rwl_wrlock: "hold it alone"; rwl_rdlock: "until no writer holds the
 * lock": two writers and a reader, explored under the sched build. */
static void exclusive(void)
{
	struct shared s = {.l = make()};
	pthread_t t[3];

	t[0] = ct_spawn(excl_writer, &s);
	t[1] = ct_spawn(excl_writer, &s);
	t[2] = ct_spawn(excl_reader, &s);
	for (int i = 0; i < 3; i++)
		ct_join(t[i]);
	CT_REQUIRE(!s.torn, "a writer held the lock together with another "
			    "writer or a reader");
	rwl_destroy(s.l);
}

static void *try_reader(void *p)
{
	struct rwl *l = p;

	for (int i = 0; i < 2; i++) {
		int rc = rwl_tryrdlock(l);

		CT_REQUIRE(rc == 0,
			   "rwl_tryrdlock returned %d (%s) while no writer "
			   "held the lock or waited for it, only another "
			   "reader shared it: EBUSY only for a writer",
			   rc, strerror(rc));
		CT_REQUIRE(rwl_rdunlock(l) == 0, "rwl_rdunlock failed");
	}
	return NULL;
}

/* rwl_tryrdlock: "EBUSY when a writer holds the lock" (or waits), and at
 * no other time: two readers' try calls racing with no writer at all,
 * explored under the sched build (a try form that gives up when the
 * internal mutex is busy is turned away by the other reader). */
static void try_racing(void)
{
	struct rwl *l = make();
	pthread_t t[2];

	t[0] = ct_spawn(try_reader, l);
	t[1] = ct_spawn(try_reader, l);
	ct_join(t[0]);
	ct_join(t[1]);
	rwl_destroy(l);
}

struct holder {
	struct rwl *l;
	int write; /* take a write hold, else a read hold */
	int rc;
};

static void *take_hold(void *p)
{
	struct holder *h = p;

	h->rc = h->write ? rwl_wrlock(h->l) : rwl_rdlock(h->l);
	return NULL;
}

/* "Ownership is not tracked: any thread may unlock a hold taken by
 * another (as with a semaphore)". */
static void any_thread_unlocks(void)
{
	struct holder h = {.l = make()};

	for (h.write = 0; h.write < 2; h.write++) {
		ct_join(ct_spawn(take_hold, &h));
		CT_REQUIRE(h.rc == 0, "rwl_%slock in another thread failed",
			   h.write ? "wr" : "rd");
		EXPECT(h.write ? rwl_wrunlock(h.l) : rwl_rdunlock(h.l), 0);
	}
	rwl_destroy(h.l);
}

struct order {
	struct rwl *l;
	atomic_int writer_done; /* the writer has had the lock */
	atomic_int overtook;	/* a new reader got in before it */
};

static void *order_writer(void *p)
{
	struct order *o = p;

	CT_REQUIRE(rwl_wrlock(o->l) == 0, "rwl_wrlock failed");
	atomic_store(&o->writer_done, 1);
	CT_REQUIRE(rwl_wrunlock(o->l) == 0, "rwl_wrunlock failed");
	return NULL;
}

static void *order_reader(void *p)
{
	struct order *o = p;

	CT_REQUIRE(rwl_rdlock(o->l) == 0, "rwl_rdlock failed");
	if (!atomic_load(&o->writer_done))
		atomic_store(&o->overtook, 1);
	CT_REQUIRE(rwl_rdunlock(o->l) == 0, "rwl_rdunlock failed");
	return NULL;
}

/* "Block until no writer holds the lock and none is waiting" (the blocking
 * rwl_rdlock, not only the try form): a reader holds, a writer waits, a
 * new reader must not get in before the writer. Explored under the sched
 * build (the main thread yields until the writer is counted). */
static void readers_held_back(void)
{
	struct order o = {.l = make()};
	pthread_t w, r;

	EXPECT(rwl_rdlock(o.l), 0);
	w = ct_spawn(order_writer, &o);
	while (rwl_waiting_writers(o.l) != 1)
		sched_yield();
	r = ct_spawn(order_reader, &o);
	for (int i = 0; i < 3; i++)
		sched_yield(); /* let the new reader try */
	EXPECT(rwl_rdunlock(o.l), 0);
	ct_join(w);
	ct_join(r);
	CT_REQUIRE(!atomic_load(&o.overtook),
		   "a new reader got the lock while a writer was waiting "
		   "(writer preference)");
	rwl_destroy(o.l);
}

/* rwl_rdlock: readers hold it "possibly together with other readers":
 * when the writer leaves, every reader blocked behind it gets in (two
 * readers wait; a wakeup for one only leaves the other blocked forever). */
static void readers_wake(void)
{
	struct holder h[2];
	struct rwl *l = make();
	pthread_t t[2];

	EXPECT(rwl_wrlock(l), 0);
	for (int i = 0; i < 2; i++) {
		h[i] = (struct holder){.l = l, .write = 0};
		t[i] = ct_spawn(take_hold, &h[i]);
	}
	for (int i = 0; i < 4; i++)
		sched_yield(); /* let them block */
	EXPECT(rwl_wrunlock(l), 0);
	for (int i = 0; i < 2; i++) {
		ct_join(t[i]);
		CT_REQUIRE(h[i].rc == 0, "rwl_rdlock failed");
		EXPECT(rwl_rdunlock(l), 0);
	}
	rwl_destroy(l);
}

/* rwl_create: "A new unlocked lock, or NULL with errno set": out of
 * memory (the contract fails the next allocation), NULL and ENOMEM. */
static void out_of_memory(void)
{
	struct rwl *l;

	errno = 0;
	atomic_store(&ct_fail_allocs, 1);
	l = rwl_create();
	atomic_store(&ct_fail_allocs, 0);
	CT_REQUIRE(l == NULL && errno == ENOMEM,
		   "rwl_create with no memory returned %s with errno %d (want "
		   "NULL and ENOMEM)",
		   l ? "a lock" : "NULL", errno);
}

static const struct ct_check checks[] = {
    {"errors", errors},
    {"try-forms", try_forms},
    {"try-racing", try_racing},
    {"writer-preference", writer_preference},
    {"exclusive", exclusive},
    {"any-thread-unlocks", any_thread_unlocks},
    {"readers-held-back", readers_held_back},
    {"readers-wake", readers_wake},
    {"out-of-memory", out_of_memory},
};

CT_MAIN(checks)
