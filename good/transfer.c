/*
 * good/transfer.c - no deadlock: every transfer takes the two account locks
 * in one global order, the lower account id first, whatever the direction.
 *
 * Why the bad interleaving cannot happen (T1 moves a -> b, T2 moves b -> a,
 * a has the lower id):
 *   1. T1 locks a (the lower id)
 *   2. T2 also wants a first, and waits for T1
 *   3. T1 locks b, moves the money, unlocks both
 *   4. T2 locks a, then b
 * A thread only ever waits for a lock with a higher id than every lock it
 * holds, so no waits-for cycle can close. A transfer from an account to
 * itself takes its one lock once.
 *
 * Expected: watchdog, TSan, Helgrind, DRD silent; sched finds no failing
 * schedule. The twin: bad/transfer.c locks in the caller's order.
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

int account_transfer(struct account *from, struct account *to, long amount)
{
	struct account *first = from->id <= to->id ? from : to;
	struct account *second = from->id <= to->id ? to : from;
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
