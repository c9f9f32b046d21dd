/*
 * queues.h - one interface over every queue the benches compare
 * (good/queue.c, good/lfqueue.c, GAsyncQueue, ck_ring, liburcu's
 * wfcqueue), and the producer/consumer workload that drives them
 * (mpmc.c), timed for a bench or counted for the FIFO-ledger check.
 *
 * Contract of an adapter: put and get may run concurrently from any number
 * of threads; get waits (blocks, or yields in a loop for the non-blocking
 * structures) until it has an item, or returns EPIPE once close has run and
 * the queue is drained. close runs once, after every put has returned.
 * Items are >= 0.
 */
#ifndef RACELAB_BENCH_QUEUES_H
#define RACELAB_BENCH_QUEUES_H

#include "bench.h"

#include <stddef.h>

struct bench_queue {
	const char *name;
	/* capacity: the bound of a bounded queue (unbounded ones ignore it);
	 * consumers: how many gets will wait for the end */
	void *(*create)(size_t capacity, int consumers);
	int (*put)(void *q, long item);
	int (*get)(void *q, long *item);
	void (*close)(void *q);
	void (*destroy)(void *q);
};

extern const struct bench_queue bench_q_bq, bench_q_lfq, bench_q_gasync,
    bench_q_ckring, bench_q_wfcq;

/* The arg of an mpmc row: which queue, and its capacity. */
struct mpmc_arg {
	const struct bench_queue *q;
	size_t capacity;
};

/* Run (bench.h) for a queue: cfg->threads / 2 producers and as many
 * consumers move items for cfg->seconds; items/s. Checked: each consumer
 * sees each producer's items in order, and every item put is got once
 * (per producer: count and sum of sequence numbers). */
int mpmc_run(const struct bench_cfg *cfg, const void *arg, double *value,
	     char *why);

/* The unit check: producers put `items` each, consumers log what they get
 * in the drivers' FIFO ledger (fifo_ledger.h), which prints one result
 * line. true when the ledger holds. */
bool mpmc_ledger_check(const struct bench_queue *q, size_t capacity,
		       int producers, int consumers, long items);

#endif
