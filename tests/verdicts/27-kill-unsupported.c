/*
 * Defect 27: pthread_kill runs a handler in the middle of another thread,
 * which the model cannot follow: "unsupported: pthread_kill at FILE:LINE",
 * not a finding and not clean.
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 8
// CHECK: COULD NOT JUDGE
// CHECK: unsupported: pthread_kill at
// CHECK: 27-kill-unsupported.c:42
// CHECK-NOT: findings
// CHECK-NOT: failing schedule
#include <pthread.h>
#include <signal.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got = 1;
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	while (!got)
		pthread_cond_wait(&cv, &m);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;

	signal(SIGUSR1, on_usr1);
	pthread_create(&t, NULL, worker, NULL);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	return 0;
}
