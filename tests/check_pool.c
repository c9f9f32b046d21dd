/*
 * check_pool.c - unit tests of the good thread pool (good/pool.c) against
 * its contract (harness/cases/pool/pool.h): argument errors, refusal after
 * shutdown, the drain policy, failure reporting, FIFO order while the
 * queue grows, tasks that submit tasks.
 *
 * No test depends on timing. The drain test knows that shutdown has begun
 * because pool_submit starts saying ESHUTDOWN, and only then lets the busy
 * workers go on, so tasks are certainly still queued when shutdown starts.
 */
// links: good/pool.c
#include "pool.h"
#include "testlib.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>

/* A counter the tasks bump; read by the test after pool_shutdown. */
struct tally {
	pthread_mutex_t lock;
	long n;
};

static int count_task(void *arg)
{
	struct tally *t = arg;

	pthread_mutex_lock(&t->lock);
	t->n++;
	pthread_mutex_unlock(&t->lock);
	return 0;
}

START_TEST(create_rejects_no_workers)
{
	errno = 0;
	ck_assert_ptr_null(pool_create(0));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(submit_after_shutdown_is_refused)
{
	struct tally t = {PTHREAD_MUTEX_INITIALIZER, 0};
	struct pool *p = pool_create(2);

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pool_submit(p, count_task, &t), 0);
	ck_assert_int_eq(pool_shutdown(p, NULL), 0);
	ck_assert_int_eq(pool_submit(p, count_task, &t), ESHUTDOWN);
	ck_assert_int_eq(pool_shutdown(p, NULL), EINVAL); /* only once */
	pool_destroy(p);
	ck_assert_int_eq(t.n, 1); /* the refused one never ran */
}
END_TEST

/* ---- drain: every task accepted before shutdown runs ---- */

struct gate {
	pthread_mutex_t lock;
	pthread_cond_t opened;
	bool open;
};

static int blocker_task(void *arg)
{
	struct gate *g = arg;

	pthread_mutex_lock(&g->lock);
	while (!g->open)
		pthread_cond_wait(&g->opened, &g->lock);
	pthread_mutex_unlock(&g->lock);
	return 0;
}

struct opener {
	struct pool *p;
	struct gate *g;
	struct tally *t;
	long accepted; /* count_task submits that were accepted */
};

/* Submit until refused (shutdown has begun), then open the gate. */
static void *open_when_shut(void *arg)
{
	struct opener *o = arg;
	int rc;

	while ((rc = pool_submit(o->p, count_task, o->t)) == 0) {
		o->accepted++;
		sched_yield();
	}
	ck_assert_int_eq(rc, ESHUTDOWN);
	pthread_mutex_lock(&o->g->lock);
	o->g->open = true;
	pthread_cond_broadcast(&o->g->opened);
	pthread_mutex_unlock(&o->g->lock);
	return NULL;
}

START_TEST(shutdown_drains_the_queue)
{
	enum { WORKERS = 2, QUEUED = 50 };
	struct gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
			 false};
	struct tally t = {PTHREAD_MUTEX_INITIALIZER, 0};
	struct pool *p = pool_create(WORKERS);
	struct opener o = {p, &g, &t, 0};
	pthread_t helper;
	long failed = -1;

	ck_assert_ptr_nonnull(p);
	for (int i = 0; i < WORKERS; i++) /* occupy every worker */
		ck_assert_int_eq(pool_submit(p, blocker_task, &g), 0);
	for (int i = 0; i < QUEUED; i++)
		ck_assert_int_eq(pool_submit(p, count_task, &t), 0);
	ck_assert_int_eq(pthread_create(&helper, NULL, open_when_shut, &o), 0);

	ck_assert_int_eq(pool_shutdown(p, &failed), 0);
	ck_assert_int_eq(pthread_join(helper, NULL), 0);
	ck_assert_int_eq(failed, 0);
	ck_assert_int_eq(t.n, QUEUED + o.accepted);
	pool_destroy(p);
}
END_TEST

/* ---- failures are reported, not swallowed ---- */

struct step {
	int result;
	int ran;
};

static int step_task(void *arg)
{
	struct step *s = arg;

	s->ran++;
	return s->result;
}

START_TEST(failures_are_reported)
{
	struct step steps[6] = {{0, 0}, {0, 0},	     {EIO, 0},
				{0, 0}, {EINVAL, 0}, {0, 0}};
	struct pool *p = pool_create(1); /* one worker: FIFO completion */
	long failed = -1;

	ck_assert_ptr_nonnull(p);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(pool_submit(p, step_task, &steps[i]), 0);
	ck_assert_int_eq(pool_shutdown(p, &failed), EIO); /* the first one */
	ck_assert_int_eq(failed, 2);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(steps[i].ran, 1);
	pool_destroy(p);
}
END_TEST

