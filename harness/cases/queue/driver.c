/*
 * driver.c (queue) - THREADS producers each put ITERS items
 * (producer, seq) into one bounded queue; THREADS consumers get until the
 * queue says end-of-queue. The last producer to finish closes the queue, so
 * the run also exercises close: consumers drain what is left, then stop.
 * Invariant (fifo_ledger.h): every item got exactly once, FIFO per producer.
 *
 *   -t N       N producers and N consumers (default 2 + 2)
 *   -i N       items per producer
 *   -m cap=N   queue capacity (default 4: small, so both full and empty
 *              waits happen)
 *
 * Result line: "queue: 2000 put, 1999 got: 1 lost, 0 duplicated, 0
 * reordered, 0 corrupt; first: p1#17 lost".
 */
#include "driver.h"
#include "fifo_ledger.h"
#include "queue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct worker {
	struct bq *q;
	struct fl_ledger *ledger;
	int id; /* producers 0..n-1, then consumers 0..n-1 */
	bool producer;
};

static pthread_mutex_t left_lock = PTHREAD_MUTEX_INITIALIZER;
static int producers_left; /* guarded by left_lock */

static void producer_done(struct bq *q)
{
	drv_check(pthread_mutex_lock(&left_lock), "lock");
	if (--producers_left == 0)
		bq_close(q);
	drv_check(pthread_mutex_unlock(&left_lock), "unlock");
}

static void produce(struct worker *w)
{
	long seq;
	int rc = 0;

	for (seq = 0; seq < w->ledger->iters; seq++) {
		rc = bq_put_blocking(w->q, fl_item(w->id, seq));
		if (rc != 0)
			break;
	}
	/* EPIPE: a consumer closed the queue early (see consume) */
	if (rc != 0 && rc != EPIPE)
		drv_die(1, "bq_put_blocking: %s", strerror(rc));
	w->ledger->accepted[w->id] = seq; /* main reads it after the join */
	producer_done(w->q);
}

static void consume(struct worker *w)
{
	struct fl_log *log = &w->ledger->logs[w->id];
	long item;
	int rc;

	while ((rc = bq_get_blocking(w->q, &item)) == 0) {
		if (!fl_record(log, item)) {
			/* more items than were put: stop the runaway, and
			 * wake everyone else with it */
			bq_close(w->q);
			return;
		}
	}
	if (rc != EPIPE)
		drv_die(1, "bq_get_blocking: %s", strerror(rc));
}

static void *work(void *p)
{
	struct worker *w = p;

	if (w->producer)
		produce(w);
	else
		consume(w);
	return NULL;
}

static long parse_cap(const char *mode)
{
	char *end;
	long cap;

	if (mode == NULL)
		return 4;
	errno = 0;
	cap = strncmp(mode, "cap=", 4) == 0 ? strtol(mode + 4, &end, 10) : -1;
	if (cap < 1 || errno != 0 || *end != '\0')
		drv_die(DRV_EXIT_USAGE, "-m '%s': expected cap=N, N >= 1",
			mode);
	return cap;
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 2, .iters = 100000};
	struct fl_ledger ledger;
	struct worker *w;
	struct bq *q;
	bool ok;

	drv_parse("queue", argc, argv, &o);
	fl_init(&ledger, o.threads, o.threads, o.iters);
	q = bq_create((size_t)parse_cap(o.mode));
	w = calloc(2 * (size_t)o.threads, sizeof(*w));
	if (q == NULL || w == NULL)
		drv_die(1, "bq_create: %s", strerror(errno));
	for (int i = 0; i < 2 * o.threads; i++)
		w[i] = (struct worker){.q = q,
				       .ledger = &ledger,
				       .id = i % o.threads,
				       .producer = i < o.threads};
	producers_left = o.threads;

	drv_run(2 * o.threads, work, w, sizeof(*w));

	ok = fl_check(&ledger, "queue");
	bq_destroy(q);
	fl_free(&ledger);
	free(w);
	return drv_result(ok);
}
