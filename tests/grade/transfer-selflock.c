/*
 * transfer-selflock.c - a wrong fix: lock order by id, but a transfer to
 * the same account locks its mutex twice and hangs. Must lose
 * `same-account`.
 * GRADE: loses same-account
 */
#include "transfer.h"

#include <errno.h>

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
	pthread_mutex_lock(&second->lock); /* error: same mutex twice */
	if (from->balance < amount) {
		rc = ERANGE;
	} else {
		from->balance -= amount;
		to->balance += amount;
	}
	pthread_mutex_unlock(&second->lock);
	pthread_mutex_unlock(&first->lock);
	return rc;
}
