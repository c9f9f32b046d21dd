/* hostile-flood.c - a hostile submission: output without end. The file
 * size limit caps what is captured. */
#include "counter.h"

#include <stdio.h>

struct counter *counter_create(void)
{
	for (;;)
		fputs("flood flood flood flood flood flood flood flood\n",
		      stdout);
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
