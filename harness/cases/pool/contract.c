/*
 * contract.c (pool) - the promises of pool.h as named checks, run by
 * `racelab grade pool FILE.c` (table: harness/cases/pool/grade).
 */
#include "grade_contract.h"
#include "pool.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

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
	errno = 0;
	p = pool_create(-1);
	CT_REQUIRE(p == NULL && errno == EINVAL,
		   "pool_create(-1) returned %s with errno %d (want NULL and "
		   "EINVAL)",
		   p ? "a pool" : "NULL", errno);
}

/* The workers check's rendezvous: each task waits, at most 3 s, until
 * all WORKERS tasks have arrived, so they all run at once or time out. */
#define WORKERS 4
static struct meet {
	pthread_mutex_t lock;
	pthread_cond_t change;
	pthread_t submitter;
	int arrived, done, on_submitter;
	int at_timeout; /* tasks started when the first one gave up */
	bool timed_out;
} meet = {.lock = PTHREAD_MUTEX_INITIALIZER,
	  .change = PTHREAD_COND_INITIALIZER};

static struct timespec in_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += ms % 1000 * 1000000L;
	t.tv_sec += t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

static int meet_task(void *arg)
{
	/* a bound, not a measure: a loaded machine starts threads late */
	struct timespec end = in_ms(3000);
	int rc = 0;

	(void)arg;
	pthread_mutex_lock(&meet.lock);
	if (pthread_equal(pthread_self(), meet.submitter)) {
		meet.on_submitter++; /* waiting here would wait for itself */
	} else {
		meet.arrived++;
		pthread_cond_broadcast(&meet.change);
		while (meet.arrived < WORKERS && !meet.timed_out && rc == 0)
			rc = pthread_cond_timedwait(&meet.change, &meet.lock,
						    &end);
		if (meet.arrived < WORKERS && !meet.timed_out) {
			meet.timed_out = true;
			meet.at_timeout = meet.arrived;
		}
	}
	meet.done++;
	pthread_cond_broadcast(&meet.change);
	pthread_mutex_unlock(&meet.lock);
	return 0;
}

/* pool_create: "A pool of nworkers running threads"; a task "runs on some
 * worker thread": 4 tasks on a pool of 4 that each wait for all 4 run at
 * once, none of them in pool_submit's caller. */
