/*
 * Defect 3: a mutex-owner cycle is proof of a deadlock, and is called at once
 * (exit 4), even when a signal handler is installed: no handler may unlock a
 * mutex (pthread_mutex_unlock is not async-signal-safe).
 */
// BUILD: plain
// RUN: racelab scan --tool native -- %b
// EXIT: 4
// CHECK: waits-for cycle
// TIMEOUT: 20
#include <pthread.h>
#include <signal.h>
#include <string.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both;

static void on_usr1(int sig)
{
	(void)sig;
}

static void *ab(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&a);
	pthread_barrier_wait(&both);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	return NULL;
}

static void *ba(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&b);
	pthread_barrier_wait(&both);
	pthread_mutex_lock(&a);
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	pthread_t t1, t2;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pthread_barrier_init(&both, NULL, 2);
	pthread_create(&t1, NULL, ab, NULL);
	pthread_create(&t2, NULL, ba, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
