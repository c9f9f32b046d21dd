/*
 * transfer-leak.c - a wrong fix: locks in id order, but the
 * insufficient-funds path returns ERANGE with both locks still held. The
 * next call on either account waits for ever.
 * GRADE: loses insufficient-funds
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

	if (amount < 0)
		return EINVAL;
	pthread_mutex_lock(&first->lock);
	if (second != first)
		pthread_mutex_lock(&second->lock);
	if (from->balance < amount)
		return ERANGE; /* error: returns with both locks held */
	from->balance -= amount;
	to->balance += amount;
	if (second != first)
		pthread_mutex_unlock(&second->lock);
	pthread_mutex_unlock(&first->lock);
	return 0;
}
