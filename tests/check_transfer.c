/*
 * check_transfer.c - the good transfer keeps its contract (conservation
 * under threads, insufficient funds, a transfer to the same account), and
 * the native deadlock watchdog catches a real hang, names the cycle and
 * kills the process group, in bounded time.
 *
 * Room: tests/, owned with case transfer and harness/core/watchdog.c. The
 * watchdog tests run build/fixtures/abba_native (tests/fixtures/deadlock/,
 * built by harness/cases/transfer/case.mk), which hangs deterministically:
 * nothing here depends on timing luck. RACELAB_BUILD overrides "build",
 * RACELAB_FIXTURES overrides "tests/fixtures".
 */
// links: good/transfer.c
#include "testlib.h"
#include "transfer.h"
#include "watchdog.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ good/ */

static struct account bank[3];

static void open_accounts(long balance)
{
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(account_init(&bank[i], i, balance), 0);
}

static void close_accounts(void)
{
	for (int i = 0; i < 3; i++)
		account_destroy(&bank[i]);
}

START_TEST(transfer_moves_money)
{
	open_accounts(100);
	ck_assert_int_eq(account_transfer(&bank[0], &bank[1], 30), 0);
	ck_assert_int_eq(account_balance(&bank[0]), 70);
	ck_assert_int_eq(account_balance(&bank[1]), 130);
	/* against the id order too */
	ck_assert_int_eq(account_transfer(&bank[2], &bank[0], 5), 0);
	ck_assert_int_eq(account_balance(&bank[2]), 95);
	ck_assert_int_eq(account_balance(&bank[0]), 75);
	close_accounts();
}
END_TEST

START_TEST(insufficient_funds_move_nothing)
{
	open_accounts(100);
	ck_assert_int_eq(account_transfer(&bank[0], &bank[1], 101), ERANGE);
	ck_assert_int_eq(account_balance(&bank[0]), 100);
	ck_assert_int_eq(account_balance(&bank[1]), 100);
	ck_assert_int_eq(account_transfer(&bank[1], &bank[0], -1), EINVAL);
	ck_assert_int_eq(account_balance(&bank[1]), 100);
	/* exactly the balance is enough */
	ck_assert_int_eq(account_transfer(&bank[0], &bank[1], 100), 0);
	ck_assert_int_eq(account_balance(&bank[0]), 0);
	ck_assert_int_eq(account_transfer(&bank[0], &bank[1], 1), ERANGE);
	ck_assert_int_eq(account_init(&bank[0], 9, -5), EINVAL);
	close_accounts();
}
END_TEST

START_TEST(same_account_is_handled)
{
	/* A default mutex locked twice by its owner hangs: the tcase
	 * timeout turns that into a failure rather than a stuck run. */
	open_accounts(100);
	ck_assert_int_eq(account_transfer(&bank[1], &bank[1], 40), 0);
	ck_assert_int_eq(account_balance(&bank[1]), 100);
	ck_assert_int_eq(account_transfer(&bank[1], &bank[1], 101), ERANGE);
	ck_assert_int_eq(account_balance(&bank[1]), 100);
	close_accounts();
}
END_TEST

#define WORKERS	  4
#define TRANSFERS 20000

/* Worker i moves money around the three accounts, half of the workers in
 * each direction, so every pair is locked in both orders. */
static void *churn(void *p)
{
	long i = (long)(intptr_t)p;

	for (long k = 0; k < TRANSFERS; k++) {
		int from = (int)((k + i) % 3);
		int to = (int)((from + (i % 2 ? 2 : 1)) % 3);
		int rc = account_transfer(&bank[from], &bank[to], 1 + k % 7);

		if (rc != 0 && rc != ERANGE)
			return (void *)"unexpected error";
	}
	return NULL;
}

START_TEST(total_conserved_under_threads)
{
	pthread_t t[WORKERS];
	long total = 0;

	open_accounts(50);
	for (long i = 0; i < WORKERS; i++)
		ck_assert_int_eq(
		    pthread_create(&t[i], NULL, churn, (void *)(intptr_t)i), 0);
	for (int i = 0; i < WORKERS; i++) {
		void *err;

		ck_assert_int_eq(pthread_join(t[i], &err), 0);
		ck_assert_msg(err == NULL, "worker %d: %s", i, (char *)err);
	}
	for (int i = 0; i < 3; i++) {
		ck_assert_int_ge(account_balance(&bank[i]), 0);
		total += account_balance(&bank[i]);
	}
	ck_assert_int_eq(total, 150);
	close_accounts();
}
END_TEST

/* ------------------------------------------------------------ watchdog */

static char *fixture_bin(void)
{
	const char *b = getenv("RACELAB_BUILD");
	static char path[512];

	snprintf(path, sizeof(path), "%s/fixtures/abba_native",
		 b ? b : "build");
	return path;
}

/* The line number of the fixture line carrying marker. */
static int marked_line(const char *marker)
{
	const char *d = getenv("RACELAB_FIXTURES");
	char path[512], line[512];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/deadlock/abba_native.c",
		 d ? d : "tests/fixtures");
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		/* the code line, not the header comment */
		if (strstr(line, marker) != NULL && strchr(line, ';') != NULL) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	ck_abort_msg("no line marked %s", marker);
	return 0;
}

/* Run the fixture in mode under the watchdog (a 10 s timeout backs it). */
static void watch(const char *mode, struct rl_watchdog *w, struct rl_proc *p)
{
	static char *argv[3];

	argv[0] = fixture_bin();
	argv[1] = (char *)mode;
	argv[2] = NULL;
	memset(p, 0, sizeof(*p));
	p->argv = argv;
	p->timeout_s = 10;
	rl_watchdog_init(w);
	ck_assert_int_eq(rl_watchdog_run(w, p), 0);
}

