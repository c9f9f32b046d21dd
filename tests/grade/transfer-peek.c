/*
 * transfer-peek.c - a wrong fix: the transfer locks in id order, but
 * account_balance reads without the lock ("a read of one long cannot
 * hurt"). It can see a transfer half done: from already debited, to not
 * yet credited - the money in neither account.
 * GRADE: loses observer
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
	return a->balance; /* error: read without a's lock */
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
