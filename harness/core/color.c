/*
 * color.c - colour on a terminal, decided once (color.h).
 */
#include "color.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int color = -1;

void rl_color_set(bool on)
{
	color = on;
}

static bool color_on(void)
{
	if (color < 0) {
		const char *nc = getenv("NO_COLOR");

		color = isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0') &&
			getenv("TERM") != NULL &&
			strcmp(getenv("TERM"), "dumb") != 0;
	}
	return color;
}

#define COLOR(name, code)                                                      \
	const char *rl_c_##name(void)                                          \
	{                                                                      \
		return color_on() ? code : "";                                 \
	}
COLOR(red, "\033[31m")
COLOR(green, "\033[32m")
COLOR(yellow, "\033[33m")
COLOR(bold, "\033[1m")
COLOR(dim, "\033[2m")
COLOR(off, "\033[0m")
