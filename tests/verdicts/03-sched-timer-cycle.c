/*
 * An armed alarm with a handler does not hide a real deadlock: two threads
 * take two mutexes in opposite orders (ABBA). A waits-for cycle is proof,
 * whatever a timer might do.
 */
// RUN: racelab scan --tool sched --runs 200 %s
// EXIT: 1
// CHECK: DEADLOCK
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void on_alarm(int sig)
{
	(void)sig;
}

static void *other(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&b);
	pthread_mutex_lock(&a); /* error: b then a, main takes a then b */
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
	return NULL;
}

int main(void)
{
	pthread_t t;

	signal(SIGALRM, on_alarm);
	alarm(5);
	pthread_create(&t, NULL, other, NULL);
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	pthread_join(t, NULL);
	return 0;
}
