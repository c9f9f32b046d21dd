/*
 * transfer-order.c - a correct but unusual fix: one global order too, but
 * by address (higher address first) instead of by id.
 * GRADE: full
 */
#include "transfer.h"

#include <errno.h>
#include <stdint.h>

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
	int hi_first = (uintptr_t)from > (uintptr_t)to;
	struct account *first = hi_first ? from : to;
	struct account *second = hi_first ? to : from;
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
