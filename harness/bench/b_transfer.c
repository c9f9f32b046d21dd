/*
 * b_transfer.c - bench `transfer`: N threads move money between 8 accounts
 * (random pairs, 1..4 units, refused when the balance is short) for a fixed
 * time, four ways:
 *   single       one thread, plain balances
 *   mutex        good/transfer.c: a lock per account, taken in id order
 *   global-lock  one mutex around every transfer
 *   actor        one bank thread owns the balances; the others mail it
 *                transfer orders through good/queue.c (capacity 1024)
 * Each run checks that money was neither made nor lost, and no balance
 * went negative.
 */
#include "bench.h"
#include "queue.h"
#include "transfer.h"

#include <errno.h>
#include <stdlib.h>

#define ACCOUNTS 8
#define OPENING	 1000

struct bank {
	struct account acct[ACCOUNTS]; /* mutex: each with its lock */
	long plain[ACCOUNTS];	       /* single, global-lock, actor */
	pthread_mutex_t global;	       /* global-lock */
	struct bq *mailbox;	       /* actor */
	atomic_int senders_left;       /* actor */
};

struct tthread {
	struct bench_team *team;
	struct bank *bank;
	unsigned rng;
	long n;
	_Alignas(64) char pad[64];
};

/* One random order: from != to, amount 1..4. xorshift32, per thread. */
static void order(unsigned *s, int *from, int *to, long *amount)
{
	unsigned r;

	*s ^= *s << 13, *s ^= *s >> 17, *s ^= *s << 5;
	r = *s;
	*from = (int)(r % ACCOUNTS);
	*to = (*from + 1 + (int)((r >> 8) % (ACCOUNTS - 1))) % ACCOUNTS;
	*amount = 1 + (long)((r >> 16) % 4);
}

/* The transfer on plain balances; its caller makes it exclusive. */
static void plain_transfer(long *bal, int from, int to, long amount)
{
	if (bal[from] >= amount)
		bal[from] -= amount, bal[to] += amount;
}

static void *single_worker(void *arg)
{
	struct tthread *t = arg;
	long amount;
	int from, to;

	bench_team_go(t->team);
	for (; !bench_stopped(t->team); t->n++) {
		order(&t->rng, &from, &to, &amount);
		plain_transfer(t->bank->plain, from, to, amount);
	}
	return NULL;
}

static void *mutex_worker(void *arg)
{
	struct tthread *t = arg;
	long amount;
	int from, to, rc;

	bench_team_go(t->team);
	for (; !bench_stopped(t->team); t->n++) {
		order(&t->rng, &from, &to, &amount);
		rc = account_transfer(&t->bank->acct[from], &t->bank->acct[to],
				      amount);
		if (rc != 0 && rc != ERANGE)
			abort(); /* the contract allows no other error */
	}
	return NULL;
}

static void *global_worker(void *arg)
{
	struct tthread *t = arg;
	long amount;
	int from, to;

	bench_team_go(t->team);
	for (; !bench_stopped(t->team); t->n++) {
		order(&t->rng, &from, &to, &amount);
		pthread_mutex_lock(&t->bank->global);
		plain_transfer(t->bank->plain, from, to, amount);
		pthread_mutex_unlock(&t->bank->global);
	}
	return NULL;
}

/* ------------------------------------------------------------ actor */
static void *actor_sender(void *arg)
{
	struct tthread *t = arg;
	struct bank *b = t->bank;
	long amount;
	int from, to;

	bench_team_go(t->team);
	for (; !bench_stopped(t->team); t->n++) {
		order(&t->rng, &from, &to, &amount);
		if (bq_put_blocking(b->mailbox,
				    amount << 16 | from << 8 | to) != 0)
			break;
	}
	/* acq_rel: the last sender closes after every other sender's puts */
	if (atomic_fetch_sub_explicit(&b->senders_left, 1,
				      memory_order_acq_rel) == 1)
		bq_close(b->mailbox);
	return NULL;
}

static void *actor_bank(void *arg)
{
	struct bank *b = arg;
	long m;

	while (bq_get_blocking(b->mailbox, &m) == 0)
		plain_transfer(b->plain, (int)(m >> 8 & 0xff), (int)(m & 0xff),
			       m >> 16);
	return NULL;
}

/* --------------------------------------------------------- the runs */
enum how { SINGLE, MUTEX, GLOBAL, ACTOR };

static int bank_open(struct bank *b, enum how how, int senders)
{
	for (int i = 0; i < ACCOUNTS; i++) {
		b->plain[i] = OPENING;
		if (account_init(&b->acct[i], i, OPENING) != 0)
			return -1;
	}
	atomic_init(&b->senders_left, senders);
	if (pthread_mutex_init(&b->global, NULL) != 0)
		return -1;
	if (how == ACTOR && (b->mailbox = bq_create(1024)) == NULL)
		return -1;
	return 0;
}

/* Money is neither made nor lost, and no balance is negative. */
static int audit(struct bank *b, enum how how, char *why)
{
	long sum = 0;

	for (int i = 0; i < ACCOUNTS; i++) {
		long v =
		    how == MUTEX ? account_balance(&b->acct[i]) : b->plain[i];

		if (v < 0)
			return bench_why(why, BENCH_BROKEN,
					 "account %d is at %ld", i, v);
		sum += v;
		account_destroy(&b->acct[i]);
	}
	pthread_mutex_destroy(&b->global);
	if (sum != (long)ACCOUNTS * OPENING)
		return bench_why(why, BENCH_BROKEN,
				 "the accounts hold %ld, not %ld", sum,
				 (long)ACCOUNTS * OPENING);
	return 0;
}

static int transfer_run(const struct bench_cfg *cfg, const void *arg,
			double *value, char *why)
{
	static void *(*const workers[])(void *) = {single_worker, mutex_worker,
						   global_worker, actor_sender};
	enum how how = *(const enum how *)arg;
	int n = how == SINGLE ? 1 : cfg->threads;
	struct bank b = {0};
	struct bench_team team;
	struct tthread th[64];
	pthread_t bank_thread;
	double secs;
	long total = 0;
	int rc;

	if (bank_open(&b, how, n) != 0 ||
	    (how == ACTOR &&
	     pthread_create(&bank_thread, NULL, actor_bank, &b) != 0))
		return bench_why(why, -1, "cannot open the bank");
	for (int i = 0; i < n && i < 64; i++)
		th[i] = (struct tthread){
		    .team = &team, .bank = &b, .rng = 2463534242u + 977u * i};
	secs = bench_team_run(&team, n, workers[how], th, sizeof(*th),
			      cfg->seconds, why);
	if (how == ACTOR) {
		pthread_join(bank_thread, NULL); /* it drains the mailbox */
		bq_destroy(b.mailbox);
	}
	if (secs < 0)
		return -1;
	if ((rc = audit(&b, how, why)) != 0)
		return rc;
	for (int i = 0; i < n && i < 64; i++)
		total += th[i].n;
	*value = (double)total / secs;
	return 0;
}

static const enum how hows[] = {SINGLE, MUTEX, GLOBAL, ACTOR};

static const struct bench_impl impls[] = {
    {"single", NULL, true, transfer_run, &hows[0]},
    {"mutex", NULL, true, transfer_run, &hows[1]},
    {"global-lock", NULL, true, transfer_run, &hows[2]},
    {"actor", NULL, true, transfer_run, &hows[3]},
};

const struct bench bench_transfer = {
    "transfer", "N threads move money between 8 accounts",
    "xfer/s",	true,
    true,	4,
    false,	impls,
    4};
