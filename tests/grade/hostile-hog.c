/* hostile-hog.c - a hostile submission: counter_create eats memory until
 * it cannot (the address-space limit), then uses the NULL it got. */
#include "counter.h"

#include <stdlib.h>
#include <string.h>

struct counter *counter_create(void)
{
	for (;;) {
		char *p = malloc(64 << 20);

		memset(p, 1, 64 << 20);
	}
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
