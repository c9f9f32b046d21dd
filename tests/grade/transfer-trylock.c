/*
 * transfer-trylock.c - a correct but unusual fix: lock `from`, then try
 * `to`; on failure back off (unlock, yield) and start again. No lock
 * order, no deadlock. Helgrind and TSan may call the order inconsistent;
 * the grader's policy (lock-order reports advisory) must give full marks.
 * GRADE: full
 */
#include "transfer.h"

#include <errno.h>
#include <sched.h>

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

static void lock_both(struct account *from, struct account *to)
{
	for (;;) {
		pthread_mutex_lock(&from->lock);
		if (from == to || pthread_mutex_trylock(&to->lock) == 0)
			return;
		pthread_mutex_unlock(&from->lock);
		sched_yield();
	}
}

int account_transfer(struct account *from, struct account *to, long amount)
{
	int rc = 0;

	if (amount < 0)
		return EINVAL;
	lock_both(from, to);
	if (from->balance < amount) {
		rc = ERANGE;
	} else {
		from->balance -= amount;
		to->balance += amount;
	}
	if (from != to)
		pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
	return rc;
}
