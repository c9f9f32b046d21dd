/*
 * Defect 28 (correct program): C11 mutex, condition variable, call_once and
 * thread-specific storage, all modelled. A producer hands values to a
 * consumer; a schedule never deadlocks and the sum is always right.
 */
// RUN: racelab scan --tool sched --runs 200 %s
// EXIT: 0
// CHECK: nothing found
#include <assert.h>
#include <stdlib.h>
#include <threads.h>

static mtx_t m;
static cnd_t cv;
static once_flag once = ONCE_FLAG_INIT;
static tss_t scratch;
static int slot, full, sum, inits;

static void init(void)
{
	inits++;
}

static int consumer(void *arg)
{
	(void)arg;
	call_once(&once, init);
	tss_set(scratch, malloc(4));
	for (int i = 0; i < 3; i++) {
		mtx_lock(&m);
		while (!full)
			cnd_wait(&cv, &m);
		sum += slot;
		full = 0;
		cnd_broadcast(&cv);
		mtx_unlock(&m);
	}
	return 7;
}

int main(void)
{
	thrd_t t;
	int res = 0;

	mtx_init(&m, mtx_plain);
	cnd_init(&cv);
	tss_create(&scratch, free);
	thrd_create(&t, consumer, NULL);
	call_once(&once, init);
	for (int i = 1; i <= 3; i++) {
		mtx_lock(&m);
		while (full)
			cnd_wait(&cv, &m);
		slot = i;
		full = 1;
		cnd_signal(&cv);
		mtx_unlock(&m);
	}
	thrd_join(t, &res);
	assert(sum == 6 && res == 7 && inits == 1);
	return 0;
}
