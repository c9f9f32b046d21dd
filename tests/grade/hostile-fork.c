/* hostile-fork.c - a hostile submission: a fork storm. The process limit
 * stops it; the time-out and the pid namespace end it. */
#include "counter.h"

#include <unistd.h>

struct counter *counter_create(void)
{
	for (;;)
		fork();
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
