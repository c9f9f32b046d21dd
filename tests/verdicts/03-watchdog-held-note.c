/*
 * Defect 3: a lost wakeup in a program with a signal handler installed. No
 * lock cycle, and a signal could still end the wait, so the watchdog does
 * not call a deadlock; the run ends at its time-out and says why the
 * watchdog held back.
 */
// BUILD: plain
// RUN: racelab scan --tool native --timeout 2 -- %b
// EXIT: 6
// CHECK: did not call it a deadlock
// CHECK: a handler for signal 10
// CHECK-NOT: killed process group
#include <pthread.h>
#include <signal.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	pthread_mutex_lock(&m);
	pthread_cond_wait(&never, &m); /* nobody signals it */
	pthread_mutex_unlock(&m);
	return 0;
}
