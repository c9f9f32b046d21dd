/*
 * sandbox.c - the argv that confines a submission (sandbox.h): prlimit for
 * the rlimits, setpriv to leave root, bwrap for the namespaces and the
 * minimal file system. Everything is an existing tool run by exec; racelab
 * only composes the command line.
 */
#include "sandbox.h"
#include "paths.h"
#include "proc.h"
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The sandbox users when we are root. RLIMIT_NPROC counts every process
 * of a user, so sandboxes running at the same time as one user would share
 * one process limit (a busy machine made a correct submission "not
 * compile") and could signal each other. Each open sandbox therefore holds
 * a user of its own from Debian's reserved range 65000-65533, claimed with
 * a lock file; only when every slot is taken does it fall back to nobody. */
#define SB_UID_FIRST 65000
#define SB_UID_SLOTS 534
#define SB_NOBODY    65534
#define SB_GID	     65534
#define SB_LOCK_FMT  "/tmp/racelab-sandbox-uid-%d.lock"

/* Compilers need address space and a few helper processes; the program
 * under test gets room for its threads, never a fork storm. */
const struct rl_limits rl_limits_build = {60, 4096, 256, 256, 256};
const struct rl_limits rl_limits_run = {60, 1024, 256, 64, 256};

/* System directories the sandbox sees, read-only. */
static const char *const sysdirs[] = {"/usr", "/etc",	"/bin",	  "/sbin",
				      "/lib", "/lib32", "/lib64", "/libx32"};

static void vpush(char ***v, size_t *n, char *s)
{
	*v = rl_xrealloc(*v, (*n + 2) * sizeof(**v));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

static void vpushc(char ***v, size_t *n, const char *s)
{
	vpush(v, n, rl_xstrdup(s));
}

/* The rlimits. RLIMIT_NPROC counts every process of the user: without
 * bwrap it is set here, for the sandbox's own user (claim_uid); with bwrap
 * it is set inside, where the sandbox's user namespace counts only its
 * processes. */
static void push_prlimit(char ***v, size_t *n, const struct rl_limits *l,
			 bool nproc)
{
	vpushc(v, n, "prlimit");
	vpush(v, n, rl_xasprintf("--cpu=%ld", l->cpu_s));
	if (l->as_mb > 0)
		vpush(v, n, rl_xasprintf("--as=%ld", l->as_mb << 20));
	if (nproc)
		vpush(v, n, rl_xasprintf("--nproc=%ld", l->nproc));
	vpush(v, n, rl_xasprintf("--fsize=%ld", l->fsize_mb << 20));
	vpush(v, n, rl_xasprintf("--nofile=%ld", l->nofile));
	vpushc(v, n, "--");
}

static void push_setpriv(char ***v, size_t *n, int uid)
{
	vpushc(v, n, "setpriv");
	vpush(v, n, rl_xasprintf("--reuid=%d", uid));
	vpush(v, n, rl_xasprintf("--regid=%d", SB_GID));
	vpushc(v, n, "--clear-groups");
	vpushc(v, n, "--");
}

/* A host path that is a symlink (merged /usr: /bin -> usr/bin) is
 * recreated as the same symlink; a directory is bound read-only. */
static void push_sysdir(char ***v, size_t *n, const char *dir)
{
	char target[4096];
	ssize_t len = readlink(dir, target, sizeof(target) - 1);
	struct stat st;

	if (len > 0) {
		target[len] = '\0';
		vpushc(v, n, "--symlink");
		vpushc(v, n, target);
		vpushc(v, n, dir);
	} else if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		vpushc(v, n, "--ro-bind");
		vpushc(v, n, dir);
		vpushc(v, n, dir);
	}
}

static void push_bwrap(char ***v, size_t *n, const struct rl_sandbox *sb)
{
	const char *home = getenv("HOME");

	vpushc(v, n, "bwrap");
	for (size_t i = 0; i < sizeof(sysdirs) / sizeof(*sysdirs); i++)
		push_sysdir(v, n, sysdirs[i]);
	vpushc(v, n, "--dev");
	vpushc(v, n, "/dev");
	vpushc(v, n, "--proc");
	vpushc(v, n, "/proc");
	vpushc(v, n, "--tmpfs");
	vpushc(v, n, "/tmp");
	if (home != NULL && home[0] == '/' && strcmp(home, "/") != 0) {
		/* an empty, private $HOME: nothing to read, nowhere to write */
		vpushc(v, n, "--tmpfs");
		vpushc(v, n, home);
	}
	for (size_t i = 0; i < sb->nbinds; i++) {
		vpushc(v, n, "--ro-bind");
		vpushc(v, n, sb->binds[i]);
		vpushc(v, n, sb->binds[i]);
	}
	vpushc(v, n, "--bind");
	vpushc(v, n, sb->work);
	vpushc(v, n, sb->work);
	vpushc(v, n, "--chdir");
	vpushc(v, n, sb->work);
	vpushc(v, n, "--setenv");
	vpushc(v, n, "TMPDIR");
	vpushc(v, n, "/tmp");
	vpushc(v, n, "--unshare-all"); /* user, pid, net, ipc, uts, cgroup */
	vpushc(v, n, "--die-with-parent");
	vpushc(v, n, "--new-session");
	vpushc(v, n, "--");
}

char **rl_sandbox_argv(const struct rl_sandbox *sb, const struct rl_limits *lim,
		       char *const *cmd)
{
	char **v = NULL;
	size_t n = 0;

	push_prlimit(&v, &n, lim, !sb->bwrap);
	if (sb->drop_uid)
		push_setpriv(&v, &n, sb->uid);
	if (sb->bwrap) {
		push_bwrap(&v, &n, sb);
		vpushc(&v, &n, "prlimit");
		vpush(&v, &n, rl_xasprintf("--nproc=%ld", lim->nproc));
		vpushc(&v, &n, "--");
	} else {
		/* no private /tmp: temporary files (Valgrind's, the
		 * compiler's) go in the work directory, which the sandbox
		 * user can write, not in racelab's own */
		vpushc(&v, &n, "env");
		vpush(&v, &n, rl_xasprintf("TMPDIR=%s", sb->work));
	}
	for (size_t i = 0; cmd[i] != NULL; i++)
		vpushc(&v, &n, cmd[i]);
	return v;
}

/* Can bwrap set up a sandbox here at all? NULL, or why not. */
/* Run `true` through the sandbox as it stands (sb->bwrap decides the
 * mode): NULL when it ran, else why not (one line, malloc'd). */
static char *try_true(const struct rl_sandbox *sb)
{
	char *cmd[] = {"true", NULL};
	char **argv = rl_sandbox_argv(sb, &rl_limits_build, cmd);
	struct rl_proc p = {.argv = argv, .timeout_s = 20};
	char *why = NULL, *nl;

	if (rl_proc_run(&p) != 0 || p.exec_failed)
		why = rl_xasprintf("%s is not installed (make deps)", argv[0]);
	else if (p.status != 0)
		why = rl_xasprintf("%.200s",
				   p.err && *p.err ? p.err : "no reason given");
	if (why != NULL && (nl = strchr(why, '\n')) != NULL)
		*nl = '\0';
	rl_proc_free(&p);
	rl_argv_free(argv);
	return why;
}

static char *probe_bwrap(struct rl_sandbox *sb)
{
	char *why, *out, *path = rl_which("bwrap");
	bool installed = path != NULL;

	free(path);
	if (!installed)
		return rl_xstrdup("bwrap is not installed (apt-get install "
				  "bubblewrap, or make deps)");
	sb->bwrap = true;
	why = try_true(sb);
	if (why == NULL)
		return NULL;
	sb->bwrap = false;
	out = rl_xasprintf("bwrap cannot run here: %s", why);
	free(why);
	return out;
}

/* Can "other" (the sandbox user) pass through every folder above path? */
static bool reachable(const char *path)
{
	char *p = rl_xstrdup(path), *slash;
	struct stat st;
	bool ok = true;

	while (ok && (slash = strrchr(p, '/')) != NULL && slash != p) {
		*slash = '\0';
		ok = stat(p, &st) == 0 && (st.st_mode & S_IXOTH);
	}
	free(p);
	return ok;
}

/* Claim a sandbox user no other open sandbox holds (see SB_UID_FIRST);
 * the lock lasts until rl_sandbox_close or the end of this process. */
static void claim_uid(struct rl_sandbox *sb)
{
	sb->uid = SB_NOBODY;
	for (int i = 0; i < SB_UID_SLOTS; i++) {
		char path[64];
		int fd;

		snprintf(path, sizeof(path), SB_LOCK_FMT, SB_UID_FIRST + i);
		fd =
		    open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			sb->uid = SB_UID_FIRST + i;
			sb->uid_lock = fd;
			sb->uid_locked = true;
			return;
		}
		close(fd);
	}
}

