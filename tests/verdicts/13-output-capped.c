/*
 * Defect 13: a program's output is held to its first and last megabytes
 * (256 MB of stderr once took racelab past 500 MB of memory); the cut is
 * said, and the end, where the program's last words are, is kept.
 * (check_harness.c measures racelab's memory on the same flood.)
 */
// BUILD: plain
// RUN: racelab scan --tool native -- %b
// EXIT: 3
// TIMEOUT: 120
// CHECK: the program's output was cut
// CHECK: exited with status 1: 
// CHECK: / last words
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char line[1 << 16];

	memset(line, 'x', sizeof(line));
	line[sizeof(line) - 1] = '\n';
	fprintf(stderr, "first words\n");
	for (int i = 0; i < 4096; i++) /* 256 MB */
		if (write(STDERR_FILENO, line, sizeof(line)) < 0)
			return 2;
	fprintf(stderr, "last words\n");
	return 1;
}
