/*
 * Defect 5: a run that crashes, hangs or exits non-zero is not "nothing
 * found": the text and the exit code agree and say what happened (5 crash,
 * 6 hang, 3 non-zero exit; docs/exit-codes.md).
 */
// BUILD: plain
// RUN: racelab scan --tool native -- %b crash
// EXIT: 5
// CHECK: the program crashed (SIGSEGV, a bad memory access)
// CHECK: about to crash
// CHECK-NOT: nothing found
// RUN: racelab scan --tool native --timeout 2 -- %b hang
// EXIT: 6
// CHECK: the program hung (no progress for
// CHECK-NOT: nothing found
// RUN: racelab scan --tool native -- %b exit
// EXIT: 3
// CHECK: the program exited with status 4: bad total
// CHECK-NOT: nothing found
// RUN: racelab scan --tool native -- %b
// EXIT: 0
// CHECK: nothing found
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	volatile int *nowhere = NULL;
	const char *how = argc > 1 ? argv[1] : "";

	if (strcmp(how, "crash") == 0) {
		fprintf(stderr, "about to crash\n");
		*nowhere = 1; /* error: SIGSEGV */
	} else if (strcmp(how, "hang") == 0) {
		pause(); /* error: waits for a signal nobody sends */
	} else if (strcmp(how, "exit") == 0) {
		fprintf(stderr, "bad total 3\n");
		return 4;
	}
	return 0;
}
