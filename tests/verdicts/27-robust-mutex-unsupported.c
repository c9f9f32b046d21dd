/*
 * Defect 27 (beyond the three calls named): a robust mutex whose owner
 * exits holding it. The next locker gets EOWNERDEAD and recovers with
 * pthread_mutex_consistent: a correct program. The model has no EOWNERDEAD
 * and called it a deadlock; now it is refused as unsupported, not judged.
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 8
// CHECK: COULD NOT JUDGE
// CHECK: unsupported: pthread_mutexattr_setrobust (a robust mutex) at
// CHECK-NOT: DEADLOCK
// CHECK-NOT: findings
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t m;

static void *owner(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	return NULL; /* leaves holding it */
}

int main(void)
{
	pthread_mutexattr_t a;
	pthread_t t;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&m, &a);
	pthread_create(&t, NULL, owner, NULL);
	pthread_join(t, NULL);
	if (pthread_mutex_lock(&m) == EOWNERDEAD)
		pthread_mutex_consistent(&m);
	pthread_mutex_unlock(&m);
	return 0;
}
