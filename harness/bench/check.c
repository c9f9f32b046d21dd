/*
 * check.c - `racelab-bench --check`: the queue adapters under the drivers'
 * FIFO ledger (fifo_ledger.h), at sizes where a broken queue shows: a ring
 * of capacity 1 and 4 (every put waits for a get), 1 to 3 producers and
 * consumers, 20000 items each. And one control: a queue that drops an item
 * must fail the ledger, or the check proves nothing. The other benches
 * check their own results on every run (bench.h).
 */
#include "queues.h"

#include <errno.h>
#include <stdio.h>

/* The control: good/queue.c losing its 1000th item. */
static atomic_long lossy_puts;
static int lossy_put(void *q, long item)
{
	/* relaxed: a count, only to pick one item */
	if (atomic_fetch_add_explicit(&lossy_puts, 1, memory_order_relaxed) ==
	    999)
		return 0; /* "accepted", never queued */
	return bench_q_bq.put(q, item);
}

static bool one(const struct bench_queue *q, size_t cap, int p, int c)
{
	bool ok;

	if (q->create == NULL) {
		printf("SKIP %s: built without its library (make deps)\n",
		       q->name);
		return true;
	}
	ok = mpmc_ledger_check(q, cap, p, c, 20000);
	printf("%s %s capacity %zu, %d producers, %d consumers\n",
	       ok ? "PASS" : "FAIL", q->name, cap, p, c);
	return ok;
}

int bench_check(void)
{
	const struct bench_queue *const qs[] = {&bench_q_bq, &bench_q_lfq,
						&bench_q_gasync,
						&bench_q_ckring, &bench_q_wfcq};
	static const int shapes[][3] = {
	    {1, 1, 1}, {4, 2, 2}, {4, 3, 1}, {64, 1, 3}};
	struct bench_queue lossy = bench_q_bq;
	int failed = 0;

	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++)
		for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
			failed += !one(qs[i], (size_t)shapes[s][0],
				       shapes[s][1], shapes[s][2]);
	lossy.name = "control (drops one item)";
	lossy.put = lossy_put;
	if (mpmc_ledger_check(&lossy, 4, 2, 2, 20000)) {
		printf("FAIL the ledger passed a queue that drops an item\n");
		failed++;
	} else {
		printf("PASS the ledger caught the queue that drops an item\n");
	}
	printf("%d failed\n", failed);
	return failed ? 1 : 0;
}
