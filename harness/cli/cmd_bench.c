/*
 * cmd_bench.c - `racelab bench BENCH [OPTIONS]`: the benchmarks. One bench
 * so far, `sched` (cmd_bench_sched.c: the deterministic scheduler's speed
 * against the fork floor and its schedules to the first failure).
 */
#include "commands.h"
#include "out.h"

#include <string.h>

int cmd_bench(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "sched") == 0)
		return cmd_bench_sched(argc - 1, argv + 1);
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cmd_bench_sched(2, (char *[]){"sched", argv[1], NULL});
	return rl_usage_error("bench: %s%s%s (the benches: sched)",
			      argc >= 2 ? "unknown bench '" : "no bench named",
			      argc >= 2 ? argv[1] : "", argc >= 2 ? "'" : "");
}
