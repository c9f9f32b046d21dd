/*
 * condvar-c11.c - correct but unusual: the latch with C11 <threads.h>
 * (mtx_t, cnd_t): the predicate under the mutex, a while loop, broadcast.
 * Must score full marks (TSan sees mtx_* and cnd_* through
 * harness/tsan/c11threads.c, as for counter-c11mtx.c).
 * GRADE: full
 */
#include "condvar.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <threads.h>

struct latch {
	mtx_t m; /* guards open */
	cnd_t c;
	bool open;
};

struct latch *latch_create(void)
{
	struct latch *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if (mtx_init(&l->m, mtx_plain) != thrd_success)
		goto fail;
	if (cnd_init(&l->c) != thrd_success)
		goto fail_mtx;
	return l;
fail_mtx:
	mtx_destroy(&l->m);
fail:
	free(l);
	errno = ENOMEM;
	return NULL;
}

void latch_destroy(struct latch *l)
{
	cnd_destroy(&l->c);
	mtx_destroy(&l->m);
	free(l);
}

int latch_post(struct latch *l)
{
	if (mtx_lock(&l->m) != thrd_success)
		return EINVAL;
	l->open = true;
	cnd_broadcast(&l->c);
	mtx_unlock(&l->m);
	return 0;
}

int latch_wait(struct latch *l)
{
	if (mtx_lock(&l->m) != thrd_success)
		return EINVAL;
	while (!l->open)
		cnd_wait(&l->c, &l->m);
	mtx_unlock(&l->m);
	return 0;
}
