/*
 * bad/transfer.c - the ABBA deadlock: account_transfer locks `from`, then
 * `to`, so two opposite transfers between the same two accounts can each
 * hold the lock the other one needs.
 *
 * Interleaving that hangs (T1 moves a -> b, T2 moves b -> a):
 *   1. T1 locks a (its `from`)
 *   2. T2 locks b (its `from`)
 *   3. T1 waits for b, which T2 holds
 *   4. T2 waits for a, which T1 holds   -> a cycle: both wait forever
 * A transfer from an account to itself locks the same (non-recursive) mutex
 * twice and hangs on its own.
 *
 * Caught by: racelab's watchdog (the real hang, natively, driver -m clash),
 * TSan (lock-order-inversion) and Helgrind (LockOrder), both predicted from
 * a run that did not hang, racelab sched (deadlock, from a seed). Not by
 * DRD: it has no lock-order check.
 * The fix: good/transfer.c takes the two locks in account-id order.
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
	int rc = 0;

	if (amount < 0)
		return EINVAL;
	pthread_mutex_lock(&from->lock);
	pthread_mutex_lock(&to->lock); /* error: the caller's order (ABBA) */
	if (from->balance < amount) {
		rc = ERANGE;
	} else {
		from->balance -= amount;
		to->balance += amount;
	}
	pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
	return rc;
}
