/*
 * Defect 39: --runs N is honoured by scan --tool tsan: N runs of a clean
 * program, each appending one line to the file it is given.
 */
// BUILD: tsan
// RUN: racelab scan --tool tsan --runs 3 -- %b %t/tsan
// EXIT: 0
// CHECK: nothing found in 3 runs
// RUN: wc -l %t/tsan
// EXIT: 0
// CHECK: 3 
#include <stdio.h>

int main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "a") : NULL;

	if (f == NULL)
		return 2;
	fputs("ran\n", f);
	return fclose(f) == 0 ? 0 : 2;
}
