/*
 * cmd_bench.c - `racelab bench`: runs build/bench/racelab-bench (built by
 * `make bench` / `make build`, harness/bench), which holds the benches and
 * the peer libraries they compare against, so that racelab itself links
 * none of them. The arguments pass through unchanged.
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
	char *bin = rl_path_join(rl_libdir(), "bench/racelab-bench");

	(void)argc;
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
