/*
 * Defect 12: Helgrind and DRD cannot run a ThreadSanitizer build (TSan's
 * shadow mappings made Valgrind grow to 14.5 GB): refuse it up front with
 * the fix (exit 2).
 */
// BUILD: tsan
// RUN: racelab scan --tool helgrind -- %b
// EXIT: 2
// TIMEOUT: 20
// CHECK: is built with -fsanitize=thread, which helgrind cannot run
// RUN: racelab scan --tool drd -- %b
// EXIT: 2
// TIMEOUT: 20
// CHECK: is built with -fsanitize=thread, which drd cannot run
#include <stdio.h>

int main(void)
{
	puts("hello");
	return 0;
}
