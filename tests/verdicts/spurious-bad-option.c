/*
 * --spurious takes a count of spurious wakeups per schedule: a missing or
 * bad value, or the option with a tool other than sched, is a usage error
 * (exit 2) that names it.
 */
// RUN: racelab scan --tool sched --spurious 0 %s
// EXIT: 2
// CHECK: --spurious '0' is not a count of spurious wakeups per schedule
// RUN: racelab scan --tool sched %s --spurious
// EXIT: 2
// CHECK: option '--spurious' needs a value
// RUN: racelab scan --tool native --spurious 1 -- /bin/true
// EXIT: 2
// CHECK: --spurious are for --tool sched
// RUN: racelab run condvar --tool native --spurious 1
// EXIT: 2
// CHECK: --spurious applies to --tool sched only
int main(void)
{
	return 0;
}
