/*
 * transfer-bank.c - a correct but unusual fix: coarse locking. One bank
 * lock serializes every account_ call; the accounts' own locks are set up
 * and destroyed but never needed. No lock order, so no deadlock; every
 * call sees a transfer entirely or not at all. Slower under contention,
 * but the lab sets no performance budget.
 * GRADE: full
 */
#include "transfer.h"

#include <errno.h>
#include <pthread.h>

static pthread_mutex_t bank = PTHREAD_MUTEX_INITIALIZER; /* guards every
							    balance */

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

	pthread_mutex_lock(&bank);
	b = a->balance;
	pthread_mutex_unlock(&bank);
	return b;
}

int account_transfer(struct account *from, struct account *to, long amount)
{
	int rc = 0;

	if (amount < 0)
		return EINVAL;
	pthread_mutex_lock(&bank);
	if (from->balance < amount) {
		rc = ERANGE;
	} else {
		from->balance -= amount;
		to->balance += amount;
	}
	pthread_mutex_unlock(&bank);
	return rc;
}
