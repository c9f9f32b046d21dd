/*
 * Defect 33: the trace must show the accesses to the variable a failed
 * assertion is about, even those made after the writers have exited:
 * "shared" means two threads touch it and one writes it while another
 * thread is alive, not "two threads were alive at that moment".
 *
 *   1. T1 and T2 both read stock == 1 (check)
 *   2. both decrement it (act): 1 -> 0, then 0 -> -1; they exit
 *   3. main joins them and reads stock == -1: the assertion fails
 * Step 3's read was hidden: only main was alive then.
 */
// RUN: racelab scan --tool sched %s
// EXIT: 1
// CHECK: read  stock = 1  verdicts/33-trace-shows-conflicting-accesses.c:27
// CHECK: write stock = 0  verdicts/33-trace-shows-conflicting-accesses.c:28
// CHECK: read  stock = 0  verdicts/33-trace-shows-conflicting-accesses.c:28
// CHECK: write stock = -1  verdicts/33-trace-shows-conflicting-accesses.c:28
// CHECK: read  stock = -1  verdicts/33-trace-shows-conflicting-accesses.c:40
// CHECK: assert(stock >= 0) failed
#include <assert.h>
#include <pthread.h>

volatile int stock = 1; /* volatile: each use is a load */

static void *buyer(void *arg)
{
	if (stock > 0)		   /* error: check ... */
		stock = stock - 1; /* ... then act, not atomic */
	return arg;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, buyer, NULL);
	pthread_create(&t2, NULL, buyer, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert(stock >= 0);
	return 0;
}
