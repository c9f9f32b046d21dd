/*
 * racelab.c - the `racelab` command: global options, then one subcommand
 * (git style). Each subcommand lives in its own cmd_*.c.
 */
#include "commands.h"
#include "out.h"

#include <stdio.h>
#include <string.h>

#define RACELAB_VERSION "0.1"

static int cmd_help(int argc, char **argv);

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
    {"bench", cmd_bench, "benchmarks: patterns, good/ vs peers, sched"},
    {"help", cmd_help, "the usage of racelab or of one command"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(*commands))

static void usage(FILE *f)
{
	fprintf(f, "usage: racelab [--no-color] COMMAND [OPTIONS] [ARGS]\n"
		   "       racelab --help | --version\n\n"
		   "racelab reproduces races and deadlocks in C on demand and "
		   "checks what\nThreadSanitizer, Helgrind, DRD and its own "
		   "deterministic scheduler say.\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].about);
	fprintf(f,
		"\n'racelab help COMMAND' or 'racelab COMMAND --help' explains "
		"a command;\n'man racelab' has them all.\n"
		"Exit codes: 0 ok, 1 an expectation failed (or scan found "
		"something),\n"
		"2 usage error, 3 invariant broken, 4 deadlock, 5 crash, 6 "
		"other schedule\nfailure, 7 replay diverged, 70 internal "
		"error, 77 tool missing (skipped).\n");
}

static int command_index(const char *name)
{
	for (size_t k = 0; k < NCOMMANDS; k++)
		if (strcmp(name, commands[k].name) == 0)
			return (int)k;
	return -1;
}

/* `racelab help [COMMAND]`, as git has it: the overview, or what
 * `racelab COMMAND --help` prints. */
static int cmd_help(int argc, char **argv)
{
	char help_opt[] = "--help";
	int k;

	if (argc == 1) {
		usage(stdout);
		return RL_EXIT_OK;
	}
	if (argc > 2)
		return rl_usage_error("help: name one command (see racelab "
				      "--help)");
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		printf("usage: racelab help [COMMAND]\n"
		       "Without COMMAND, the commands racelab has; with one, "
		       "its usage\n(the same as 'racelab COMMAND --help').\n");
		return RL_EXIT_OK;
	}
	if ((k = command_index(argv[1])) < 0)
		return rl_usage_error("help: unknown command '%s' (see racelab "
				      "--help)",
				      argv[1]);
	return commands[k].fn(2, (char *[]){argv[1], help_opt, NULL});
}

int main(int argc, char **argv)
{
	int i = 1, k;

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
	if ((k = command_index(argv[i])) >= 0)
		return commands[k].fn(argc - i, argv + i);
	return rl_usage_error("unknown command '%s' (see racelab --help)",
			      argv[i]);
}