/* ---- one worker runs tasks in submission order, however many queue ---- */

struct order_log {
	long seen[256];
	int n;
};

struct logged {
	struct order_log *log;
	long index;
};

static int log_task(void *arg) /* one worker: the pool's lock orders these */
{
	struct logged *l = arg;

	l->log->seen[l->log->n++] = l->index;
	return 0;
}

/* The gate, announcing that the worker has reached it. */
struct checkpoint {
	struct gate g;
	bool reached;
};

static int checkpoint_task(void *arg)
{
	struct checkpoint *c = arg;

	pthread_mutex_lock(&c->g.lock);
	c->reached = true;
	pthread_cond_broadcast(&c->g.opened);
	while (!c->g.open)
		pthread_cond_wait(&c->g.opened, &c->g.lock);
	pthread_mutex_unlock(&c->g.lock);
	return 0;
}

/* The queue's storage grows while its oldest task is not at its start:
 * 40 tasks run first, then 200 queue behind a busy worker. */
START_TEST(fifo_while_the_queue_grows)
{
	enum { BEFORE = 40, TOTAL = 240 };
	static struct order_log log;
	static struct logged items[TOTAL];
	struct checkpoint c = {
	    {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false},
	    false};
	struct pool *p = pool_create(1);

	ck_assert_ptr_nonnull(p);
	log.n = 0;
	for (int i = 0; i < TOTAL; i++)
		items[i] = (struct logged){&log, i};
	for (int i = 0; i < BEFORE; i++)
		ck_assert_int_eq(pool_submit(p, log_task, &items[i]), 0);
	ck_assert_int_eq(pool_submit(p, checkpoint_task, &c), 0);
	pthread_mutex_lock(&c.g.lock);
	while (!c.reached) /* the first 40 ran: the queue is empty */
		pthread_cond_wait(&c.g.opened, &c.g.lock);
	pthread_mutex_unlock(&c.g.lock);
	for (int i = BEFORE; i < TOTAL; i++)
		ck_assert_int_eq(pool_submit(p, log_task, &items[i]), 0);
	pthread_mutex_lock(&c.g.lock);
	c.g.open = true;
	pthread_cond_broadcast(&c.g.opened);
	pthread_mutex_unlock(&c.g.lock);
	ck_assert_int_eq(pool_shutdown(p, NULL), 0);
	ck_assert_int_eq(log.n, TOTAL);
	for (int i = 0; i < TOTAL; i++)
		ck_assert_int_eq(log.seen[i], i);
	pool_destroy(p);
}
END_TEST

/* ---- a task may submit: accepted means run, refused means never ---- */

struct nested {
	struct pool *p;
	struct step child;
	int child_rc;
};

static int parent_task(void *arg)
{
	struct nested *n = arg;

	n->child_rc = pool_submit(n->p, step_task, &n->child);
	return 0;
}

START_TEST(tasks_may_submit_tasks)
{
	enum { N = 20 };
	struct nested n[N];
	struct pool *p = pool_create(2);

	ck_assert_ptr_nonnull(p);
	for (int i = 0; i < N; i++) {
		n[i] = (struct nested){.p = p, .child = {0, 0}, .child_rc = -1};
		ck_assert_int_eq(pool_submit(p, parent_task, &n[i]), 0);
	}
	ck_assert_int_eq(pool_shutdown(p, NULL), 0);
	for (int i = 0; i < N; i++) {
		ck_assert(n[i].child_rc == 0 || n[i].child_rc == ESHUTDOWN);
		ck_assert_int_eq(n[i].child.ran, n[i].child_rc == 0);
	}
	pool_destroy(p);
}
END_TEST

START_TEST(destroy_without_shutdown_runs_the_queue)
{
	struct tally t = {PTHREAD_MUTEX_INITIALIZER, 0};
	struct pool *p = pool_create(3);

	ck_assert_ptr_nonnull(p);
	for (int i = 0; i < 30; i++)
		ck_assert_int_eq(pool_submit(p, count_task, &t), 0);
	pool_destroy(p);
	ck_assert_int_eq(t.n, 30);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pool");
	TCase *tc = testlib_tcase("good/pool.c");

	tcase_add_test(tc, create_rejects_no_workers);
	tcase_add_test(tc, submit_after_shutdown_is_refused);
	tcase_add_test(tc, shutdown_drains_the_queue);
	tcase_add_test(tc, failures_are_reported);
	tcase_add_test(tc, fifo_while_the_queue_grows);
	tcase_add_test(tc, tasks_may_submit_tasks);
	tcase_add_test(tc, destroy_without_shutdown_runs_the_queue);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
