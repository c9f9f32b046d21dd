/*
 * fifo_ledger.h - the invariant shared by the queue drivers (queue, lfqueue):
 * every item put is got exactly once, and in FIFO order per producer.
 *
 * Room: harness/cases/common, header-only (static functions), included by a
 * driver.c. Each item is a long carrying (producer, sequence number). Each
 * consumer appends what it gets to its own log (no sharing, no locks); after
 * every thread has been joined, fl_check() replays the logs:
 *   corrupt     an item no producer put (a torn or stale slot)
 *   duplicated  an item got more than once
 *   reordered   a consumer got p#s after p#t with t > s (a linearizable FIFO
 *               queue never does that: one consumer's gets are ordered)
 *   lost        an item the queue accepted that nobody got
 * and prints the one result line, naming the first violation: the smallest
 * (producer, seq) involved, corrupt items before everything else.
 */
#ifndef RACELAB_FIFO_LEDGER_H
#define RACELAB_FIFO_LEDGER_H

#include "driver.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FL_SEQ_BITS 32
#define FL_MAX_SEQ  ((1L << (FL_SEQ_BITS - 1)) - 1)

struct fl_log {
	long *items; /* in the order this consumer got them */
	long n,
	    cap; /* cap = every item put, plus one: a full log is a runaway */
};

struct fl_ledger {
	int producers, consumers;
	long iters;	     /* items each producer tries to put */
	long *accepted;	     /* per producer: items the queue accepted */
	struct fl_log *logs; /* per consumer */
};

static inline long fl_item(int producer, long seq)
{
	return (long)producer << FL_SEQ_BITS | seq;
}

static void fl_init(struct fl_ledger *l, int producers, int consumers,
		    long iters)
{
	long total;

	if (iters > FL_MAX_SEQ)
		drv_die(DRV_EXIT_USAGE,
			"-i %ld: at most %ld items per producer", iters,
			FL_MAX_SEQ);
	total = producers * iters;
	*l = (struct fl_ledger){producers, consumers, iters, NULL, NULL};
	l->accepted = calloc((size_t)producers, sizeof(*l->accepted));
	l->logs = calloc((size_t)consumers, sizeof(*l->logs));
	if (l->accepted == NULL || l->logs == NULL)
		drv_die(1, "out of memory for the ledger");
	for (int c = 0; c < consumers; c++) {
		l->logs[c].cap = total + 1;
		l->logs[c].items = malloc((size_t)(total + 1) * sizeof(long));
		if (l->logs[c].items == NULL)
			drv_die(1, "out of memory for %ld log entries", total);
	}
}

/* Append item to a consumer's log. false when the log is full: this
 * consumer alone got more items than were ever put (a broken queue that
 * keeps handing out stale slots); the caller stops consuming. */
static inline bool fl_record(struct fl_log *log, long item)
{
	if (log->n == log->cap)
		return false;
	log->items[log->n++] = item;
	return log->n < log->cap;
}

enum fl_kind { FL_CORRUPT, FL_REORDERED, FL_DUPLICATED, FL_LOST, FL_NKINDS };

struct fl_first {
	bool set;
	int p;
	long s;
	enum fl_kind kind;
	char text[160];
};

/* Keep the violation with the smallest (producer, seq); corrupt first. */
static void fl_note(struct fl_first *f, enum fl_kind kind, int p, long s,
		    const char *text)
{
	bool earlier = !f->set ||
		       (kind == FL_CORRUPT) > (f->kind == FL_CORRUPT) ||
		       ((kind == FL_CORRUPT) == (f->kind == FL_CORRUPT) &&
			(p < f->p || (p == f->p && s < f->s)));

	if (!earlier)
		return;
	*f = (struct fl_first){true, p, s, kind, ""};
	snprintf(f->text, sizeof(f->text), "%s", text);
}

/* Print "<name>: ..." and return whether the invariant held. Call it after
 * every thread has been joined (the joins order the logs before it). */
