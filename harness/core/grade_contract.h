/*
 * grade_contract.h - the scaffolding of a case's contract checks
 * (harness/cases/CASE/contract.c), linked with a submission by the grader.
 * Room: harness/core, beside grade.c; nothing else includes it.
 *
 * A contract.c lists its checks, one function per promise of CASE.h, and
 * ends with CT_MAIN(checks). Then `contract NAME` runs one check: exit 0
 * when the promise held, 3 (the drivers' invariant code, which the sched
 * build also reads as an invariant failure) with "contract: NAME: FAIL:
 * why" on stdout when it did not. `contract --list` prints the names.
 *
 * Spurious wakeups (POSIX lets pthread_cond_wait return without a signal):
 * the native contract binary is linked with --wrap=pthread_cond_wait and
 * --wrap=pthread_cond_timedwait, and while ct_spurious is set every other
 * wait of each thread returns 0 at once, the mutex still held - a valid
 * spurious wakeup. A wait guarded by `if` instead of `while` then returns
 * early, every time. The sched build has its own wrappers (CT_SCHED).
 */
#ifndef RACELAB_GRADE_CONTRACT_H
#define RACELAB_GRADE_CONTRACT_H

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct ct_check {
	const char *name;
	void (*fn)(void);
};

static const char *ct_current = "?";

__attribute__((noreturn, format(printf, 1, 2))) static void
ct_fail(const char *fmt, ...)
{
	va_list ap;

	printf("contract: %s: FAIL: ", ct_current);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(3);
}

/* Fail unless cond; the message names what the header promised. */
#define CT_REQUIRE(cond, ...)                                                  \
	do {                                                                   \
		if (!(cond))                                                   \
			ct_fail(__VA_ARGS__);                                  \
	} while (0)

/* A pthread call of the check itself that must work. */
#define CT_PTHREAD(call)                                                       \
	do {                                                                   \
		int ct_rc_ = (call);                                           \
		if (ct_rc_ != 0)                                               \
			ct_fail("%s failed: %s (the check could not run)",     \
				#call, strerror(ct_rc_));                      \
	} while (0)

static atomic_int ct_spurious;	    /* inject spurious wakeups now */
static atomic_long ct_waits;	    /* condvar waits entered */
static atomic_long ct_spurs;	    /* spurious wakeups injected */
static atomic_long ct_polls;	    /* sleep/yield calls of threads but main */
static atomic_int ct_fail_allocs;   /* fail this many more allocations */
static atomic_long ct_live_bytes;   /* held, native build: see below */
static void *_Atomic ct_free_watch; /* set ct_freed when this is freed */
static atomic_int ct_freed;

/* Every allocation fails from now on (on = 1), or none (0): for checks of
 * "NULL with errno set" and "ENOMEM", which must hold for whichever
 * allocation runs out (the native build only, like the wrappers below). */
static inline void ct_alloc_fail(int on)
{
	atomic_store(&ct_fail_allocs, on ? 1 << 30 : 0);
}

#ifndef CT_SCHED
int __real_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int __real_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *t);

/* Every other wait of a thread wakes spuriously while ct_spurious is set. */
static int ct_spurious_now(void)
{
	static _Thread_local unsigned n;

	atomic_fetch_add(&ct_waits, 1);
	if (!atomic_load(&ct_spurious) || (n++ & 1) != 0)
		return 0;
	atomic_fetch_add(&ct_spurs, 1);
	return 1;
}

int __wrap_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int __wrap_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (ct_spurious_now())
		return 0;
	return __real_pthread_cond_wait(c, m);
}

int __wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *t);
int __wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				  const struct timespec *t)
{
	if (ct_spurious_now())
		return 0;
	return __real_pthread_cond_timedwait(c, m, t);
}

