/*
 * b_lfqueue.c - bench `lfqueue`: good/lfqueue.c (Michael-Scott with hazard
 * pointers) against liburcu's wfcqueue (wait-free enqueue, dequeue under
 * its head lock) and GAsyncQueue, 2 producers and 2 consumers, all
 * unbounded. Consumers of the non-blocking queues wait by yielding.
 */
#include "queues.h"

static const struct bench_impl impls[] = {
    {"racelab", NULL, true, mpmc_run, &(struct mpmc_arg){&bench_q_lfq, 0}},
    {"wfcqueue", "liburcu-dev", BENCH_HAVE_URCU, mpmc_run,
     &(struct mpmc_arg){&bench_q_wfcq, 0}},
    {"GAsyncQueue", "libglib2.0-dev", BENCH_HAVE_GLIB, mpmc_run,
     &(struct mpmc_arg){&bench_q_gasync, 0}},
};

const struct bench bench_lfqueue = {
    "lfqueue", "unbounded MPMC queue, 2 producers 2 consumers",
    "items/s", true,
    false,     4,
    true,      impls,
    3};
