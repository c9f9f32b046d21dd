/*
 * pause.h - stop one thread at its k-th instruction inside a range of code
 * and let a partner thread take a turn meanwhile: an interleaving that a
 * bug needs, made certain instead of lucky. A tool that sees only what
 * really happens (AddressSanitizer) then sees the bug in every run.
 *
 * Room: harness/cases/common, header-only (static functions), included by a
 * driver.c (lfqueue's -m step). x86-64 Linux only (PAUSE_SUPPORTED): the
 * paused thread runs with the trap flag set, so the kernel stops it after
 * every instruction (SIGTRAP); only instructions inside [lo, hi) count.
 * Pausing there and never in libc or a sanitizer's runtime means the
 * partner cannot wait for a lock the paused thread holds.
 *
 * Protocol: pause_setup(lo, hi) once; the paused thread calls
 * pause_call_at(k, fn, arg); the partner loops
 * `while (pause_partner_wait()) { its turn; pause_partner_done(); }` until
 * pause_partner_stop(). One paused thread and one partner at a time.
 */
#ifndef RACELAB_PAUSE_H
#define RACELAB_PAUSE_H

#include "driver.h"

#if defined(__x86_64__) && defined(__linux__)
#define PAUSE_SUPPORTED 1

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#define PAUSE_TRAP_FLAG 0x100L

enum { PAUSE_IDLE, PAUSE_TURN, PAUSE_STOP };

static uintptr_t pause_lo, pause_hi; /* the code that counts: [lo, hi) */
static volatile long pause_steps, pause_target;
static atomic_int pause_cmd, pause_done;

static void pause_trap_on(void)
{
	__asm__ volatile(
	    "pushfq\n\torq %0, (%%rsp)\n\tpopfq" ::"i"(PAUSE_TRAP_FLAG)
	    : "cc", "memory");
}

static void pause_trap_off(void)
{
	__asm__ volatile(
	    "pushfq\n\tandq %0, (%%rsp)\n\tpopfq" ::"i"(~PAUSE_TRAP_FLAG)
	    : "cc", "memory");
}

/* SIGTRAP after each instruction of the paused thread: at the target, the
 * partner's whole turn happens here, and stepping ends (the rest of the
 * call, and a sanitizer's report, at full speed). Async-signal-safe:
 * atomics and sched_yield only; seq_cst, as the turn hand-over orders the
 * partner's turn before the rest of the call. */
static void pause_on_trap(int sig, siginfo_t *si, void *uctx)
{
	greg_t *regs = ((ucontext_t *)uctx)->uc_mcontext.gregs;
	uintptr_t ip = (uintptr_t)regs[REG_RIP];

	(void)sig;
	(void)si;
	if (ip < pause_lo || ip >= pause_hi || ++pause_steps != pause_target)
		return;
	atomic_store(&pause_done, 0);
	atomic_store(&pause_cmd, PAUSE_TURN);
	while (!atomic_load(&pause_done))
		sched_yield();
	regs[REG_EFL] &= ~PAUSE_TRAP_FLAG;
}

/* [lo, hi): from the lowest of own[] up to the lowest of after[] above
 * them all (the next object file's code). Dies when there is none. */
static void pause_setup(const uintptr_t *own, size_t nown,
			const uintptr_t *after, size_t nafter)
{
	struct sigaction sa;
	uintptr_t top = 0;

	pause_lo = pause_hi = UINTPTR_MAX;
	for (size_t i = 0; i < nown; i++) {
		pause_lo = own[i] < pause_lo ? own[i] : pause_lo;
		top = own[i] > top ? own[i] : top;
	}
	for (size_t i = 0; i < nafter; i++)
		if (after[i] > top && after[i] < pause_hi)
			pause_hi = after[i];
	if (pause_hi == UINTPTR_MAX)
		drv_die(1, "pause: cannot bound the code to pause in (is it "
			   "linked before the driver?)");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = pause_on_trap;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTRAP, &sa, NULL) != 0)
		drv_die(1, "sigaction: %s", strerror(errno));
}

/* fn(arg) stepped, the partner's turn at its k-th counted instruction.
 * fn's result in *rc; true when the pause happened (the call reached k). */
static bool pause_call_at(long k, int (*fn)(void *), void *arg, int *rc)
{
	pause_steps = 0;
	pause_target = k;
	pause_trap_on();
	*rc = fn(arg);
	pause_trap_off();
	return pause_steps >= k;
}

/* The partner: wait for a turn; false when told to stop. */
static bool pause_partner_wait(void)
{
	int cmd;

	while ((cmd = atomic_load(&pause_cmd)) == PAUSE_IDLE)
		sched_yield();
	return cmd == PAUSE_TURN;
}

static void pause_partner_done(void)
{
	atomic_store(&pause_cmd, PAUSE_IDLE);
	atomic_store(&pause_done, 1);
}

static void pause_partner_stop(void)
{
	atomic_store(&pause_cmd, PAUSE_STOP);
}
#else
#define PAUSE_SUPPORTED 0
#endif

#endif
