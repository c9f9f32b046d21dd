/*
 * atomic.h - the contract of case `atomic`: an atomic integer with
 * compare-and-swap, in the style of Java's AtomicInteger.
 *
 * bad/atomic.c builds compare-and-swap as check-then-act on a plain long;
 * good/atomic.c uses C11 atomics. The driver increments through a CAS loop
 * and through aint_increment_and_get from several threads and checks the sum.
 * (Prefix "aint_": the names atomic_* belong to <stdatomic.h>.)
 */
#ifndef RACELAB_ATOMIC_H
#define RACELAB_ATOMIC_H

#include <stdbool.h>

struct aint;

/* A new atomic integer holding initial, or NULL with errno set. */
struct aint *aint_create(long initial);

/* Free it. The caller guarantees no thread still uses it. */
void aint_destroy(struct aint *a);

/* The current value. Safe to call from any thread at any time. */
long aint_get(struct aint *a);

/*
 * If the value equals expected, replace it with desired and return true;
 * otherwise change nothing and return false. The comparison and the
 * replacement are one indivisible step: callers need no lock.
 */
bool aint_compare_and_swap(struct aint *a, long expected, long desired);

/* Add one and return the new value, indivisibly. */
long aint_increment_and_get(struct aint *a);

#endif
