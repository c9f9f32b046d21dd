/*
 * benches.c - the table of `racelab bench`: one line per bench, each
 * defined in its own b_NAME.c (bench.h says what a bench is). The order
 * here is the order they run and print.
 */
#include "bench.h"

extern const struct bench bench_counter, bench_transfer, bench_queue_cap64,
    bench_queue_cap1024, bench_lfqueue, bench_rwlock_95r,
    bench_rwlock_writer_wait, bench_pool;

const struct bench *const bench_table[] = {
    &bench_counter,
    &bench_transfer,
    &bench_queue_cap64,
    &bench_queue_cap1024,
    &bench_lfqueue,
    &bench_rwlock_95r,
    &bench_rwlock_writer_wait,
    &bench_pool,
};
const size_t bench_ntable = sizeof(bench_table) / sizeof(bench_table[0]);