static void workers(void)
{
	struct pool *p = make(WORKERS);
	struct timespec end = in_ms(8000);
	int rc = 0, on_submitter, done, started;

	meet.submitter = pthread_self();
	for (int i = 0; i < WORKERS; i++)
		CT_REQUIRE(pool_submit(p, meet_task, NULL) == 0,
			   "pool_submit failed");
	pthread_mutex_lock(&meet.lock);
	while (meet.done < WORKERS && rc == 0)
		rc = pthread_cond_timedwait(&meet.change, &meet.lock, &end);
	on_submitter = meet.on_submitter;
	done = meet.timed_out ? -1 : meet.done;
	started = meet.timed_out ? meet.at_timeout : meet.arrived;
	pthread_mutex_unlock(&meet.lock);
	CT_REQUIRE(on_submitter == 0,
		   "%d of %d tasks ran in the thread that called pool_submit, "
		   "not on a worker",
		   on_submitter, WORKERS);
	CT_REQUIRE(done == WORKERS,
		   "pool_create(%d): of %d tasks that each wait for all %d, "
		   "%d had started when one gave up after 3 s (want %d "
		   "running workers)",
		   WORKERS, WORKERS, WORKERS, started, WORKERS);
	CT_REQUIRE(pool_shutdown(p, NULL) == 0, "pool_shutdown failed");
	pool_destroy(p);
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

static int fail_late_task(void *arg)
{
	atomic_fetch_add((atomic_int *)arg, 1);
	return ERANGE;
}

/* "else the first failing task's error (in completion order); *failed gets
 * the number of failing tasks"; task failures are reported, not
 * swallowed. One worker runs them in order: EDOM fails first, ERANGE
 * later. */
static void reports_failures(void)
{
	struct pool *p = make(1);
	atomic_int n = 0;
	long failed = -1;
	int rc;

	for (int i = 0; i < 6; i++)
		CT_REQUIRE(pool_submit(p,
				       i == 1	? fail_task
				       : i == 4 ? fail_late_task
						: count_task,
				       &n) == 0,
			   "pool_submit failed");
	rc = pool_shutdown(p, &failed);
	CT_REQUIRE(rc == EDOM && failed == 2,
		   "task 1 returned EDOM, task 4 ERANGE (one worker, in that "
		   "order): shutdown returned %d, failed %ld (want EDOM, the "
		   "first, and 2)",
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

struct chain {
	struct pool *p;
	atomic_int ran_second;
	int rc; /* what the task's own pool_submit returned */
};

static int second_task(void *arg)
{
	atomic_store(&((struct chain *)arg)->ran_second, 1);
	return 0;
}

static int first_task(void *arg)
{
	struct chain *c = arg;

	c->rc = pool_submit(c->p, second_task, c);
	return 0;
}

/* pool_submit: "any thread, any number at once, tasks included; may race
 * with pool_shutdown (the task is then either accepted and run, or refused
 * with ESHUTDOWN, never lost)": a task submits a task while the main
 * thread shuts the pool down. Explored under the sched build (a pool that
 * holds its lock while a task runs deadlocks here). */
static void submit_from_task(void)
{
	struct chain c = {.p = make(1), .rc = -1};
	int rc;

	CT_REQUIRE(pool_submit(c.p, first_task, &c) == 0, "submit failed");
	rc = pool_shutdown(c.p, NULL);
	CT_REQUIRE(rc == 0, "pool_shutdown returned %d", rc);
	CT_REQUIRE(c.rc == 0 || c.rc == ESHUTDOWN,
		   "pool_submit from a task returned %d (want 0, or "
		   "ESHUTDOWN once shutdown has begun)",
		   c.rc);
	CT_REQUIRE((c.rc == 0) == (atomic_load(&c.ran_second) == 1),
		   "a task's pool_submit returned %d but the task %s", c.rc,
		   c.rc == 0 ? "never ran (lost)" : "ran anyway");
	pool_destroy(c.p);
}

struct fifo {
	atomic_int gate; /* task 0 waits for it: the rest queue up */
	atomic_int next; /* the order the tasks ran in */
	int ran[10];
};

static struct fifo fifo_state;

static int fifo_task(void *arg)
{
	long id = (long)(intptr_t)arg;

	if (id == 0)
		while (!atomic_load(&fifo_state.gate))
			ct_sleep_ms(1);
	fifo_state.ran[atomic_fetch_add(&fifo_state.next, 1)] = (int)id;
	return 0;
}

/* "running submitted tasks from one FIFO queue": one worker, the first
 * task held until nine more are queued; they run in submission order. */
static void fifo(void)
{
	struct pool *p = make(1);

	memset(&fifo_state, 0, sizeof(fifo_state));
	for (long i = 0; i < 10; i++)
		CT_REQUIRE(pool_submit(p, fifo_task, (void *)(intptr_t)i) == 0,
			   "pool_submit failed");
	atomic_store(&fifo_state.gate, 1);
	CT_REQUIRE(pool_shutdown(p, NULL) == 0, "pool_shutdown failed");
	for (int i = 0; i < 10; i++)
		CT_REQUIRE(fifo_state.ran[i] == i,
			   "one worker ran task %d %s (not first in, first "
			   "out)",
			   fifo_state.ran[i], i == 0 ? "first" : "too early");
	pool_destroy(p);
}

static double cpu_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "Idle workers sleep on a condition variable: they use no CPU": two idle
 * workers for 300 ms. A sleeping worker makes no call at all; a polling
 * one calls usleep/nanosleep/sched_yield (counted by the contract's
 * wrappers) or spins (CPU time). */
static void idle(void)
{
	struct pool *p = make(2);
	double t0, used;
	long polls;

	ct_sleep_ms(20); /* the workers start and go to sleep */
	atomic_store(&ct_polls, 0);
	t0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_s(CLOCK_THREAD_CPUTIME_ID);
	ct_sleep_ms(300);
	used = cpu_s(CLOCK_PROCESS_CPUTIME_ID) -
	       cpu_s(CLOCK_THREAD_CPUTIME_ID) - t0;
	polls = atomic_load(&ct_polls);
	CT_REQUIRE(polls == 0 && used < 0.030,
		   "2 idle workers in 300 ms: %ld sleep/yield calls, %.1f ms "
		   "of CPU (want none: idle workers sleep on a condition "
		   "variable)",
		   polls, used * 1000);
	CT_REQUIRE(pool_shutdown(p, NULL) == 0, "pool_shutdown failed");
	pool_destroy(p);
}

/* pool_create: "or NULL with errno set (EINVAL, ENOMEM, ...)";
 * pool_submit: "ENOMEM when no memory" (the task is not accepted: it never
 * runs). The contract's allocator wrapper fails the next allocation. */
static void out_of_memory(void)
{
	struct pool *p;
	atomic_int n = 0;
	int rc;

	errno = 0;
	atomic_store(&ct_fail_allocs, 1);
	p = pool_create(2);
	atomic_store(&ct_fail_allocs, 0);
	CT_REQUIRE(p == NULL && errno == ENOMEM,
		   "pool_create with no memory returned %s with errno %d (want "
		   "NULL and ENOMEM)",
		   p ? "a pool" : "NULL", errno);
	p = make(1);
	atomic_store(&ct_fail_allocs, 1);
	rc = pool_submit(p, count_task, &n);
	atomic_store(&ct_fail_allocs, 0);
	CT_REQUIRE(rc == ENOMEM,
		   "pool_submit with no memory returned %d, not ENOMEM", rc);
	CT_REQUIRE(pool_shutdown(p, NULL) == 0, "pool_shutdown failed");
	CT_REQUIRE(atomic_load(&n) == 0, "a task refused with ENOMEM ran");
	pool_destroy(p);
}

/* pool_destroy: "(or, if it was never shut down, shut it down first and
 * ignore task errors)": the accepted tasks still run, then it frees. */
static void destroy_unshut(void)
{
	struct pool *p = make(2);
	atomic_int n = 0;

	for (int i = 0; i < 10; i++)
		CT_REQUIRE(pool_submit(p, i % 2 ? count_task : fail_task, &n) ==
			       0,
			   "pool_submit failed");
	pool_destroy(p);
	CT_REQUIRE(atomic_load(&n) == 10,
		   "pool_destroy of a pool never shut down: %d of 10 accepted "
		   "tasks ran",
		   atomic_load(&n));
}

static const struct ct_check checks[] = {
    {"create-zero", create_zero},
    {"workers", workers},
    {"runs-all", runs_all},
    {"reports-failures", reports_failures},
    {"after-shutdown", after_shutdown},
    {"visible", visible},
    {"submit-from-task", submit_from_task},
    {"fifo", fifo},
    {"idle", idle},
    {"out-of-memory", out_of_memory},
    {"destroy-unshut", destroy_unshut},
};

CT_MAIN(checks)
