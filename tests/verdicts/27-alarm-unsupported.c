/*
 * Defect 27 (signals): alarm() delivers SIGALRM at a moment of real time to
 * whichever thread the kernel picks; the handler posts the semaphore main
 * waits on. The model cannot schedule the handler: it used to call this
 * correct program a lost wakeup. Now "unsupported: alarm at FILE:LINE",
 * never a finding.
 */
// RUN: racelab scan --tool sched --runs 3 %s
// EXIT: 1
// CHECK: unsupported: alarm at
// CHECK: 27-alarm-unsupported.c:30
// CHECK-NOT: DEADLOCK
// CHECK-NOT: findings
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
