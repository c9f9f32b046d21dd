/*
 * transfer-cycle3.c - a wrong fix: the lock order is not a total order.
 * Each pair of accounts always locks in one order (so no ABBA between two
 * accounts), but ids 0 -> 1 -> 2 -> 0 form a cycle ("the next in the ring
 * of three tellers goes first"): three transfers 0->1, 1->2, 2->0 at once
 * deadlock. Must lose sched-pct (-m ring: three accounts in a ring).
 * GRADE: loses sched-pct
 */
#include "transfer.h"

#include <errno.h>
#include <pthread.h>

int account_init(struct account *a, int id, long balance)
{
	if (balance < 0)
		return EINVAL;
	a->id = id;
	a->balance = balance;
	return pthread_mutex_init(&a->lock, NULL);
}

void account_destroy(struct account *a)
{
	pthread_mutex_destroy(&a->lock);
}

long account_balance(struct account *a)
{
	long b;

	pthread_mutex_lock(&a->lock);
	b = a->balance;
	pthread_mutex_unlock(&a->lock);
	return b;
}

/* x goes before y when y is x's successor in the ring of three. */
static int goes_first(const struct account *x, const struct account *y)
{
	int d = ((y->id - x->id) % 3 + 3) % 3;

	return d == 1 ||
	       (d == 0 && x->id < y->id); /* error: a cycle over three */
}

int account_transfer(struct account *from, struct account *to, long amount)
{
	struct account *first = goes_first(from, to) ? from : to;
	struct account *second = first == from ? to : from;
	int rc = 0;

	if (amount < 0)
		return EINVAL;
	pthread_mutex_lock(&first->lock);
	if (second != first)
		pthread_mutex_lock(&second->lock);
	if (from->balance < amount) {
		rc = ERANGE;
	} else {
		from->balance -= amount;
		to->balance += amount;
	}
	if (second != first)
		pthread_mutex_unlock(&second->lock);
	pthread_mutex_unlock(&first->lock);
	return rc;
}
