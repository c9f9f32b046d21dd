/*
 * transfer-split.c - a wrong fix: never holds two locks (so it cannot
 * deadlock), but takes the money out, unlocks, then puts it in: another
 * thread sees it in neither account. Must lose `observer`.
 * GRADE: loses observer
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
	if (amount < 0)
		return EINVAL;
	pthread_mutex_lock(&from->lock);
	if (from->balance < amount) {
		pthread_mutex_unlock(&from->lock);
		return ERANGE;
	}
	from->balance -= amount;
	pthread_mutex_unlock(&from->lock); /* error: the money is nowhere */
	pthread_mutex_lock(&to->lock);
	to->balance += amount;
	pthread_mutex_unlock(&to->lock);
	return 0;
}
