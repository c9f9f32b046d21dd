/*
 * `racelab bench sched` in one small round (the full bench is not part of
 * make test): the speed rows (the fork floor, each case's good variant and
 * its ratio to the floor) and the search rows (schedules to the first
 * failure per bad case and strategy) in SPEC section 8's JSON shape; bad
 * options and an unknown bench are usage errors.
 */
// clang-format off
// RUN: racelab bench sched --rounds 1 --runs 5 --bases 1 --cap 50 --json
// EXIT: 0
// CHECK: {"bench":"sched-speed","impl":"fork-floor","threads":2,"unit":"forks/s","higher_is_better":true,
// CHECK: {"bench":"sched-speed-ratio","impl":"counter",
// CHECK: {"bench":"sched-find-random","impl":"counter","threads":2,"unit":"schedules","higher_is_better":false,
// CHECK: {"bench":"sched-find-pct","impl":"lfqueue",
// CHECK-NOT: memorder","threads":2,"unit":"schedules"
// RUN: racelab bench sched --rounds 0
// EXIT: 2
// CHECK: --rounds '0' is not a number 1..50
// RUN: racelab bench nosuch
// EXIT: 2
// CHECK: unknown bench 'nosuch'
// clang-format on
int main(void)
{
	return 0;
}