int rl_sandbox_open(struct rl_sandbox *sb, const char *work)
{
	char *why;

	memset(sb, 0, sizeof(*sb));
	sb->work = rl_xstrdup(work);
	sb->drop_uid = geteuid() == 0;
	if (sb->drop_uid && !reachable(work)) {
		fprintf(stderr,
			"racelab: grade: the sandbox user cannot "
			"reach %s: use a TMPDIR that others may enter "
			"(chmod o+x), e.g. TMPDIR=/tmp\n",
			work);
		return -1;
	}
	if (sb->drop_uid)
		claim_uid(sb);
	if (sb->drop_uid && chown(work, sb->uid, SB_GID) != 0) {
		perror("racelab: grade: chown of the work directory");
		rl_sandbox_close(sb);
		return -1;
	}
	if (getenv("RACELAB_NO_BWRAP") != NULL)
		sb->why_not = rl_xstrdup("RACELAB_NO_BWRAP is set");
	else
		sb->why_not = probe_bwrap(sb);
	/* The chain itself (prlimit, setpriv, bwrap) must start a program;
	 * if it cannot, every check would fail for reasons that are not the
	 * submission's ("does not compile" for a correct file). */
	if (!sb->bwrap && (why = try_true(sb)) != NULL) {
		fprintf(stderr,
			"racelab: grade: the sandbox cannot start a program "
			"(%s): %s\n",
			rl_sandbox_mode(sb), why);
		free(why);
		rl_sandbox_close(sb);
		return -1;
	}
	return 0;
}

