/*
 * racelab.c - the `racelab` command: global options, then one subcommand
 * (git style). Each subcommand lives in its own cmd_*.c.
 */
#include "commands.h"
#include "out.h"

#include <stdio.h>
#include <string.h>

#define RACELAB_VERSION "0.1"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *about;
} commands[] = {
    {"list", cmd_list, "the cases, their variants and tools"},
    {"show", cmd_show, "a case: the bug, the fix, what each tool must say"},
    {"run", cmd_run, "run a case variant under one tool (or all)"},
    {"check", cmd_check, "every case x variant x tool against expectations"},
    {"explore", cmd_explore, "search schedules (sched) until one fails"},
    {"replay", cmd_replay, "replay one schedule exactly, with its trace"},
    {"scan", cmd_scan, "any program under TSan, Helgrind, DRD or sched"},
    {"demo", cmd_demo, "the race and deadlock demos (make race-demo)"},
    {"grade", cmd_grade, "grade a student's fix of a case (or a class)"},
    {"bench", cmd_bench, "the patterns and good/ structures measured"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: racelab [--no-color] COMMAND [OPTIONS] [ARGS]\n\n"
		   "racelab reproduces races and deadlocks in C on demand and "
		   "checks what\nThreadSanitizer, Helgrind, DRD and its own "
		   "deterministic scheduler say.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].about);
	fprintf(f, "\n'racelab COMMAND --help' explains a command.\n"
		   "Exit codes: 0 ok, 1 an expectation failed (or scan found "
		   "something),\n"
		   "2 usage error, 3 invariant broken, 4 deadlock, 5 crash, 6 "
		   "other schedule\nfailure, 7 replay diverged, 70 internal "
		   "error, 77 tool missing (skipped).\n");
}

int main(int argc, char **argv)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return RL_EXIT_OK;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("racelab %s\n", RACELAB_VERSION);
			return RL_EXIT_OK;
		}
		if (strcmp(argv[i], "--no-color") == 0) {
			rl_color_set(false);
			continue;
		}
		return rl_usage_error(
		    "unknown option '%s' (see racelab --help)", argv[i]);
	}
	if (i == argc) {
		usage(stderr);
		return RL_EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(*commands); k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			return commands[k].fn(argc - i, argv + i);
	return rl_usage_error("unknown command '%s' (see racelab --help)",
			      argv[i]);
}
