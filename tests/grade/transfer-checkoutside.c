/*
 * transfer-checkoutside.c - a wrong fix: locks in id order, but checks the
 * funds before taking the locks, "to fail fast". Between the check and
 * the locks another transfer can take the money:
 *   1. T1 (a -> b, 100) sees a holding 100
 *   2. T2 (a -> c, 100) sees a holding 100, locks, moves it, unlocks
 *   3. T1 locks and moves 100 that a no longer holds: a is at -100
 * GRADE: loses no-overdraft
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
	if (from->balance < amount) /* error: checked without the lock */
		return ERANGE;
	pthread_mutex_lock(&first->lock);
	if (second != first)
		pthread_mutex_lock(&second->lock);
	from->balance -= amount;
	to->balance += amount;
	if (second != first)
		pthread_mutex_unlock(&second->lock);
	pthread_mutex_unlock(&first->lock);
	return 0;
}
