/*
 * memorder.h - the contract of case `memorder`: the store-buffering litmus
 * test, the core of Dekker's and Peterson's mutual exclusion.
 *
 * Two flags x and y start at 0. One thread runs sb_left (x = 1, then read
 * y), the other sb_right (y = 1, then read x), at the same time. Under
 * sequential consistency one of the stores comes first in a single total
 * order, so at least one thread reads 1: the outcome (0,0) is forbidden.
 * That is what Dekker's algorithm relies on ("I raised my flag, yours is
 * down, so I may enter").
 *
 * bad/memorder.c uses relaxed atomics: no data race, and (0,0) allowed by
 * C11 and produced by x86's store buffer. good/memorder.c uses seq_cst.
 * The driver (driver.c) runs many trials and prints the outcome histogram.
 * docs/memorder.md explains why TSan, Helgrind and a sequentially
 * consistent scheduler cannot see this bug.
 */
#ifndef RACELAB_MEMORDER_H
#define RACELAB_MEMORDER_H

struct sb;

/* New flags, both 0, or NULL with errno set. */
struct sb *sb_create(void);

/* Free them. The caller guarantees no thread still uses them. */
void sb_destroy(struct sb *s);

/* Set x = y = 0 for the next trial. Only between trials, while neither
 * sb_left nor sb_right runs; the caller orders it before the next trial. */
void sb_reset(struct sb *s);

/* x = 1, then return y. Runs concurrently with sb_right; no lock needed:
 * every access is atomic, so there is no data race in either variant. The
 * contract that matters: sb_left and sb_right never both return 0. */
int sb_left(struct sb *s);

/* y = 1, then return x. */
int sb_right(struct sb *s);

#endif
