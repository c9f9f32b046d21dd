/* hostile-escape.c - a hostile submission: tries to write to $HOME and to
 * /tmp outside its work directory, and to read the reference solution
 * (@GOOD@ is replaced by its absolute path before grading). Each attempt
 * prints what happened; a correct counter otherwise, so the check passes
 * and its output is the evidence. */
#include "counter.h"

#include <stdio.h>
#include <stdlib.h>

struct counter {
	long v;
};

static void attempt(const char *what, const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);

	printf("%s %s: %s\n", what, path, f ? "DONE" : "refused");
	if (f != NULL)
		fclose(f);
}

struct counter *counter_create(void)
{
	char path[512];
	const char *home = getenv("HOME");

	snprintf(path, sizeof(path), "%s/racelab-escape",
		 home ? home : "/root");
	attempt("write", path, "w");
	attempt("write", "/tmp/racelab-escape", "w");
	attempt("read", "@GOOD@", "r");
	fflush(stdout);
	return calloc(1, sizeof(struct counter));
}
void counter_destroy(struct counter *c)
{
	free(c);
}
void counter_increment(struct counter *c)
{
	c->v++;
}
long counter_get(struct counter *c)
{
	return c->v;
}
