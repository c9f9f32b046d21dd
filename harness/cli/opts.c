/*
 * opts.c - one getopt_long table for every subcommand; each command says
 * which of the long options it accepts.
 */
#include "opts.h"
#include "out.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct option longopts[] = {
    {"variant", required_argument, NULL, 'V'},
    {"tool", required_argument, NULL, 'T'},
    {"threads", required_argument, NULL, 't'},
    {"iters", required_argument, NULL, 'i'},
    {"runs", required_argument, NULL, 'n'},
    {"timeout", required_argument, NULL, 'w'},
    {"seed", required_argument, NULL, 's'},
    {"strategy", required_argument, NULL, 'S'},
    {"depth", required_argument, NULL, 'd'},
    {"schedule", required_argument, NULL, 'x'},
    {"pct-k", required_argument, NULL, 'K'},
    {"spurious", required_argument, NULL, 'u'},
    {"memory", required_argument, NULL, 'm'},
    {"exhaustive", no_argument, NULL, 'X'},
    {"preemptions", required_argument, NULL, 'P'},
    {"cflags", required_argument, NULL, 'C'},
    {"json", no_argument, NULL, 'j'},
    {"junit", required_argument, NULL, 'J'},
    {"markdown", required_argument, NULL, 'M'},
    {"jobs", required_argument, NULL, 'p'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static const char *name_of(int c)
{
	for (const struct option *o = longopts; o->name; o++)
		if (o->val == c)
			return o->name;
	return "?";
}

static bool allowed_opt(const char *allowed, const char *name)
{
	size_t n = strlen(name);

	if (strcmp(name, "help") == 0)
		return true;
	for (const char *p = allowed; (p = strstr(p, name)) != NULL; p += n)
		if ((p == allowed || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static int bad_number(const char *cmd, int c, const char *arg,
		      const char *range)
{
	return rl_usage_error("%s: --%s '%s' is not %s", cmd, name_of(c), arg,
			      range);
}

/* A seed is any 64-bit value: explore's seed+1, seed+2, ... wrap. */
static bool parse_seed(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	if (*s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return false;
	*out = strtoul(s, &end, 0);
	return errno == 0 && *end == '\0';
}

/* The options that take a whole number: the field, the range, and how a
 * value out of it is described. */
struct num_opt {
	int val; /* as in longopts */
	long min, max;
	size_t off; /* of the long in struct rl_cli */
	const char *range;
};

static const struct num_opt num_opts[] = {
    {'t', 1, 64, offsetof(struct rl_cli, threads), "a thread count 1..64"},
    {'i', 0, 1000000000L, offsetof(struct rl_cli, iters),
     "a count 0..1000000000"},
    {'n', 1, 100000000L, offsetof(struct rl_cli, runs), "a count 1..100000000"},
    {'K', 1, 100000000L, offsetof(struct rl_cli, pct_k),
     "a PCT k 1..100000000"},
    {'u', 1, 1000000L, offsetof(struct rl_cli, spurious),
     "a count of spurious wakeups per schedule 1..1000000"},
    {'d', 1, 10, offsetof(struct rl_cli, depth), "a PCT depth 1..10"},
    {'p', 1, 64, offsetof(struct rl_cli, jobs), "a job count 1..64"},
};

static const struct num_opt *num_opt_of(int c)
{
	for (size_t i = 0; i < sizeof(num_opts) / sizeof(num_opts[0]); i++)
		if (num_opts[i].val == c)
			return &num_opts[i];
	return NULL;
}

static int set_number(const char *cmd, const struct num_opt *n, const char *arg,
		      struct rl_cli *o)
{
	long *field = (long *)((char *)o + n->off);

	if (!rl_parse_long(arg, n->min, n->max, field))
		return bad_number(cmd, n->val, arg, n->range);
	return 0;
}

static int set_option(const char *cmd, int c, const char *arg, struct rl_cli *o)
{
	const struct num_opt *n = num_opt_of(c);

	if (n != NULL)
		return set_number(cmd, n, arg, o);
	switch (c) {
	case 'V':
		o->variant = arg;
		return 0;
	case 'T':
		o->tool = arg;
		return 0;
	case 'w':
		if (!rl_parse_double(arg, 0.1, 86400, &o->timeout))
			return bad_number(cmd, c, arg,
					  "seconds between 0.1 and 86400");
		return 0;
	case 's':
		if (!parse_seed(arg, &o->seed))
			return bad_number(cmd, c, arg,
					  "a seed (decimal or 0x hex, 0 .. "
					  "0xffffffffffffffff)");
		o->seed_set = true;
		return 0;
	case 'C':
		o->cflags = arg;
		return 0;
	case 'm':
		if (strcmp(arg, "sc") != 0 && strcmp(arg, "c11") != 0)
			return rl_usage_error("%s: --memory '%s': use sc "
					      "(sequentially consistent) or "
					      "c11 (weak memory)",
					      cmd, arg);
		o->sc = strcmp(arg, "sc") == 0;
		o->memory_set = true;
		return 0;
	case 'X':
		o->exhaustive = true;
		return 0;
	case 'P':
		if (!rl_parse_long(arg, 0, 1000, &o->preemptions))
			return bad_number(cmd, c, arg,
					  "a preemption bound 0..1000");
		o->preemptions_set = true;
		return 0;
	case 'S':
		if (strcmp(arg, "random") != 0 && strcmp(arg, "pct") != 0 &&
		    strcmp(arg, "pos") != 0 && strcmp(arg, "portfolio") != 0)
			return rl_usage_error("%s: --strategy '%s': use "
					      "portfolio, random, pos or pct",
					      cmd, arg);
		o->strategy = arg;
		return 0;
	case 'x':
		o->schedule = arg;
		return 0;
	case 'j':
		o->json = true;
		return 0;
	case 'J':
		o->junit = arg;
		return 0;
	case 'M':
		o->markdown = arg;
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	case 'h':
		o->help = true;
		return 0;
	}
	return RL_EXIT_USAGE;
}

/* The word getopt stopped at: inside a cluster ("-v.c") optind has not
 * moved past it yet. */
static const char *offending(int argc, char **argv)
{
	const char *w = optind < argc ? argv[optind] : NULL;

	if (optopt > 0 && w != NULL && w[0] == '-' && w[1] != '-' &&
	    strchr(w + 1, optopt) != NULL)
		return w;
	return argv[optind - 1];
}

static int bad_option(const char *cmd, int argc, char **argv)
{
	const char *bad = offending(argc, argv);
	size_t n = strlen(bad);

	if (optopt != 0 && strncmp(bad, "--", 2) == 0 &&
	    strchr(bad, '=') == NULL && optopt != 'h')
		return rl_usage_error("%s: option '%s' needs a value", cmd,
				      bad);
	if (bad[0] == '-' && bad[1] != '-' &&
	    ((n > 2 && strcmp(bad + n - 2, ".c") == 0) ||
	     access(bad, F_OK) == 0))
		return rl_usage_error("%s: unknown option '%s' (a file whose "
				      "name starts with '-'? write ./%s)",
				      cmd, bad, bad);
	return rl_usage_error("%s: unknown option '%s' (see racelab %s "
			      "--help)",
			      cmd, bad, cmd);
}

int rl_cli_parse(const char *cmd, int argc, char **argv, const char *allowed,
		 struct rl_cli *o)
{
	int c, idx, rc;

	memset(o, 0, sizeof(*o));
	o->iters = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, &idx)) != -1) {
		if (c == '?' || c == ':')
			return bad_option(cmd, argc, argv);
		if (!allowed_opt(allowed, name_of(c)))
			return rl_usage_error("%s: option --%s does not apply "
					      "here (see racelab %s --help)",
					      cmd, name_of(c), cmd);
		rc = set_option(cmd, c, optarg, o);
		if (rc != 0)
			return rc;
	}
	o->nargs = argc - optind;
	o->args = argv + optind;
	return 0;
}

int rl_cli_catalogue(struct rl_catalogue *cat)
{
	char *err = NULL;

	if (rl_catalogue_load(cat, &err) == 0)
		return 0;
	fprintf(stderr, "racelab: %s\n", err);
	free(err);
	rl_catalogue_free(cat);
	return RL_EXIT_INTERNAL;
}

const struct rl_case *rl_cli_case(const struct rl_catalogue *cat,
				  const char *id)
{
	const struct rl_case *c = rl_case_find(cat, id);

	if (c == NULL)
		rl_usage_error("unknown case '%s' (racelab list shows the "
			       "cases)",
			       id);
	return c;
}

bool rl_cli_variant_ok(const struct rl_case *c, const char *variant)
{
	struct rl_buf b = {0};
	char *have;

	if (rl_case_has_variant(c, variant))
		return true;
	for (int i = 0; i < c->nvariants; i++)
		rl_buf_printf(&b, "%s%s", i ? ", " : "", c->variants[i]);
	have = rl_buf_take(&b);
	rl_usage_error("case '%s' has no variant '%s' (it has: %s)", c->id,
		       variant, have);
	free(have);
	return false;
}

const struct rl_tool *rl_cli_tool(const char *name)
{
	const struct rl_tool *t = rl_tool_find(name);
	struct rl_buf b = {0};
	char *names;

	if (t != NULL)
		return t;
	for (size_t i = 0; i < rl_ntools; i++)
		rl_buf_printf(&b, "%s%s", i ? ", " : "", rl_tools[i].name);
	names = rl_buf_take(&b);
	rl_usage_error("unknown tool '%s' (use one of: %s)", name, names);
	free(names);
	return NULL;
}

void rl_cli_overrides(const struct rl_cli *o, struct rl_overrides *ov)
{
	*ov = (struct rl_overrides){
	    .threads = o->threads,
	    .iters = o->iters,
	    .runs = o->runs,
	    .timeout = o->timeout,
	    .seed = o->seed,
	    .strategy = o->strategy,
	    .depth = (int)o->depth,
	    .spurious = o->spurious,
	    .sc = o->sc,
	};
}
