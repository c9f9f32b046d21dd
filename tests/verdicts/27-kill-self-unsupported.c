/*
 * Defect 27 (signals): kill() of the process itself with a handler
 * installed: the kernel runs the handler in whichever thread it picks, here
 * the one the other waits on. The model cannot schedule that: "unsupported:
 * kill ... at FILE:LINE", never a deadlock, never clean.
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 8
// CHECK: COULD NOT JUDGE
// CHECK: unsupported: kill (a signal to this process, handled) at
// CHECK: 27-kill-self-unsupported.c:42
// CHECK-NOT: DEADLOCK
// CHECK-NOT: findings
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <unistd.h>

static sem_t s;

static void on_usr1(int sig)
{
	(void)sig;
	sem_post(&s);
}

static void *waiter(void *arg)
{
	(void)arg;
	while (sem_wait(&s) != 0)
		;
	return NULL;
}

int main(void)
{
	pthread_t t;

	signal(SIGUSR1, on_usr1);
	sem_init(&s, 0, 0);
	pthread_create(&t, NULL, waiter, NULL);
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	return 0;
}
