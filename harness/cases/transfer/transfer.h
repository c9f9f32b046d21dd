/*
 * transfer.h - the contract of case `transfer`: bank accounts, each guarded
 * by its own mutex, and a transfer that must hold both accounts' locks.
 *
 * Implemented three times with the same symbols: bad/transfer.c (locks
 * `from`, then `to`: the ABBA deadlock), good/transfer.c (locks in
 * account-id order) and gate/transfer.c (one global gate lock around taking
 * both: correct, yet TSan and Helgrind still report a lock-order
 * inversion). The driver (driver.c) transfers in both directions from
 * several threads and checks that the total is conserved and that the run
 * completes.
 *
 * The struct is public so that callers can place accounts where they like
 * (an array, the stack); only account_ calls may touch its fields once the
 * account is shared. (driver.c's -m clash holds an account's lock itself
 * to force the ABBA interleaving: a test's privilege, not a caller's.)
 */
#ifndef RACELAB_TRANSFER_H
#define RACELAB_TRANSFER_H

#include <pthread.h>

struct account {
	int id;		      /* unique among the accounts a program uses */
	long balance;	      /* guarded by lock; never negative */
	pthread_mutex_t lock; /* guards balance */
};

/*
 * Set up *a with its id and opening balance. 0, or an errno value: EINVAL
 * when balance < 0, or pthread_mutex_init's error. Not thread-safe: call it
 * before sharing a.
 */
int account_init(struct account *a, int id, long balance);

/* Release a's lock. The caller guarantees no thread still uses a. */
void account_destroy(struct account *a);

/* a's balance, read under a's lock: never a value from the middle of a
 * transfer. Any thread may call it at any time. */
long account_balance(struct account *a);

/*
 * Move amount from `from` to `to` as one step: no account_ call in another
 * thread sees the money in both accounts or in neither. Any number of
 * threads may call it at once, on any pairs of accounts, in either
 * direction; the caller must hold no account lock.
 *
 * 0 on success. EINVAL when amount < 0, ERANGE when from's balance is less
 * than amount (insufficient funds): in both cases nothing moves. A transfer
 * from an account to itself is allowed: it checks the funds like any other
 * and leaves the balance unchanged.
 */
int account_transfer(struct account *from, struct account *to, long amount);

#endif
