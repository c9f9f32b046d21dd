/*
 * Defect 8: `run counter --tool sched --threads 3 --iters 3` failed, but
 * its replay line said --threads 2 --iters 2 (the overrides reach the
 * driver as -t3 -i3, and only "-t 3" was read back): the printed replay
 * must replay the same program.
 */
// RUN: racelab run counter --tool sched --threads 3 --iters 3
// EXIT: 0
// CHECK: expected 9 got
// CHECK: replay: racelab replay counter --variant bad --threads 3 --iters 3
// --seed CHECK-NOT: --threads 2 RUN: racelab replay counter --variant bad
// --threads 3 --iters 3 --seed 0x0 --strategy random EXIT: 3 CHECK: FAIL:
// counter: expected 9 got
int main(void)
{
	return 0;
}