/* Out of memory, on demand: the native contract binary is also linked
 * with --wrap for every allocation call a C file may make (malloc, calloc,
 * realloc, reallocarray, aligned_alloc, posix_memalign, memalign, valloc,
 * pvalloc, strdup, strndup) and for free: a correct file that allocates
 * with aligned_alloc must fail as one that uses malloc does. While
 * ct_fail_allocs > 0 an allocation fails (NULL or ENOMEM, errno ENOMEM)
 * and counts it down; a free of ct_free_watch sets ct_freed.
 *
 * They also count the bytes held (ct_live_bytes: each block's usable size,
 * added when it is handed out, taken off when it is freed or moved): an
 * exact count for leak checks, where mallinfo2 also counts the blocks
 * malloc keeps in its per-thread caches and the pieces an aligned
 * allocation splits off. A block libc allocated for itself and the
 * program frees only lowers the count (it can miss a leak, not invent
 * one). */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__real_reallocarray(void *p, size_t k, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
int __real_posix_memalign(void **pp, size_t align, size_t n);
void *__real_memalign(size_t align, size_t n);
void *__real_valloc(size_t n);
void *__real_pvalloc(size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void __real_free(void *p);

/* p was handed out (sign 1) or given back (-1): count its bytes. */
static void *ct_held(void *p, long sign)
{
	if (p != NULL)
		atomic_fetch_add(&ct_live_bytes,
				 sign * (long)malloc_usable_size(p));
	return p;
}

static int ct_alloc_fails(void)
{
	int n = atomic_load(&ct_fail_allocs);

	while (n > 0 &&
	       !atomic_compare_exchange_weak(&ct_fail_allocs, &n, n - 1))
		;
	if (n <= 0)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *__wrap_malloc(size_t n);
void *__wrap_malloc(size_t n)
{
	return ct_alloc_fails() ? NULL : ct_held(__real_malloc(n), 1);
}

void *__wrap_calloc(size_t k, size_t n);
void *__wrap_calloc(size_t k, size_t n)
{
	return ct_alloc_fails() ? NULL : ct_held(__real_calloc(k, n), 1);
}

void *__wrap_aligned_alloc(size_t align, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n)
{
	return ct_alloc_fails() ? NULL
				: ct_held(__real_aligned_alloc(align, n), 1);
}

void *__wrap_memalign(size_t align, size_t n);
void *__wrap_memalign(size_t align, size_t n)
{
	return ct_alloc_fails() ? NULL : ct_held(__real_memalign(align, n), 1);
}

void *__wrap_valloc(size_t n);
void *__wrap_valloc(size_t n)
{
	return ct_alloc_fails() ? NULL : ct_held(__real_valloc(n), 1);
}

void *__wrap_pvalloc(size_t n);
void *__wrap_pvalloc(size_t n)
{
	return ct_alloc_fails() ? NULL : ct_held(__real_pvalloc(n), 1);
}

int __wrap_posix_memalign(void **pp, size_t align, size_t n);
int __wrap_posix_memalign(void **pp, size_t align, size_t n)
{
	int rc;

	if (ct_alloc_fails())
		return ENOMEM; /* *pp untouched, as glibc leaves it */
	if ((rc = __real_posix_memalign(pp, align, n)) == 0)
		ct_held(*pp, 1);
	return rc;
}

char *__wrap_strdup(const char *s);
char *__wrap_strdup(const char *s)
{
	return ct_alloc_fails() ? NULL : ct_held(__real_strdup(s), 1);
}

char *__wrap_strndup(const char *s, size_t n);
char *__wrap_strndup(const char *s, size_t n)
{
	return ct_alloc_fails() ? NULL : ct_held(__real_strndup(s, n), 1);
}

/* realloc and reallocarray: a failure leaves p as it was (and held); a
 * success gives p back and hands out the result (glibc frees p and
 * returns NULL for size 0). */
static void *ct_moved(size_t was, void *q, int sized)
{
	if (q == NULL && sized)
		return NULL;
	atomic_fetch_sub(&ct_live_bytes, (long)was);
	return ct_held(q, 1);
}

void *__wrap_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n)
{
	size_t was = p != NULL ? malloc_usable_size(p) : 0;

	if (ct_alloc_fails())
		return NULL;
	return ct_moved(was, __real_realloc(p, n), n != 0);
}

void *__wrap_reallocarray(void *p, size_t k, size_t n);
void *__wrap_reallocarray(void *p, size_t k, size_t n)
{
	size_t was = p != NULL ? malloc_usable_size(p) : 0;

	if (ct_alloc_fails())
		return NULL;
	return ct_moved(was, __real_reallocarray(p, k, n), k != 0 && n != 0);
}

void __wrap_free(void *p);
void __wrap_free(void *p)
{
	if (p != NULL && p == atomic_load(&ct_free_watch))
		atomic_store(&ct_freed, 1);
	__real_free(ct_held(p, -1));
}

/* Polling: the native contract binary is also linked with --wrap for
 * usleep, nanosleep, clock_nanosleep and sched_yield, counted in ct_polls
 * when a thread other than main makes them (main is the check's own). */
static void ct_poll_seen(void)
{
	if (syscall(SYS_gettid) != getpid())
		atomic_fetch_add(&ct_polls, 1);
}

int __real_usleep(useconds_t us);
int __wrap_usleep(useconds_t us);
int __wrap_usleep(useconds_t us)
{
	ct_poll_seen();
	return __real_usleep(us);
}

int __real_nanosleep(const struct timespec *t, struct timespec *rem);
int __wrap_nanosleep(const struct timespec *t, struct timespec *rem);
int __wrap_nanosleep(const struct timespec *t, struct timespec *rem)
{
	ct_poll_seen();
	return __real_nanosleep(t, rem);
}

int __real_clock_nanosleep(clockid_t c, int f, const struct timespec *t,
			   struct timespec *rem);
int __wrap_clock_nanosleep(clockid_t c, int f, const struct timespec *t,
			   struct timespec *rem);
int __wrap_clock_nanosleep(clockid_t c, int f, const struct timespec *t,
			   struct timespec *rem)
{
	ct_poll_seen();
	return __real_clock_nanosleep(c, f, t, rem);
}

int __real_sched_yield(void);
int __wrap_sched_yield(void);
int __wrap_sched_yield(void)
{
	ct_poll_seen();
	return __real_sched_yield();
}
#endif

/* Sleep ms milliseconds (native unit checks only: give a thread time to
 * block; never what a verdict depends on). */
static inline void ct_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static inline pthread_t ct_spawn(void *(*fn)(void *), void *arg)
{
	pthread_t t;

	CT_PTHREAD(pthread_create(&t, NULL, fn, arg));
	return t;
}

static inline void ct_join(pthread_t t)
{
	CT_PTHREAD(pthread_join(t, NULL));
}

/* Defined by racelab's sched runtime only (rs_core.c): a check that ends
 * with status 0 before its last line was cut short by exit() in the code
 * under test (natively, the grader misses "contract: NAME: ok"). */
extern void racelab_sched_expect_end(void) __attribute__((weak));
extern void racelab_sched_end(void) __attribute__((weak));

static int ct_main(int argc, char **argv, const struct ct_check *c, size_t n)
{
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < n; i++)
			printf("%s\n", c[i].name);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[2], "spurious") == 0)
		atomic_store(&ct_spurious, 1);
	for (size_t i = 0; argc >= 2 && i < n; i++) {
		if (strcmp(argv[1], c[i].name) != 0)
			continue;
		ct_current = c[i].name;
		if (racelab_sched_expect_end != NULL)
			racelab_sched_expect_end();
		c[i].fn();
		if (racelab_sched_end != NULL)
			racelab_sched_end();
		printf("contract: %s: ok\n", c[i].name);
		return 0;
	}
	fprintf(stderr, "usage: contract CHECK [spurious] | --list\n");
	return 2;
}

#define CT_MAIN(checks)                                                        \
	int main(int argc, char **argv)                                        \
	{                                                                      \
		return ct_main(argc, argv, checks,                             \
			       sizeof(checks) / sizeof(checks[0]));            \
	}

#endif
