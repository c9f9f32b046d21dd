/*
 * C11 <threads.h>: two threads increment a counter; one skips mtx_lock, so
 * an update can be lost.
 */
// RUN: racelab scan --tool sched --runs 2000 %s
// EXIT: 1
// CHECK: count == 2
#include <assert.h>
#include <threads.h>

static mtx_t m;
static int count;

static int locked(void *arg)
{
	(void)arg;
	mtx_lock(&m);
	count++;
	mtx_unlock(&m);
	return 0;
}

static int unlocked(void *arg)
{
	(void)arg;
	count++; /* error: no mtx_lock */
	return 0;
}

int main(void)
{
	thrd_t a, b;

	mtx_init(&m, mtx_plain);
	thrd_create(&a, locked, NULL);
	thrd_create(&b, unlocked, NULL);
	thrd_join(a, NULL);
	thrd_join(b, NULL);
	assert(count == 2);
	return 0;
}
