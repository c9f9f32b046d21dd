/*
 * contract.c (transfer) - the promises of transfer.h as named checks, run
 * by `racelab grade transfer FILE.c` (table: harness/cases/transfer/grade).
 * Deadlock freedom and conservation under load are the driver's (stress,
 * sched); here: each error code, each corner case the header allows, and
 * the atomicity promise, seen by a concurrent observer.
 */
#include "grade_contract.h"
#include "transfer.h"

#include <errno.h>
#include <stdbool.h>

static void setup(struct account *a, int id, long balance)
{
	int rc = account_init(a, id, balance);

	CT_REQUIRE(rc == 0, "account_init(id %d, balance %ld) returned %d", id,
		   balance, rc);
}

/* Another thread's trylock of a's lock: 0 when it was free (and is
 * again). Another thread's, so that a recursive mutex the caller still
 * holds shows as held. */
static void *probe(void *p)
{
	pthread_mutex_t *m = p;
	int busy = pthread_mutex_trylock(m);

	if (busy == 0)
		pthread_mutex_unlock(m);
	return (void *)(long)busy;
}

/* a's lock is free again: a transfer that returns - any code - must not
 * keep it ("the caller must hold no account lock" before the next call).
 * A test's privilege, like driver.c's -m clash; only where no other
 * thread runs. Fails at once, instead of the next call hanging. */
static void released(const struct account *a, int rc)
{
	void *busy = NULL;

	CT_PTHREAD(
	    pthread_join(ct_spawn(probe, (pthread_mutex_t *)&a->lock), &busy));
	CT_REQUIRE(busy == NULL,
		   "account_transfer returned %d with account %d's lock "
		   "still held (the next call on it from another thread "
		   "would wait for ever)",
		   rc, a->id);
}

/* account_transfer, single-threaded: both locks released afterwards. */
static int transfer(struct account *from, struct account *to, long amount)
{
	int rc = account_transfer(from, to, amount);

	released(from, rc);
	released(to, rc);
	return rc;
}

/* "Set up *a with its id and opening balance. 0" */
static void init_balance(void)
{
	struct account a;

	setup(&a, 1, 250);
	CT_REQUIRE(account_balance(&a) == 250,
		   "account_init with 250, account_balance says %ld",
		   account_balance(&a));
	account_destroy(&a);
}

/* "EINVAL when balance < 0" */
static void init_negative(void)
{
	struct account a;
	int rc = account_init(&a, 1, -5);

	CT_REQUIRE(rc == EINVAL,
		   "account_init with balance -5 returned %d, "
		   "not EINVAL",
		   rc);
}

/* "EINVAL when amount < 0 ... nothing moves" */
static void negative_amount(void)
{
	struct account a, b;
	int rc;

	setup(&a, 1, 100);
	setup(&b, 2, 100);
	rc = transfer(&a, &b, -10);
	CT_REQUIRE(rc == EINVAL, "a transfer of -10 returned %d, not EINVAL",
		   rc);
	CT_REQUIRE(account_balance(&a) == 100 && account_balance(&b) == 100,
		   "a refused transfer moved money: %ld and %ld (want 100 and "
		   "100)",
		   account_balance(&a), account_balance(&b));
	account_destroy(&a);
	account_destroy(&b);
}

/* "ERANGE when from's balance is less than amount (insufficient funds):
 * nothing moves"; and exactly enough is enough. */
static void insufficient_funds(void)
{
	struct account a, b;
	int rc;

	setup(&a, 1, 30);
	setup(&b, 2, 0);
	rc = transfer(&a, &b, 31);
	CT_REQUIRE(rc == ERANGE,
		   "31 from an account holding 30 returned %d, "
		   "not ERANGE",
		   rc);
	CT_REQUIRE(account_balance(&a) == 30 && account_balance(&b) == 0,
		   "a refused transfer moved money: %ld and %ld (want 30 and "
		   "0)",
		   account_balance(&a), account_balance(&b));
	rc = transfer(&a, &b, 30);
	CT_REQUIRE(rc == 0 && account_balance(&a) == 0 &&
		       account_balance(&b) == 30,
		   "moving all 30 of 30: returned %d, balances %ld and %ld "
		   "(want 0, 0 and 30)",
		   rc, account_balance(&a), account_balance(&b));
	account_destroy(&a);
	account_destroy(&b);
}

