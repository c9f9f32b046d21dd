/* hostile-loop.c - a hostile submission: counter_create never returns.
 * The grader must time the check out, grade on, and leave nothing running. */
#include "counter.h"

struct counter *counter_create(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}
void counter_destroy(struct counter *c)
{
	(void)c;
}
void counter_increment(struct counter *c)
{
	(void)c;
}
long counter_get(struct counter *c)
{
	(void)c;
	return 0;
}
