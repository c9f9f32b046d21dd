/*
 * transfer-einval-recursive.c - a wrong fix: recursive account mutexes,
 * and a transfer that validates the amount after taking both locks returns
 * EINVAL with both locks still held. The caller's own trylock would
 * succeed (the mutex is recursive); the next call on either account from
 * any other thread waits for ever. Must lose negative-amount (its probe
 * of the locks runs in another thread).
 * GRADE: loses negative-amount
 */
#include "transfer.h"

#include <errno.h>
#include <pthread.h>

int account_init(struct account *a, int id, long balance)
{
	pthread_mutexattr_t at;
	int rc;

	if (balance < 0)
		return EINVAL;
	a->id = id;
	a->balance = balance;
	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
	rc = pthread_mutex_init(&a->lock, &at);
	pthread_mutexattr_destroy(&at);
	return rc;
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

	pthread_mutex_lock(&first->lock);
	pthread_mutex_lock(&second->lock); /* recursive: same account is fine */
	if (amount < 0)
		return EINVAL; /* error: both locks still held */
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