/* "0 on success": the money moves. */
static void moves(void)
{
	struct account a, b;
	int rc;

	setup(&a, 1, 100);
	setup(&b, 2, 5);
	rc = transfer(&a, &b, 40);
	CT_REQUIRE(rc == 0 && account_balance(&a) == 60 &&
		       account_balance(&b) == 45,
		   "40 from 100 to 5: returned %d, balances %ld and %ld (want "
		   "0, 60 and 45)",
		   rc, account_balance(&a), account_balance(&b));
	rc = transfer(&b, &a, 45);
	CT_REQUIRE(rc == 0 && account_balance(&a) == 105 &&
		       account_balance(&b) == 0,
		   "the other direction: returned %d, balances %ld and %ld", rc,
		   account_balance(&a), account_balance(&b));
	account_destroy(&a);
	account_destroy(&b);
}

/* "A transfer from an account to itself is allowed: it checks the funds
 * like any other and leaves the balance unchanged." (A second lock of the
 * same default mutex hangs: the unit check's timeout says so.) */
static void same_account(void)
{
	struct account a;
	int rc;

	setup(&a, 1, 100);
	rc = transfer(&a, &a, 60);
	CT_REQUIRE(rc == 0 && account_balance(&a) == 100,
		   "60 from an account to itself: returned %d, balance %ld "
		   "(want 0 and 100)",
		   rc, account_balance(&a));
	rc = transfer(&a, &a, 101);
	CT_REQUIRE(rc == ERANGE && account_balance(&a) == 100,
		   "101 from an account holding 100 to itself: returned %d, "
		   "balance %ld (want ERANGE and 100)",
		   rc, account_balance(&a));
	account_destroy(&a);
}

struct obs {
	struct account *a, *b;
	long amount;
	int rc;
};

static void *mover(void *p)
{
	struct obs *o = p;

	o->rc = account_transfer(o->a, o->b, o->amount);
	return NULL;
}

/* "no account_ call in another thread sees the money in both accounts or
 * in neither": once a read shows the transfer done (a empty, or b full),
 * every later read of the other account must show it done too. A split
 * transfer (take from one, unlock, add to the other) fails this under some
 * schedule; explored under the sched build. */
static void observer(void)
{
	struct account a, b;
	struct obs o = {&a, &b, 100, -1};
	bool done_a = false, done_b = false;
	pthread_t t;

	setup(&a, 1, 100);
	setup(&b, 2, 0);
	t = ct_spawn(mover, &o);
	for (int i = 0; i < 3; i++) {
		long x = account_balance(&a);

		CT_REQUIRE(x == 100 || x == 0, "a read %ld mid-transfer", x);
		CT_REQUIRE(!(done_b && x == 100),
			   "b already held the money, yet a still held it "
			   "too (the money in both accounts)");
		done_a = x == 0;
		x = account_balance(&b);
		CT_REQUIRE(x == 100 || x == 0, "b read %ld mid-transfer", x);
		CT_REQUIRE(!(done_a && x == 0),
			   "a was already empty, yet b did not hold the "
			   "money (the money in neither account)");
		done_b = x == 100;
	}
	ct_join(t);
	CT_REQUIRE(o.rc == 0 && account_balance(&a) == 0 &&
		       account_balance(&b) == 100,
		   "the transfer returned %d; balances %ld and %ld", o.rc,
		   account_balance(&a), account_balance(&b));
	account_destroy(&a);
	account_destroy(&b);
}

/* "never negative" with "any number of threads at once, on any pairs":
 * two transfers race for the same 100; exactly one may win. */
static void no_overdraft(void)
{
	struct account a, b, c;
	struct obs o1 = {&a, &b, 100, -1}, o2 = {&a, &c, 100, -1};
	pthread_t t1, t2;

	setup(&a, 1, 100);
	setup(&b, 2, 0);
	setup(&c, 3, 0);
	t1 = ct_spawn(mover, &o1);
	t2 = ct_spawn(mover, &o2);
	ct_join(t1);
	ct_join(t2);
	CT_REQUIRE(account_balance(&a) >= 0, "a went negative: %ld",
		   account_balance(&a));
	CT_REQUIRE((o1.rc == 0) + (o2.rc == 0) == 1 &&
		       (o1.rc == ERANGE || o2.rc == ERANGE),
		   "two transfers of all 100: returned %d and %d (want one "
		   "0 and one ERANGE)",
		   o1.rc, o2.rc);
	CT_REQUIRE(
	    account_balance(&a) + account_balance(&b) + account_balance(&c) ==
		100,
	    "money created or lost: %ld + %ld + %ld", account_balance(&a),
	    account_balance(&b), account_balance(&c));
	account_destroy(&a);
	account_destroy(&b);
	account_destroy(&c);
}

static const struct ct_check checks[] = {
    {"init-balance", init_balance},
    {"init-negative", init_negative},
    {"negative-amount", negative_amount},
    {"insufficient-funds", insufficient_funds},
    {"moves", moves},
    {"same-account", same_account},
    {"observer", observer},
    {"no-overdraft", no_overdraft},
};

CT_MAIN(checks)
