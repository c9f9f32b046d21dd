/*
 * C11 <threads.h>: call_once, mtx_lock and cnd_wait in a while loop; both
 * workers count under the mutex and main waits for the count with cnd_wait.
 */
// RUN: racelab scan --tool sched --runs 500 %s
// EXIT: 0
// CHECK-NOT: FAIL
#include <assert.h>
#include <threads.h>

static once_flag once = ONCE_FLAG_INIT;
static mtx_t m;
static cnd_t cv;
static int count, inits;

static void init(void)
{
	inits++;
}

static int worker(void *arg)
{
	(void)arg;
	call_once(&once, init);
	mtx_lock(&m);
	count++;
	cnd_signal(&cv);
	mtx_unlock(&m);
	return 0;
}

int main(void)
{
	thrd_t a, b;

	mtx_init(&m, mtx_plain);
	cnd_init(&cv);
	thrd_create(&a, worker, NULL);
	thrd_create(&b, worker, NULL);
	mtx_lock(&m);
	while (count < 2)
		cnd_wait(&cv, &m);
	mtx_unlock(&m);
	thrd_join(a, NULL);
	thrd_join(b, NULL);
	assert(inits == 1);
	return 0;
}
