/*
 * Defect 3: every thread blocked with no lock cycle is not a deadlock while a
 * signal can still end the wait: here alarm(1) fires a handler that
 * sem_posts. The native watchdog must let the program finish (exit 0).
 */
// BUILD: plain
// RUN: racelab scan --tool native -- %b
// EXIT: 0
// CHECK-NOT: deadlock
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sem_t ring;

static void on_alarm(int sig)
{
	(void)sig;
	sem_post(&ring); /* async-signal-safe */
}

static void *waiter(void *arg)
{
	(void)arg;
	while (sem_wait(&ring) != 0)
		;
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	pthread_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	sem_init(&ring, 0, 0);
	pthread_create(&t, NULL, waiter, NULL);
	alarm(1);
	pthread_join(t, NULL);
	puts("woken by the alarm");
	return 0;
}
