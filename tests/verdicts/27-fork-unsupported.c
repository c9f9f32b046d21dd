/*
 * Defect 27: fork in a threaded program copies one thread of several; the
 * model cannot follow the child. "unsupported: fork at FILE:LINE", not a
 * finding ("blocking", "deadlock") and not clean.
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 8
// CHECK: COULD NOT JUDGE
// CHECK: unsupported: fork at
// CHECK: 27-fork-unsupported.c:33
// CHECK-NOT: findings
// CHECK-NOT: failing schedule
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	pthread_t t;
	pid_t pid;

	pthread_create(&t, NULL, worker, NULL);
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pthread_join(t, NULL);
	return 0;
}
