/*
 * features.h - the grader's stand-in for glibc's <features.h>, first on a
 * submission's include path (grade_build.c copies it into the work
 * folder's include/). It asks for _GNU_SOURCE, as the Makefile's
 * -D_GNU_SOURCE does for good/ and bad/, but only when the file has not
 * asked itself: a file that opens with `#define _GNU_SOURCE` (or `... 1`)
 * compiles with no "_GNU_SOURCE redefined" warning, as it does under
 * plain `cc -std=c11 -Wall -Wextra`. Every glibc header includes this
 * before anything else; the real one follows.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* the form most files write, should one come later */
#endif
#include_next <features.h>
