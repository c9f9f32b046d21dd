/*
 * Defect 10: a directory given as the program is a usage error (exit 2,
 * one line saying so), not "nothing found".
 */
// RUN: racelab scan --tool native -- %S
// EXIT: 2
// CHECK: is a directory, not a program
// CHECK-NOT: nothing found
// RUN: racelab scan --tool helgrind -- %t
// EXIT: 2
// CHECK: is a directory, not a program
int main(void)
{
	return 0;
}