static void assert_has(const char *report, const char *what)
{
	ck_assert_msg(strstr(report, what) != NULL, "no \"%s\" in:\n%s", what,
		      report);
}

START_TEST(watchdog_names_the_abba_cycle)
{
	struct rl_watchdog w;
	struct rl_proc p;
	char ab[64], ba[64];

	watch("", &w, &p);
	ck_assert_msg(w.caught, "not caught; status %d, note %s", p.status,
		      w.note ? w.note : "-");
	ck_assert(p.stopped && !p.timed_out);
	ck_assert_int_eq(p.status, 128 + SIGKILL);
	ck_assert_int_eq(w.ncycle, 2);
	ck_assert_int_eq(w.nthreads, 3); /* and main, joining */
	snprintf(ab, sizeof(ab), "abba_native.c:%d in take_a_then_b()",
		 marked_line("WATCHDOG-LINE-AB"));
	snprintf(ba, sizeof(ba), "abba_native.c:%d in take_b_then_a()",
		 marked_line("WATCHDOG-LINE-BA"));
	assert_has(w.report, "waits-for cycle");
	assert_has(w.report, ab);
	assert_has(w.report, ba);
	/* lock_a by its symbol, lock_b by the fixture's legend */
	assert_has(w.report, "T1 (tid");
	assert_has(w.report, "T2 (tid");
	assert_has(w.report, "holds lock_a");
	assert_has(w.report, "waits for lock B (legend), held by T2");
	assert_has(w.report, "waits for lock_a, held by T1");
	assert_has(w.report, "to exit (pthread_join)");
	rl_watchdog_free(&w);
	rl_proc_free(&p);
}
END_TEST

START_TEST(watchdog_is_bounded)
{
	struct rl_watchdog w;
	struct rl_proc p;

	/* The hang starts within milliseconds; the watchdog needs 4 samples
	 * 25 ms apart (measured: called ~0.10 s into the run). 2 s leaves a
	 * loaded machine 20x the room and is still far below the timeout. */
	watch("", &w, &p);
	ck_assert(w.caught);
	ck_assert_msg(p.seconds < 2.0, "took %.2f s", p.seconds);
	ck_assert(w.stuck_s >= 0.05 && w.stuck_s < 2.0);
	rl_watchdog_free(&w);
	rl_proc_free(&p);
}
END_TEST

START_TEST(watchdog_kills_the_process_group)
{
	struct rl_watchdog w;
	struct rl_proc p;
	char path[64], stat[256] = "";
	const char *paren;
	int kid = 0;
	FILE *f;

	watch("fork", &w, &p);
	ck_assert(w.caught);
	ck_assert_msg(p.out != NULL &&
			  sscanf(p.out, "grandchild %d", &kid) == 1,
		      "no grandchild pid in: %s", p.out ? p.out : "(null)");
	/* The sleeping grandchild got SIGKILL: gone, or a zombie waiting
	 * for init to reap it. Never still sleeping. */
	snprintf(path, sizeof(path), "/proc/%d/stat", kid);
	if ((f = fopen(path, "r")) != NULL) {
		ck_assert(fgets(stat, sizeof(stat), f) != NULL);
		fclose(f);
		paren = strrchr(stat, ')');
		ck_assert_msg(paren != NULL && paren[2] == 'Z',
			      "grandchild %d still alive: %s", kid, stat);
	}
	ck_assert_int_eq(kill(p.pid, 0), -1); /* the child was reaped */
	rl_watchdog_free(&w);
	rl_proc_free(&p);
}
END_TEST

START_TEST(watchdog_catches_a_lost_wakeup)
{
	struct rl_watchdog w;
	struct rl_proc p;
	char lost[64];

	watch("lost", &w, &p);
	ck_assert(w.caught);
	ck_assert_int_eq(w.ncycle, 0);
	snprintf(lost, sizeof(lost), "abba_native.c:%d in wait_forever()",
		 marked_line("WATCHDOG-LINE-LOST"));
	assert_has(w.report, "no waits-for cycle");
	assert_has(w.report, "waits on no_signal");
	assert_has(w.report, lost);
	rl_watchdog_free(&w);
	rl_proc_free(&p);
}
END_TEST

START_TEST(watchdog_leaves_timed_waits_alone)
{
	struct rl_watchdog w;
	struct rl_proc p;

	/* 300 ms in a futex wait with a timeout: not a hang. */
	watch("timed", &w, &p);
	ck_assert_msg(!w.caught, "false alarm:\n%s", w.report);
	ck_assert(!p.stopped && !p.timed_out);
	ck_assert_int_eq(p.status, 0);
	ck_assert(p.seconds >= 0.29);
	rl_watchdog_free(&w);
	rl_proc_free(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("transfer");
	TCase *good = testlib_tcase("good transfer");
	TCase *dog = testlib_tcase("watchdog");

	tcase_add_test(good, transfer_moves_money);
	tcase_add_test(good, insufficient_funds_move_nothing);
	tcase_add_test(good, same_account_is_handled);
	tcase_add_test(good, total_conserved_under_threads);
	tcase_add_test(dog, watchdog_names_the_abba_cycle);
	tcase_add_test(dog, watchdog_is_bounded);
	tcase_add_test(dog, watchdog_kills_the_process_group);
	tcase_add_test(dog, watchdog_catches_a_lost_wakeup);
	tcase_add_test(dog, watchdog_leaves_timed_waits_alone);
	suite_add_tcase(s, good);
	suite_add_tcase(s, dog);
	return s;
}

TESTLIB_MAIN
