/*
 * counter.h - the contract of case `counter`: a shared integer counter.
 *
 * Implemented twice with the same symbols: bad/counter.c (no lock) and
 * good/counter.c (a mutex). The driver (driver.c) increments from several
 * threads and checks final == threads x iterations.
 */
#ifndef RACELAB_COUNTER_H
#define RACELAB_COUNTER_H

struct counter;

/* A new counter at 0, or NULL with errno set. Not thread-safe: call it
 * before sharing the counter. */
struct counter *counter_create(void);

/* Free the counter. The caller guarantees no thread still uses it. */
void counter_destroy(struct counter *c);

/* Add one. May be called by any number of threads at once; no increment may
 * be lost. The caller needs no lock of its own. */
void counter_increment(struct counter *c);

/* The current value. May race with increments; exact once they have all
 * been joined (pthread_join orders them before this call). */
long counter_get(struct counter *c);

#endif
