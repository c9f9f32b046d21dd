/*
 * paths.h - where racelab finds its case binaries and sources.
 *
 * In the build tree:   racelab is build/racelab, binaries under build/, sources
 *                      (bad/, good/, harness/cases/) one level up.
 * Installed (PREFIX):  bin/racelab, binaries under lib/racelab/, sources under
 *                      share/racelab/.
 * RACELAB_HOME=DIR overrides both with DIR/build and DIR.
 */
#ifndef RACELAB_PATHS_H
#define RACELAB_PATHS_H

/* The directory holding native/, tsan/, vg/, sched/ ... (no trailing /). */
const char *rl_libdir(void);

/* The directory holding bad/, good/, harness/cases/ ... */
const char *rl_srcdir(void);

/* malloc'd "dir/name"; dies on out of memory. */
char *rl_path_join(const char *dir, const char *name);

/* The binary for a case variant under a build folder (a tool row's build). */
char *rl_case_binary(const char *build, const char *case_id,
		     const char *variant);

/*
 * Shorten a path the tools printed to the project-relative form people read
 * ("/home/x/racelab/bad/counter.c" -> "bad/counter.c"). Returns path itself
 * when it is not under the source dir.
 */
const char *rl_path_short(const char *path);

/* The regular executable file prog names: itself when it has a '/', else
 * the first in $PATH (/usr/bin:/bin when unset). malloc'd, or NULL. */
char *rl_which(const char *prog);

#endif
