/*
 * paths.c - find the build (or install) that racelab belongs to, from the
 * location of its own executable, so it works from any working directory.
 */
#include "paths.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *libdir, *srcdir;

static bool is_dir_with(const char *dir, const char *entry)
{
	char *p = rl_path_join(dir, entry);
	bool ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

static void locate(void)
{
	char exe[PATH_MAX], *slash, *up;
	const char *home = getenv("RACELAB_HOME");
	ssize_t n;

	if (libdir != NULL)
		return;
	if (home != NULL && *home != '\0') {
		srcdir = rl_xstrdup(home);
		libdir = rl_path_join(home, "build");
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		srcdir = rl_xstrdup(".");
		libdir = rl_xstrdup("build");
		return;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	*slash = '\0';		      /* exe is now the directory of racelab */
	up = rl_path_join(exe, ".."); /* build/.. or PREFIX/bin/.. */
	if (is_dir_with(up, "harness/cases")) {
		libdir = rl_xstrdup(exe);
		srcdir = realpath(up, NULL);
	} else {
		libdir = rl_path_join(up, "lib/racelab");
		srcdir = rl_path_join(up, "share/racelab");
	}
	if (srcdir == NULL)
		srcdir = rl_xstrdup(up);
	free(up);
}

const char *rl_libdir(void)
{
	locate();
	return libdir;
}

const char *rl_srcdir(void)
{
	locate();
	return srcdir;
}

char *rl_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	/* "dir/" + "x" is "dir/x", not "dir//x" (a path a user typed) */
	return rl_xasprintf("%s%s%s", dir,
			    n > 0 && dir[n - 1] == '/' ? "" : "/", name);
}

char *rl_case_binary(const char *build, const char *case_id,
		     const char *variant)
{
	return rl_xasprintf("%s/%s/%s-%s", rl_libdir(), build, case_id,
			    variant);
}

const char *rl_path_short(const char *path)
{
	const char *src = rl_srcdir();
	size_t n = strlen(src);

	if (path != NULL && strncmp(path, src, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static bool is_program(const char *path)
{
	struct stat st;

	return access(path, X_OK) == 0 && stat(path, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

char *rl_which(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;

	if (strchr(prog, '/') != NULL)
		return is_program(prog) ? rl_xstrdup(prog) : NULL;
	copy = rl_xstrdup(path ? path : "/usr/bin:/bin");
	for (char *p = copy; !found && (dir = strtok_r(p, ":", &save));
	     p = NULL) {
		char *full = rl_path_join(dir, prog);

		if (is_program(full))
			found = full;
		else
			free(full);
	}
	free(copy);
	return found;
}
