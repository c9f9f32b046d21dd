/*
 * bad/counter.c - the unsafe counter: increment is an unlocked
 * read-modify-write, so two threads can lose an update.
 *
 * Interleaving that loses one (value starts at 5):
 *   1. T1 reads value (5)
 *   2. T2 reads value (5)
 *   3. T1 writes 5 + 1 = 6
 *   4. T2 writes 5 + 1 = 6   -> two increments, value grew by one
 *
 * Caught by: TSan (data race in counter_increment), Helgrind (Race), DRD
 * (ConflictingAccess), racelab sched (lost update, from a seed). Natively the
 * loss is rare at small counts: do not rely on seeing it.
 * The fix: good/counter.c takes a mutex around the read-modify-write.
 */
#include "counter.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct counter {
	long value;
};

struct counter *counter_create(void)
{
	struct counter *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	return c;
}

void counter_destroy(struct counter *c)
{
	free(c);
}

void counter_increment(struct counter *c)
{
	c->value = c->value + 1; /* error: unlocked read-modify-write */
}

long counter_get(struct counter *c)
{
	return c->value;
}
