/*
 * A signal handler as the waker, under the sched build: alarm() fires a
 * handler that posts the semaphore main waits on. Timer signals are not
 * modelled, so the runtime cannot judge the wait; it must say so (exit 8),
 * never call a correct program deadlocked.
 */
// RUN: racelab scan --tool sched --runs 3 %s
// EXIT: 8
// CHECK: could not judge
// CHECK: timer signal
// CHECK-NOT: DEADLOCK
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <unistd.h>

static sem_t s;

static void on_alarm(int sig)
{
	(void)sig;
	sem_post(&s);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	sem_init(&s, 0, 0);
	alarm(1);
	while (sem_wait(&s) != 0)
		;
	return 0;
}
