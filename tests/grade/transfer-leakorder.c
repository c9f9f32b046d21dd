/*
 * transfer-leakorder.c - a wrong fix that makes things worse: the lock
 * order of the starter is kept (from, then to: opposite transfers can
 * deadlock, and TSan reports the lock-order inversion), and a "fee" of 1
 * per transfer is taken from the money moved, so the bank's total shrinks.
 * TSan's lock-order report is advisory under the policy; the lost money is
 * not: the tsan check must fail it for the broken invariant, although
 * TSan's exit code (66) replaces the driver's exit 3.
 * GRADE: loses tsan
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
		to->balance += amount - 1; /* the fee: lost */
	}
	pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
	return rc;
}
