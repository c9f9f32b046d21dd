/*
 * rwlock.h - the contract of case `rwlock`: a readers-writer lock built from
 * one mutex and two condition variables (the seed's ReadWriteLock).
 *
 * Implemented twice with the same symbols: bad/rwlock.c (the reader count is
 * updated after the mutex is dropped) and good/rwlock.c. The driver
 * (driver.c) has readers check a two-field record that writers change under
 * the write lock, and counts readers that overtook a waiting writer.
 *
 * Fairness policy: writer-preferring. From the moment a writer is blocked in
 * rwl_wrlock, no reader is admitted until that writer has had the lock, so a
 * stream of readers cannot starve a writer. The price: a stream of writers
 * can starve readers. Ownership is not tracked: any thread may unlock a hold
 * taken by another (as with a semaphore).
 *
 * Every function may be called by any number of threads at once, except
 * rwl_create and rwl_destroy. Errors are returned as errno values.
 */
#ifndef RACELAB_RWLOCK_H
#define RACELAB_RWLOCK_H

struct rwl;

/* A new unlocked lock, or NULL with errno set. Not thread-safe: call it
 * before sharing the lock. */
struct rwl *rwl_create(void);

/* Free the lock. The caller guarantees it is unlocked and that no thread
 * still uses it. */
void rwl_destroy(struct rwl *l);

/* Block until no writer holds the lock and none is waiting, then hold it for
 * reading, possibly together with other readers. 0, or an errno value. On
 * return, everything written before the last rwl_wrunlock is visible. */
int rwl_rdlock(struct rwl *l);

/* Like rwl_rdlock but never blocks: EBUSY when a writer holds the lock or
 * waits for it (writer preference holds for the try form too). */
int rwl_tryrdlock(struct rwl *l);

/* Give up one read hold. EPERM when no reader holds the lock. */
int rwl_rdunlock(struct rwl *l);

/* Block until no reader and no writer holds the lock, then hold it alone.
 * From entry until it returns, the caller counts as a waiting writer and new
 * readers are held back. 0, or an errno value. */
int rwl_wrlock(struct rwl *l);

/* Like rwl_wrlock but never blocks: EBUSY when anyone holds the lock. */
int rwl_trywrlock(struct rwl *l);

/* Give up the write hold. EPERM when no writer holds the lock. */
int rwl_wrunlock(struct rwl *l);

/*
 * How many writers are blocked in rwl_wrlock, read under the lock's mutex: a
 * monitoring snapshot (like Java's getQueueLength), exact at some instant
 * during the call and possibly stale when it returns (minus an errno value if
 * the mutex could not be taken). The driver uses it to count readers that
 * overtook a writer already known to be waiting.
 */
int rwl_waiting_writers(struct rwl *l);

#endif
