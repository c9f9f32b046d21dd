/*
 * driver.c (once) - TRIALS times (-r): a fresh lazy CRC-32 table, and
 * THREADS threads released together from the start gate, each calling
 * lazy_get once and checking every field of the table it got: all 256
 * entries against a reference, the check value, the magic number.
 *
 * Invariants checked here, per trial: build ran exactly once (the builder
 * counts its calls), every thread got the same pointer, and no thread was
 * handed a half-built table.
 *
 * Result line: "once: 1000 trials x 2 threads: built once each, 0 half-built
 * tables handed out, 0 different pointers".
 */
#include "driver.h"
#include "once.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CRC_MAGIC 0x43524333u /* "CRC3" */
#define CRC_CHECK 0xCBF43926u /* CRC-32 of "123456789" */

struct crc_table {
	uint32_t magic;
	uint32_t t[256];
	uint32_t check; /* CRC-32 of "123456789" computed with t */
};

static uint32_t reference[256];

static uint32_t crc_entry(uint32_t i)
{
	for (int k = 0; k < 8; k++)
		i = (i >> 1) ^ (0xEDB88320u & -(i & 1));
	return i;
}

static uint32_t crc32_with(const uint32_t *t, const char *s)
{
	uint32_t c = 0xFFFFFFFFu;

	while (*s)
		c = t[(c ^ (uint8_t)*s++) & 0xFF] ^ (c >> 8);
	return ~c;
}

/* The lazy builder: runs under the lazy's own lock, so builds needs none. */
static void crc_build(void *obj, void *arg)
{
	struct crc_table *c = obj;
	long *builds = arg;

	(*builds)++;
	for (uint32_t i = 0; i < 256; i++)
		c->t[i] = crc_entry(i);
	c->check = crc32_with(c->t, "123456789");
	c->magic = CRC_MAGIC;
}

static bool crc_whole(const struct crc_table *c)
{
	if (c->magic != CRC_MAGIC || c->check != CRC_CHECK)
		return false;
	return memcmp(c->t, reference, sizeof(reference)) == 0;
}

struct worker {
	struct lazy *l;
	const struct crc_table *got;
	bool whole;
};

static void *work(void *p)
{
	struct worker *w = p;

	w->got = lazy_get(w->l);
	if (w->got == NULL)
		drv_die(1, "lazy_get: %s", strerror(errno));
	w->whole = crc_whole(w->got);
	return NULL;
}

int main(int argc, char **argv)
{
	struct drv_opts o = {.threads = 2, .trials = 1000};
	long half = 0, differ = 0, wrong_builds = 0;
	struct worker *w;

	drv_parse("once", argc, argv, &o);
	for (uint32_t i = 0; i < 256; i++)
		reference[i] = crc_entry(i);
	w = calloc((size_t)o.threads, sizeof(*w));
	if (w == NULL)
		drv_die(1, "out of memory");

	for (long r = 0; r < o.trials; r++) {
		long builds = 0;
		struct lazy *l =
		    lazy_create(sizeof(struct crc_table), crc_build, &builds);

		if (l == NULL)
			drv_die(1, "lazy_create: %s", strerror(errno));
		for (int i = 0; i < o.threads; i++)
			w[i] = (struct worker){.l = l};
		drv_run(o.threads, work, w, sizeof(*w));
		for (int i = 0; i < o.threads; i++) {
			half += !w[i].whole;
			differ += w[i].got != w[0].got;
		}
		wrong_builds += builds != 1;
		lazy_destroy(l);
	}

	printf("once: %ld trials x %d threads: %s, %ld half-built tables "
	       "handed out, %ld different pointers\n",
	       o.trials, o.threads,
	       wrong_builds ? "built more or less than once"
			    : "built once each",
	       half, differ);
	free(w);
	return drv_result(half == 0 && differ == 0 && wrong_builds == 0);
}
