/*
 * pool.h - the contract of case `pool`: a fixed set of worker threads
 * running submitted tasks from one FIFO queue (the seed's ThreadPool).
 *
 * Implemented twice with the same symbols: bad/pool.c (an unlocked shutdown
 * flag, workers that quit with tasks still queued, busy polling) and
 * good/pool.c. The driver (driver.c) checks that every accepted task ran
 * exactly once and that task failures are reported.
 *
 * Shutdown policy: drain. pool_shutdown refuses new tasks, lets the workers
 * run every task already accepted, joins them, and reports failures. Idle
 * workers sleep on a condition variable: they use no CPU.
 *
 * Who may call what, when:
 *   pool_submit    any thread, any number at once, tasks included; may race
 *                  with pool_shutdown (the task is then either accepted and
 *                  run, or refused with ESHUTDOWN, never lost)
 *   pool_shutdown  once, from one thread that is not a task of this pool
 *   pool_create, pool_destroy  one thread, with nothing else using the pool
 */
#ifndef RACELAB_POOL_H
#define RACELAB_POOL_H

struct pool;

/* A task: returns 0 on success or an errno value, which pool_shutdown
 * reports. It runs on some worker thread, once. */
typedef int (*pool_task_fn)(void *arg);

/* A pool of nworkers running threads (nworkers >= 1), or NULL with errno
 * set (EINVAL, ENOMEM, or pthread_create's error). */
struct pool *pool_create(int nworkers);

/* Queue fn(arg) to run once on some worker. 0 when accepted: it will run
 * before pool_shutdown returns. ESHUTDOWN once pool_shutdown has begun
 * (the task will never run), ENOMEM when no memory. Everything the caller
 * did before a successful submit is visible to the task. */
int pool_submit(struct pool *p, pool_task_fn fn, void *arg);

/*
 * Refuse new tasks, wait until every accepted task has run, join the
 * workers. Returns 0 when every task returned 0, else the first failing
 * task's error (in completion order); *failed (if not NULL) gets the number
 * of failing tasks. Everything the tasks did is visible on return. A second
 * call returns EINVAL.
 */
int pool_shutdown(struct pool *p, long *failed);

/* Free the pool, after pool_shutdown (or, if it was never shut down, shut
 * it down first and ignore task errors). */
void pool_destroy(struct pool *p);

#endif
