/*
 * Defect 26: one thread sleeps and then sets a flag; main spins on the flag
 * with sched_yield (and, in the second thread, with plain atomic loads). A
 * sleep's timeout used to fire only when no other thread could run, so the
 * sleeper never woke and the run ended as a false livelock (step bound). A
 * timed wait must become possible once the others only spin.
 */
// RUN: racelab scan --tool sched --runs 50 %s
// EXIT: 0
// CHECK: nothing found
// CHECK-NOT: step-bound
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static atomic_int ready, ready2;

static void *sleeper(void *arg)
{
	(void)arg;
	usleep(1000);
	atomic_store(&ready, 1);
	return NULL;
}

static void *sleeper2(void *arg)
{
	struct timespec ts = {0, 1000000};

	(void)arg;
	nanosleep(&ts, NULL);
	atomic_store(&ready2, 1);
	return NULL;
}

static void *spinner(void *arg)
{
	(void)arg;
	while (!atomic_load(&ready2))
		; /* no yield: only atomic loads */
	return NULL;
}

int main(void)
{
	pthread_t a, b, c;

	pthread_create(&a, NULL, sleeper, NULL);
	while (!atomic_load(&ready))
		sched_yield();
	pthread_create(&b, NULL, sleeper2, NULL);
	pthread_create(&c, NULL, spinner, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_join(c, NULL);
	return 0;
}
