/*
 * Defect 26 (deadlines): a 1 s timed wait beside a 2 s sleep. Timeouts fire
 * in the order of their deadlines, so the wait always times out before the
 * sleeper can post; the program handles ETIMEDOUT and is correct.
 */
// RUN: racelab scan --tool sched --runs 100 %s
// EXIT: 0
// CHECK: nothing found
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <unistd.h>

static sem_t s;

static void *poster(void *arg)
{
	(void)arg;
	sleep(2);
	sem_post(&s);
	return NULL;
}

int main(void)
{
	pthread_t t;
	struct timespec ts;
	int rc;

	sem_init(&s, 0, 0);
	pthread_create(&t, NULL, poster, NULL);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 1;
	rc = sem_timedwait(&s, &ts);
	/* the post comes 1 s after the wait gave up */
	assert(rc == -1 && errno == ETIMEDOUT);
	pthread_join(t, NULL);
	return 0;
}
