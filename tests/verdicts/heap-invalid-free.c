/*
 * Heap checks (a defect outside the numbered list): free() of a pointer
 * malloc never returned (a global, a pointer into the middle of a block) is
 * an "invalid free" finding with its place, not whatever glibc happens to
 * do with it; free(NULL) is fine.
 */
// RUN: racelab scan --tool sched --runs 20 %s
// EXIT: 1
// CHECK: CRASH: invalid free
// CHECK: main called free at verdicts/heap-invalid-free.c:27
// CHECK: with the address of table
// RUN: racelab scan --tool sched --runs 20 %s
// ENV: HEAP_FREE=middle
// EXIT: 1
// CHECK: CRASH: invalid free
// CHECK: with a pointer 8 bytes into a 32-byte block allocated at
// CHECK: allocated at verdicts/heap-invalid-free.c:30
#include <stdlib.h>

long table[4];
long *block; /* global: the optimiser may not drop the malloc */

int main(void)
{
	free(NULL); /* fine: no action */
	if (getenv("HEAP_FREE") == NULL) {
		free(table); /* error: not from malloc */
		return table[0] != 0;
	}
	block = malloc(4 * sizeof(*block));
	free(block + 1); /* error: not the start of the block */
	return 0;
}
