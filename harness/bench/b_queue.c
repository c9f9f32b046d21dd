/*
 * b_queue.c - benches `queue-cap64` and `queue-cap1024`: good/queue.c (the
 * bounded blocking queue) against GAsyncQueue (GLib, unbounded) and ck_ring
 * (Concurrency Kit, bounded, non-blocking: waits by yielding), 2 producers
 * and 2 consumers. A small ring makes producers and consumers wait for each
 * other often; a large one rarely.
 */
#include "queues.h"

#define QUEUE_ROWS(cap)                                                        \
	{"racelab", NULL, true, mpmc_run,                                      \
	 &(struct mpmc_arg){&bench_q_bq, cap}},                                \
	    {"GAsyncQueue", "libglib2.0-dev", BENCH_HAVE_GLIB, mpmc_run,       \
	     &(struct mpmc_arg){&bench_q_gasync, cap}},                        \
	{                                                                      \
		"ck_ring", "libck-dev", BENCH_HAVE_CK, mpmc_run,               \
		    &(struct mpmc_arg)                                         \
		{                                                              \
			&bench_q_ckring, cap                                   \
		}                                                              \
	}

static const struct bench_impl cap64[] = {QUEUE_ROWS(64)};
static const struct bench_impl cap1024[] = {QUEUE_ROWS(1024)};

const struct bench bench_queue_cap64 = {
    "queue-cap64",
    "bounded queue, capacity 64, 2 producers 2 consumers",
    "items/s",
    true,
    false,
    4,
    true,
    cap64,
    3};
const struct bench bench_queue_cap1024 = {
    "queue-cap1024",
    "bounded queue, capacity 1024, 2 producers 2 consumers",
    "items/s",
    true,
    false,
    4,
    true,
    cap1024,
    3};
