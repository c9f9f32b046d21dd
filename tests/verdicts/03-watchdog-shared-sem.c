/*
 * Defect 3: a process-shared semaphore posted by a forked child. The parent's
 * threads all wait with no lock cycle, but another process can end the wait:
 * the native watchdog must let the program finish (exit 0).
 */
// BUILD: plain
// RUN: racelab scan --tool native -- %b
// EXIT: 0
// CHECK-NOT: deadlock
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	sem_t *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t kid;

	if (s == MAP_FAILED || sem_init(s, 1, 0) != 0)
		return 1;
	kid = fork();
	if (kid < 0)
		return 1;
	if (kid == 0) {
		usleep(500 * 1000);
		sem_post(s);
		_exit(0);
	}
	while (sem_wait(s) != 0)
		;
	waitpid(kid, NULL, 0);
	puts("posted by the child");
	return 0;
}
