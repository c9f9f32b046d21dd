/*
 * Defect 6: `replay --schedule ''` ran a random schedule (passing or failing
 * by chance) and a malformed schedule exited 1 "(is it a sched build?)".
 * Both are usage errors: exit 2 with one line saying what a schedule is.
 */
// RUN: racelab replay counter --variant bad --schedule ''
// EXIT: 2
// CHECK: is not a schedule string
// CHECK-NOT: FAIL
// RUN: racelab replay counter --variant bad --schedule 1x2.zz
// EXIT: 2
// CHECK: is not a schedule string
// CHECK-NOT: sched build
// RUN: racelab replay counter --variant bad --schedule 1x0
// EXIT: 2
// CHECK: is not a schedule string
int main(void)
{
	return 0;
}
