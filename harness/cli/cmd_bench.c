/*
 * cmd_bench.c - `racelab bench [BENCH...] [OPTIONS]`: the benchmarks.
 * `racelab bench sched` is the deterministic scheduler's speed against the
 * fork floor and its schedules to the first failure (cmd_bench_sched.c);
 * every other bench (the seed's patterns, good/ against the peer
 * libraries: docs/bench.md) lives in build/bench/racelab-bench (built by
 * `make bench` / `make build`, harness/bench), which links the peer
 * libraries so that racelab itself links none. Its arguments pass through
 * unchanged.
 */
#include "commands.h"
#include "out.h"
#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cmd_bench(int argc, char **argv)
{
	char *bin;

	/* the bench of the scheduler row is named after it */
	if (argc >= 2 && strcmp(argv[1], rl_tool_scheduler()->name) == 0)
		return cmd_bench_sched(argc - 1, argv + 1);
	bin = rl_path_join(rl_libdir(), "bench/racelab-bench");
	if (access(bin, X_OK) != 0) {
		fprintf(stderr,
			"racelab: bench: %s is missing (run make bench, or "
			"make build)\n",
			bin);
		return RL_EXIT_USAGE;
	}
	argv[0] = bin;
	execv(bin, argv);
	fprintf(stderr, "racelab: bench: cannot run %s: %s\n", bin,
		strerror(errno));
	return RL_EXIT_INTERNAL;
}
