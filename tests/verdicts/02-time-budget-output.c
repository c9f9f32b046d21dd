/*
 * Defect 2: a correct program that prints 10 MB per schedule is slow to
 * explore; when the time budget ends the search, that is "no failing
 * schedule in N (stopped by the time budget)", never a failing schedule.
 */
// RUN: racelab scan --tool sched --runs 100000 --timeout 2 %s
// EXIT: 0
// CHECK: (stopped by the time budget)
// CHECK-NOT: blocking
// CHECK-NOT: FAIL
// TIMEOUT: 40
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int done;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	done++;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	static char line[101];
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	memset(line, 'x', 100);
	for (int i = 0; i < 100000; i++)
		puts(line);
	return done == 1 ? 0 : 3;
}
