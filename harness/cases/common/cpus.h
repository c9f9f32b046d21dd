/*
 * cpus.h - how many CPUs this process may run on, for the speed choices of
 * the good/ and bad/ structures (docs/bench.md): a thread that waits for
 * another may spin or poll briefly where that other thread runs on another
 * CPU, but on one CPU a spin only delays the thread it waits for, which
 * cannot run until the spinner sleeps or is preempted.
 *
 * Room: harness/cases/common, header-only (a static function), like
 * hazard.h, so that every build of a case and the grader, which compiles
 * one submitted file, get it without a link change. Under sched it is no
 * schedule point (a system call, and glibc's count of the mask), and a
 * structure must let it change only delays, never its calls on shared
 * state: a sched replay runs on other CPUs than the run it replays.
 */
#ifndef RACELAB_CPUS_H
#define RACELAB_CPUS_H

#include <sched.h>

/* CPUs in this process's affinity mask; 1 when it cannot be read. */
static inline int cpus_usable(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 1;
	return CPU_COUNT(&set);
}

#endif
