/*
 * Defect 16: text the program prints never reaches the terminal as control
 * sequences through racelab's summary: ESC and the other control characters
 * are shown as '?'.
 */
// BUILD: plain
// RUN: racelab scan --tool native -- %b
// EXIT: 3
// CHECK: exited with status 1: ?[2J?[31mred?]0;title?
#include <stdio.h>

int main(void)
{
	/* clear screen, red, set the window title */
	fprintf(stderr, "\033[2J\033[31mred\033]0;title\007\n");
	return 1;
}
