/*
 * mpmc.c - the producer/consumer workload every queue bench runs (queues.h):
 * P producers put (producer, sequence) items until told to stop; the last
 * one to finish closes the queue; C consumers get until the end. Timed for
 * the benches (mpmc_run), counted and checked by the drivers' FIFO ledger
 * for the unit tests (mpmc_ledger_check).
 */
#include "queues.h"

#include "fifo_ledger.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXP 32

struct mpmc {
	const struct bench_queue *ops;
	void *q;
	struct bench_team team;
	atomic_int producers_left;
	int producers, consumers;
	long items; /* > 0: each producer puts this many (the check) */
	struct fl_ledger *ledger; /* the check's ledger, or NULL */
};

struct mpmc_thread {
	struct mpmc *m;
	int id;
	long n;		   /* items put (producer) or got (consumer) */
	long count[MAXP];  /* consumer: items got per producer */
	long seqsum[MAXP]; /* consumer: their sequence numbers, summed */
	long last[MAXP];   /* consumer: the last sequence number per producer */
	bool disorder;	   /* consumer: an item out of order or foreign */
	int err;	   /* a put or get error other than the end */
};

static bool more(struct mpmc *m, long n)
{
	return m->items > 0 ? n < m->items : !bench_stopped(&m->team);
}

static void *producer(void *arg)
{
	struct mpmc_thread *t = arg;
	struct mpmc *m = t->m;

	bench_team_go(&m->team);
	for (; more(m, t->n); t->n++)
		if ((t->err = m->ops->put(m->q, fl_item(t->id, t->n))) != 0)
			break;
	/* acq_rel: the last producer's close comes after every put of the
	 * others (their decrements release, this one acquires) */
	if (atomic_fetch_sub_explicit(&m->producers_left, 1,
				      memory_order_acq_rel) == 1)
		m->ops->close(m->q);
	return NULL;
}

/* Note item in the consumer's order check (and the ledger, if any). */
static bool note(struct mpmc_thread *t, long item)
{
	long p = item >> FL_SEQ_BITS, s = item & ((1L << FL_SEQ_BITS) - 1);

	t->n++;
	if (t->m->ledger != NULL)
		return fl_record(&t->m->ledger->logs[t->id], item);
	if (p < 0 || p >= t->m->producers || s <= t->last[p]) {
		t->disorder = true;
		return true;
	}
	t->last[p] = s;
	t->count[p]++;
	t->seqsum[p] += s;
	return true;
}

static void *consumer(void *arg)
{
	struct mpmc_thread *t = arg;
	long item;
	int rc;

	for (int p = 0; p < MAXP; p++)
		t->last[p] = -1;
	bench_team_go(&t->m->team);
	while ((rc = t->m->ops->get(t->m->q, &item)) == 0)
		if (!note(t, item))
			break;
	if (rc != EPIPE && rc != 0)
		t->err = rc;
	return NULL;
}

static void *worker(void *arg)
{
	struct mpmc_thread *t = arg;

	return t->id < 0 ? (t->id = ~t->id, consumer(t)) : producer(t);
}

/* Start producers and consumers (th[] holds P + C entries), run them. */
static double mpmc_go(struct mpmc *m, struct mpmc_thread *th, double seconds,
		      char *why)
{
	int n = m->producers + m->consumers;

	atomic_init(&m->producers_left, m->producers);
	for (int i = 0; i < n; i++) {
		memset(&th[i], 0, sizeof(th[i]));
		th[i].m = m;
		/* consumers carry ~index until worker() sorts them out */
		th[i].id = i < m->producers ? i : ~(i - m->producers);
	}
	return bench_team_run(&m->team, n, worker, th, sizeof(*th), seconds,
			      why);
}

/* Every item put got exactly once, each producer's in order. */
static int mpmc_verdict(const struct mpmc *m, const struct mpmc_thread *th,
			char *why)
{
	const struct mpmc_thread *cons = th + m->producers;

	for (int i = 0; i < m->producers + m->consumers; i++)
		if (th[i].err != 0)
			return bench_why(why, BENCH_BROKEN, "%s: %s",
					 m->ops->name, strerror(th[i].err));
	for (int c = 0; c < m->consumers; c++)
		if (cons[c].disorder)
			return bench_why(why, BENCH_BROKEN,
					 "%s: consumer %d got an item out of "
					 "order or never put",
					 m->ops->name, c);
	for (int p = 0; p < m->producers; p++) {
		long n = th[p].n, count = 0, sum = 0;

		for (int c = 0; c < m->consumers; c++)
			count += cons[c].count[p], sum += cons[c].seqsum[p];
		if (count != n || sum != n * (n - 1) / 2)
			return bench_why(why, BENCH_BROKEN,
					 "%s: producer %d put %ld items, "
					 "consumers got %ld (a lost or "
					 "duplicated item)",
					 m->ops->name, p, n, count);
	}
	return 0;
}

int mpmc_run(const struct bench_cfg *cfg, const void *arg, double *value,
	     char *why)
{
	const struct mpmc_arg *a = arg;
	struct mpmc m = {.ops = a->q};
	struct mpmc_thread th[2 * MAXP];
	double secs;
	long got = 0;
	int rc;

	m.producers = m.consumers = cfg->threads < 2 ? 1 : cfg->threads / 2;
	if (m.producers > MAXP)
		return bench_why(why, -1, "at most %d producers", MAXP);
	if ((m.q = m.ops->create(a->capacity, m.consumers)) == NULL)
		return bench_why(why, -1, "%s: cannot create", m.ops->name);
	secs = mpmc_go(&m, th, cfg->seconds, why);
	if (secs < 0)
		return -1;
	if ((rc = mpmc_verdict(&m, th, why)) != 0)
		return rc;
	m.ops->destroy(m.q);
	for (int c = 0; c < m.consumers; c++)
		got += th[m.producers + c].n;
	*value = (double)got / secs;
	return 0;
}

bool mpmc_ledger_check(const struct bench_queue *q, size_t capacity,
		       int producers, int consumers, long items)
{
	struct fl_ledger ledger;
	struct mpmc m = {.ops = q,
			 .producers = producers,
			 .consumers = consumers,
			 .items = items,
			 .ledger = &ledger};
	struct mpmc_thread th[2 * MAXP];
	char why[BENCH_WHY] = "";
	bool ok;

	if (producers > MAXP || consumers > MAXP ||
	    (m.q = q->create(capacity, consumers)) == NULL) {
		printf("%s: cannot create the queue\n", q->name);
		return false;
	}
	fl_init(&ledger, producers, consumers, items);
	if (mpmc_go(&m, th, 0, why) < 0) {
		printf("%s: %s\n", q->name, why);
		return false;
	}
	for (int p = 0; p < producers; p++)
		ledger.accepted[p] = th[p].n;
	ok = fl_check(&ledger, q->name);
	for (int i = 0; i < producers + consumers; i++)
		if (th[i].err != 0) {
			printf("%s: %s\n", q->name, strerror(th[i].err));
			ok = false;
		}
	fl_free(&ledger);
	q->destroy(m.q);
	return ok;
}
