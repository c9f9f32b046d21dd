/*
 * Defect 39: --runs N is honoured by scan --tool native, helgrind and drd
 * (each run of the program appends one line to the file it is given).
 */
// BUILD: plain
// RUN: racelab scan --tool native --runs 3 -- %b %t/native
// EXIT: 0
// CHECK: nothing found in 3 runs
// RUN: wc -l %t/native
// EXIT: 0
// CHECK: 3 
// RUN: racelab scan --tool helgrind --runs 2 -- %b %t/helgrind
// EXIT: 0
// CHECK: nothing found in 2 runs
// RUN: wc -l %t/helgrind
// EXIT: 0
// CHECK: 2 
// RUN: racelab scan --tool drd --runs 2 -- %b %t/drd
// EXIT: 0
// CHECK: nothing found in 2 runs
#include <stdio.h>

int main(int argc, char **argv)
{
	FILE *f = argc > 1 ? fopen(argv[1], "a") : NULL;

	if (f == NULL)
		return 2;
	fputs("ran\n", f);
	return fclose(f) == 0 ? 0 : 2;
}
