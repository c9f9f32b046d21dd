/*
 * once.h - the contract of case `once`: lazy initialization. An object is
 * built the first time some thread asks for it, by that thread, and every
 * thread gets the same, fully built object.
 *
 * Implemented twice with the same symbols: bad/once.c (double-checked
 * locking on a plain pointer) and good/once.c (double-checked locking with
 * an acquire/release atomic pointer). The driver (driver.c) races threads
 * to the first lazy_get and checks every field of what each one got.
 *
 * For one global object, pthread_once() is the simplest correct tool; it
 * takes no argument, so this per-object interface uses the same protocol
 * pthread_once uses inside (a fast-path acquire load, a locked slow path).
 */
#ifndef RACELAB_ONCE_H
#define RACELAB_ONCE_H

#include <stddef.h>

/* Fills the zeroed object obj (size bytes) from arg. Called at most once
 * per lazy, while no other thread can see obj. */
typedef void (*lazy_build_fn)(void *obj, void *arg);

struct lazy;

/* A lazy object of size bytes, built by build(obj, arg) on first use; or
 * NULL with errno set. Not thread-safe: call it before sharing. */
struct lazy *lazy_create(size_t size, lazy_build_fn build, void *arg);

/* Free the lazy and its object. The caller guarantees no thread still uses
 * either. */
void lazy_destroy(struct lazy *l);

/*
 * The object, built by the first caller if need be. Any number of threads
 * may call it at once: build runs once, every caller gets the same pointer,
 * and every write build made is visible through it. NULL with errno ENOMEM
 * when it could not be allocated (a later call tries again).
 */
const void *lazy_get(struct lazy *l);

#endif
