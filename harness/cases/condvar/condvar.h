/*
 * condvar.h - the contract of case `condvar`: a one-shot latch (an event),
 * the smallest thing built on a condition variable: some threads wait
 * until another thread says "go".
 *
 * Implemented twice with the same symbols: bad/condvar.c (the predicate is
 * set and the waiters woken without the mutex, and the waiter tests it with
 * `if`) and good/condvar.c (predicate under the mutex, `while`). The driver
 * (driver.c) plays ping-pong on a fresh pair of latches each round and
 * checks that every waiter wakes, and sees the message posted before.
 *
 * Errors are returned as errno values.
 */
#ifndef RACELAB_CONDVAR_H
#define RACELAB_CONDVAR_H

struct latch;

/* A new, closed latch, or NULL with errno set. Not thread-safe: call it
 * before sharing the latch. */
struct latch *latch_create(void);

/* Free it. The caller guarantees that no thread waits on it or is still
 * inside latch_post (join the threads first). */
void latch_destroy(struct latch *l);

/* Open the latch: wake every waiter, and let every later latch_wait return
 * at once. Any thread, any time; posting twice is harmless. Everything the
 * poster did before latch_post is visible to a waiter when latch_wait
 * returns. */
int latch_post(struct latch *l);

/* Block until the latch is open (return at once if it already is). Any
 * number of threads may wait. Never returns early: not on a spurious
 * wakeup, not before latch_post. */
int latch_wait(struct latch *l);

#endif
