/*
 * color.h - colour on a terminal: ANSI codes when stdout is a TTY, TERM is
 * not "dumb" and NO_COLOR is unset or empty; "" otherwise.
 */
#ifndef RACELAB_COLOR_H
#define RACELAB_COLOR_H

#include <stdbool.h>

const char *rl_c_red(void);
const char *rl_c_green(void);
const char *rl_c_yellow(void);
const char *rl_c_bold(void);
const char *rl_c_dim(void);
const char *rl_c_off(void);
/* Force colour on or off (--color / tests). */
void rl_color_set(bool on);

#endif
