/*
 * Defect 2 (the same rule inside one schedule): a correct program whose
 * threads compute for seconds between two schedule points was reported as
 * the failing schedule "blocking" (the runtime's watchdog cannot tell
 * computing from blocking outside the model). A slow schedule is not a
 * failing one: racelab says it could not judge, with the reason, exit 8.
 */
// RUN: racelab scan --tool sched --runs 1 --timeout 60 %s
// EXIT: 8
// CHECK: could not judge
// CHECK: reached no schedule point
// CHECK-NOT: failing schedule
// TIMEOUT: 60
#include <assert.h>
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void *worker(void *arg)
{
	unsigned long x = 0;

	(void)arg;
	/* local work, minutes of it: no shared access, no schedule point */
	for (unsigned long i = 0; i < 400000000000UL; i++) {
		x += i;
		__asm__ volatile("" : "+r"(x));
	}
	pthread_mutex_lock(&lock);
	count += x != 1;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert(count == 2);
	return 0;
}