static bool fl_check(const struct fl_ledger *l, const char *name)
{
	long total = 0, got = 0, count[FL_NKINDS] = {0};
	long *base = calloc((size_t)l->producers + 1, sizeof(long));
	unsigned char *seen;
	int *by;
	long *last;
	struct fl_first first = {0};
	char text[160];
	bool runaway = false, ok;

	if (base == NULL)
		drv_die(1, "out of memory for the check");
	for (int p = 0; p < l->producers; p++) {
		base[p] = total;
		total += l->accepted[p];
	}
	seen = calloc((size_t)total + 1, 1);
	by = calloc((size_t)total + 1, sizeof(int));
	last = malloc((size_t)l->producers * sizeof(long));
	if (seen == NULL || by == NULL || last == NULL)
		drv_die(1, "out of memory for the check");

	for (int c = 0; c < l->consumers; c++) {
		const struct fl_log *log = &l->logs[c];

		runaway |= log->n == log->cap;
		got += log->n;
		for (int p = 0; p < l->producers; p++)
			last[p] = -1;
		for (long i = 0; i < log->n; i++) {
			long item = log->items[i];
			long p = item >> FL_SEQ_BITS;
			long s = item & ((1L << FL_SEQ_BITS) - 1);

			if (p < 0 || p >= l->producers || s >= l->accepted[p]) {
				count[FL_CORRUPT]++;
				snprintf(text, sizeof(text),
					 "consumer %d got 0x%lx, an item no "
					 "producer put",
					 c, (unsigned long)item);
				fl_note(&first, FL_CORRUPT, 0, 0, text);
				continue;
			}
			if (s < last[p]) {
				count[FL_REORDERED]++;
				snprintf(text, sizeof(text),
					 "consumer %d got p%ld#%ld after "
					 "p%ld#%ld",
					 c, p, s, p, last[p]);
				fl_note(&first, FL_REORDERED, (int)p, s, text);
			} else {
				last[p] = s;
			}
			if (seen[base[p] + s] == 1) {
				count[FL_DUPLICATED]++;
				snprintf(text, sizeof(text),
					 "p%ld#%ld got twice (consumers %d "
					 "and %d)",
					 p, s, by[base[p] + s], c);
				fl_note(&first, FL_DUPLICATED, (int)p, s, text);
			}
			if (seen[base[p] + s] < 255)
				seen[base[p] + s]++;
			by[base[p] + s] = c;
		}
	}
	for (int p = 0; p < l->producers; p++) {
		for (long s = 0; s < l->accepted[p]; s++) {
			if (seen[base[p] + s] != 0)
				continue;
			count[FL_LOST]++;
			snprintf(text, sizeof(text), "p%d#%ld lost", p, s);
			fl_note(&first, FL_LOST, p, s, text);
		}
	}

	ok = !first.set;
	for (int p = 0; p < l->producers; p++)
		ok &= l->accepted[p] == l->iters;
	if (ok) {
		printf("%s: %ld items from %d producers got exactly once by %d "
		       "consumers, FIFO per producer\n",
		       name, total, l->producers, l->consumers);
	} else if (!first.set) {
		printf("%s: %ld of %ld items accepted: the queue refused a put "
		       "before it was closed\n",
		       name, total, l->producers * l->iters);
	} else {
		printf("%s: %ld put, %ld got: %ld lost, %ld duplicated, %ld "
		       "reordered, %ld corrupt%s; first: %s\n",
		       name, total, got, count[FL_LOST], count[FL_DUPLICATED],
		       count[FL_REORDERED], count[FL_CORRUPT],
		       runaway ? " (a consumer got more items than were put "
				 "and stopped)"
			       : "",
		       first.text);
	}
	free(last);
	free(by);
	free(seen);
	free(base);
	return ok;
}

static void fl_free(struct fl_ledger *l)
{
	for (int c = 0; c < l->consumers; c++)
		free(l->logs[c].items);
	free(l->logs);
	free(l->accepted);
}

#endif
