/*
 * opts.h - the options the subcommands share, parsed by getopt_long in one
 * place so every command spells and checks them the same way.
 */
#ifndef RACELAB_OPTS_H
#define RACELAB_OPTS_H

#include "cases.h"
#include "runcase.h"
#include "tools.h"

#include <stdbool.h>

struct rl_cli {
	const char *variant; /* --variant */
	const char *tool;    /* --tool */
	long threads;	     /* --threads, 0 = case default */
	long iters;	     /* --iters, 0 = case default (-1 = unset) */
	long runs;	     /* --runs, 0 = case default */
	double timeout;	     /* --timeout, 0 = tool default */
	unsigned long seed;  /* --seed, any 64-bit value */
	bool seed_set;
	const char *strategy; /* --strategy random|pct */
	long depth;	      /* --depth */
	const char *schedule; /* --schedule STR */
	bool json;	      /* --json */
	const char *junit;    /* --junit FILE */
	const char *markdown; /* --markdown FILE */
	long jobs;	      /* --jobs */
	bool verbose;	      /* --verbose */
	bool help;
	/* --pct-k K (replay, scan --tool sched), 0 = learn k */
	long pct_k;
	/* --spurious N (sched): up to N spurious cond wakeups per schedule,
	 * 0 = none */
	long spurious;
	/* --memory sc (sched): sequential consistency instead of the C11
	 * weak-memory model, the default */
	bool sc;
	bool memory_set;  /* --memory given at all */
	bool exhaustive;  /* --exhaustive */
	long preemptions; /* --preemptions (with --exhaustive) */
	bool preemptions_set;
	/* --cflags "..." (scan --tool sched), or NULL */
	const char *cflags;
	int nargs; /* positional arguments left */
	char **args;
};

/*
 * Parse argv (argv[0] = command name) accepting only the long options named
 * in `allowed` (e.g. "variant tool threads json"). Returns 0, or an exit
 * code after printing a one-line error naming the option and the fix.
 */
int rl_cli_parse(const char *cmd, int argc, char **argv, const char *allowed,
		 struct rl_cli *o);

/* Load the catalogue or print why not (returns exit code, 0 on success). */
int rl_cli_catalogue(struct rl_catalogue *cat);

/* Look up a case by name; prints "unknown case 'x' (see racelab list)". */
const struct rl_case *rl_cli_case(const struct rl_catalogue *cat,
				  const char *id);

/* Validate --variant for c (default "bad") / --tool; print errors. */
bool rl_cli_variant_ok(const struct rl_case *c, const char *variant);
const struct rl_tool *rl_cli_tool(const char *name);

/* The run overrides the options give. */
void rl_cli_overrides(const struct rl_cli *o, struct rl_overrides *ov);

#endif
