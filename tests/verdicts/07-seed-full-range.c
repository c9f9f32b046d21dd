/*
 * Defect 7: explore --seed 0x7fffffffffffffff printed the replay seed
 * 0x8000000000000001, which replay rejected. Seeds are 64-bit: every seed
 * explore prints is one replay accepts, and S, S+1, ... wrap past
 * 0xffffffffffffffff to 0.
 */
// clang-format off
// RUN: racelab explore counter --variant bad --seed 0x7fffffffffffffff --runs 100 --strategy random
// EXIT: 3
// CHECK: --seed 0x8000000000000001 --strategy random
// RUN: racelab replay counter --variant bad --seed 0x8000000000000001 --strategy random
// EXIT: 3
// CHECK: FAIL: counter: expected 4 got
// RUN: racelab explore counter --variant good --seed 0xfffffffffffffffe --runs 4
// EXIT: 0
// CHECK: seeds 0xfffffffffffffffe..0x1
// RUN: racelab replay counter --variant bad --seed 0x10000000000000000
// EXIT: 2
// CHECK: is not a seed
// clang-format on
int main(void)
{
	return 0;
}
