/*
 * driver.c (counter) - THREADS threads each call counter_increment ITERS
 * times; the invariant is final == THREADS x ITERS.
 *
 * Result line: "counter: expected 200000 got 199873 (lost 127)".
 */
#include "counter.h"
#include "driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct worker {
	struct counter *c;
	long iters;
};

static void *work(void *p)
{
	struct worker *w = p;

	for (long i = 0; i < w->iters; i++)
		counter_increment(w->c);
	return NULL;
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 2, .iters = 100000};
	struct counter *c;
	struct worker *w;
	long expected, got;

	drv_parse("counter", argc, argv, &o);
	c = counter_create();
	w = calloc((size_t)o.threads, sizeof(*w));
	if (c == NULL || w == NULL)
		drv_die(1, "counter_create: %s", strerror(errno));
	for (int i = 0; i < o.threads; i++)
		w[i] = (struct worker){.c = c, .iters = o.iters};

	drv_run(o.threads, work, w, sizeof(*w));

	expected = o.threads * o.iters;
	got = counter_get(c);
	printf("counter: expected %ld got %ld (lost %ld)\n", expected, got,
	       expected - got);
	counter_destroy(c);
	free(w);
	return drv_result(got == expected);
}