void rl_sandbox_close(struct rl_sandbox *sb)
{
	if (sb->uid_locked)
		close(sb->uid_lock);
	rl_sandbox_unbind(sb);
	free(sb->work);
	free(sb->why_not);
	memset(sb, 0, sizeof(*sb));
}

void rl_sandbox_bind(struct rl_sandbox *sb, const char *path)
{
	sb->binds = rl_xrealloc(sb->binds, (sb->nbinds + 2) * sizeof(char *));
	sb->binds[sb->nbinds++] = rl_xstrdup(path);
	sb->binds[sb->nbinds] = NULL;
}

void rl_sandbox_unbind(struct rl_sandbox *sb)
{
	rl_argv_free(sb->binds);
	sb->binds = NULL;
	sb->nbinds = 0;
}

const char *rl_sandbox_mode(const struct rl_sandbox *sb)
{
	static char buf[300];

	if (sb->bwrap)
		return "bwrap";
	snprintf(buf, sizeof(buf), "rlimits only (%s)",
		 sb->why_not ? sb->why_not : "no bwrap");
	return buf;
}

/* Rewrite "--xml-file=F" into "--xml-fd=3" with F opened on fd 3. */
static const char xml_shim[] =
    "x=/dev/null\nn=$#\n"
    "while [ \"$n\" -gt 0 ]; do a=$1; shift; n=$((n - 1))\n"
    "  case $a in --xml-file=*) x=${a#--xml-file=}; set -- \"$@\" "
    "--xml-fd=3 ;;\n  *) set -- \"$@\" \"$a\" ;; esac\ndone\n"
    "exec 3>\"$x\"\n";

int rl_sandbox_script(const struct rl_sandbox *sb, const struct rl_limits *lim,
		      const char *path, const char *target, bool xml_fd)
{
	char *cmd[] = {(char *)target, NULL};
	char **argv = rl_sandbox_argv(sb, lim, cmd);
	struct rl_buf b = {0};
	FILE *f;
	char *text;
	int rc = 0;

	rl_buf_printf(&b, "#!/bin/sh\n# racelab grade: %s in the sandbox\n",
		      target);
	if (xml_fd)
		rl_buf_printf(&b, "%s", xml_shim);
	rl_buf_printf(&b, "exec ");
	for (size_t i = 0; argv[i] != NULL; i++) {
		rl_buf_shell_word(&b, argv[i]);
		rl_buf_add(&b, " ", 1);
	}
	rl_buf_printf(&b, "\"$@\"\n");
	text = rl_buf_take(&b);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) == EOF)
		rc = -1;
	if (f != NULL && fclose(f) != 0)
		rc = -1;
	if (rc == 0 && chmod(path, 0755) != 0)
		rc = -1;
	free(text);
	rl_argv_free(argv);
	return rc;
}
