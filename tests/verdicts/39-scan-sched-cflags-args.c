/*
 * Defect 39 (sched): `scan --tool sched` took neither compile flags nor
 * program arguments (-DN=3 was "unknown option"). --cflags "..." reaches
 * the compiler, -- ARGS the program, and the replay line carries both.
 */
// clang-format off
// RUN: racelab scan --tool sched --runs 200 --cflags "-DWORKERS=3 -DSTRICT" %s -- 4
// EXIT: 1
// CHECK: failing schedule: invariant
// CHECK: assert(total == WORKERS * per_worker) failed
// CHECK: --cflags '-DWORKERS=3 -DSTRICT'
// CHECK: --schedule 0x2.1x4.2x3.3x4.0 -- 4
// RUN: racelab scan --tool sched --runs 20 --cflags -DWORKERS=3 %s -- 4
// EXIT: 0
// CHECK: no failing schedule in 20
// RUN: racelab scan --tool sched --runs 20 --cflags "-DWORKERS=3 -DSTRICT" %s
// EXIT: 0
// CHECK: no failing schedule in 20
// clang-format on
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

#ifndef WORKERS
#define WORKERS 1
#endif

static int total, per_worker;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < per_worker; i++)
		total = total + 1; /* error: unlocked read-modify-write */
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[WORKERS];

	if (argc < 2)
		return 0; /* nothing to count */
	per_worker = atoi(argv[1]);
	for (int i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
#ifdef STRICT
	assert(total == WORKERS * per_worker);
#endif
	return 0;
}
