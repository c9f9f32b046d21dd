/*
 * Defect 35: under helgrind, drd and native, a program that aborts is said
 * to have done so with its own message, and a non-zero exit is shown with
 * the program's last words; neither is "nothing found".
 */
// BUILD: plain
// RUN: racelab scan --tool helgrind -- %b
// EXIT: 5
// CHECK: the program aborted: Assertion `total == 3' failed at
// CHECK-NOT: nothing found
// RUN: racelab scan --tool drd -- %b
// EXIT: 5
// CHECK: the program aborted: Assertion `total == 3' failed at
// CHECK-NOT: nothing found
// RUN: racelab scan --tool native -- %b
// EXIT: 5
// CHECK: the program aborted: Assertion `total == 3' failed at
// RUN: racelab scan --tool helgrind -- %b quiet
// EXIT: 3
// CHECK: the program exited with status 2: total is 2, not 3
#include <assert.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	int total = 2;

	if (argc > 1) {
		fprintf(stderr, "total is %d, not 3\n", total);
		return 2;
	}
	assert(total == 3); /* error */
	return 0;
}
