/*
 * grade_build.c - build a submission for the grader (grade_build.h): the
 * student's file is compiled in the sandbox, once per flavour, and linked
 * with the case's trusted objects (make builds them: build/grade/CASE/).
 */
#include "grade_build.h"
#include "paths.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const flavor_names[RLF_N] = {"native", "vg", "tsan",
						"sched"};

static const char *cc(void)
{
	const char *c = getenv("CC");

	return c != NULL && *c ? c : "cc";
}

static const char *tsan_cc(void)
{
	const char *c = getenv("TSAN_CC");

	return c != NULL && *c ? c : "clang";
}

static int copy_file(const char *from, const char *to)
{
	size_t len;
	char *text = rl_read_file(from, &len);
	FILE *f;
	int rc = 0;

	if (text == NULL)
		return -1;
	f = fopen(to, "w");
	if (f == NULL || fwrite(text, 1, len, f) != len)
		rc = -1;
	if (f != NULL && fclose(f) != 0)
		rc = -1;
	free(text);
	return rc;
}

/* The public contract: CASE.h and the drivers' common headers; and
 * features.h, which asks for _GNU_SOURCE unless the file did (a -D on the
 * command line would make a file's own #define a warning). */
static int copy_headers(struct rl_gbuild *b)
{
	char *inc = rl_path_join(b->work, "include");
	char *common = rl_xasprintf("%s/harness/cases/common", rl_srcdir());
	char *hdr = rl_xasprintf("%s/harness/cases/%s/%s.h", rl_srcdir(),
				 b->case_id, b->case_id);
	char *to = rl_xasprintf("%s/%s.h", inc, b->case_id);
	char *feat = rl_xasprintf("%s/harness/core/grade_include/features.h",
				  rl_srcdir());
	char *feat_to = rl_path_join(inc, "features.h");
	DIR *d;
	struct dirent *e;
	int rc = mkdir(inc, 0755) == 0 && copy_file(hdr, to) == 0 ? 0 : -1;

	if (rc == 0 && copy_file(feat, feat_to) != 0)
		rc = -1;

	d = rc == 0 ? opendir(common) : NULL;
	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *src, *dst;

		if (n < 3 || strcmp(e->d_name + n - 2, ".h") != 0)
			continue;
		src = rl_path_join(common, e->d_name);
		dst = rl_path_join(inc, e->d_name);
		if (copy_file(src, dst) != 0)
			rc = -1;
		free(src);
		free(dst);
	}
	if (d != NULL)
		closedir(d);
	free(inc);
	free(common);
	free(hdr);
	free(to);
	free(feat);
	free(feat_to);
	return rc;
}

int rl_gbuild_open(struct rl_gbuild *b, const char *case_id, char **err)
{
	memset(b, 0, sizeof(*b));
	b->case_id = rl_xstrdup(case_id);
	b->work = rl_tmpdir_make();
	b->out = rl_tmpdir_make();
	b->priv = rl_tmpdir_make();
	*err = NULL;
	if (b->work == NULL || b->out == NULL || b->priv == NULL) {
		*err = rl_xstrdup("cannot make the grader's work directories "
				  "(set TMPDIR)");
		return -1;
	}
	/* out is bound read-only inside: the sandbox user must reach it */
	if (rl_sandbox_open(&b->sb, b->work) != 0) {
		*err = rl_xstrdup("cannot set up the sandbox (see above)");
		return -1;
	}
	if (chmod(b->out, 0755) != 0 || copy_headers(b) != 0) {
		*err = rl_xasprintf("cannot prepare the work directory %s: %s",
				    b->work, strerror(errno));
		return -1;
	}
	b->shim_dir = rl_path_join(b->priv, "shim");
	if (mkdir(b->shim_dir, 0700) != 0) {
		*err = rl_xasprintf("cannot make %s", b->shim_dir);
		return -1;
	}
	return 0;
}

/* pids of processes whose command line names our work or out folder:
 * sandboxes (bwrap's argv holds the binds) and the programs in them. */
static size_t ours(const struct rl_gbuild *b, pid_t *pids, size_t max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t n = 0;

	while (d != NULL && (e = readdir(d)) != NULL && n < max) {
		char *path, *cmd;
		size_t len = 0;
		long pid;

		if (!rl_parse_long(e->d_name, 1, 1L << 30, &pid) ||
		    pid == getpid())
			continue;
		path = rl_xasprintf("/proc/%ld/cmdline", pid);
		cmd = rl_read_file(path, &len);
		for (size_t i = 0; cmd != NULL && i + 1 < len; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		if (cmd != NULL &&
		    (strstr(cmd, b->work) || strstr(cmd, b->out) ||
		     (b->ref != NULL && strstr(cmd, b->ref))))
			pids[n++] = (pid_t)pid;
		free(cmd);
		free(path);
	}
	if (d != NULL)
		closedir(d);
	return n;
}

void rl_gbuild_settle(struct rl_gbuild *b)
{
	pid_t pids[512];

	/* A killed sandbox's pid namespace dies asynchronously: wait until
	 * it is gone (a fork storm takes a moment), and kill anything that
	 * still lingers after 2 s. */
	for (int i = 0; i < 100; i++) {
		size_t n = b->work ? ours(b, pids, 512) : 0;

		if (n == 0)
			return;
		for (size_t k = 0; i >= 40 && k < n; k++)
			kill(pids[k], SIGKILL);
		usleep(50000);
	}
}

void rl_gbuild_close(struct rl_gbuild *b)
{
	if (b->work != NULL && b->out != NULL)
		rl_gbuild_settle(b);
	rl_sandbox_close(&b->sb);
	rl_tmpdir_remove(b->work);
	rl_tmpdir_remove(b->out);
	rl_tmpdir_remove(b->priv);
	if (b->ref != NULL)
		rl_tmpdir_remove(b->ref); /* frees the path too */
	free(b->ref_drv);
	free(b->ref_why);
	free(b->case_id);
	free(b->warnings);
	free(b->errors);
	for (int i = 0; i < RLF_N; i++) {
		free(b->why[i]);
		free(b->drv[i]);
	}
	free(b->contract);
	free(b->contract_sched);
	free(b->vg_binary);
	free(b->shim_dir);
	free(b->file_base);
	free(b->file_dir);
	memset(b, 0, sizeof(*b));
}

int rl_gbuild_run(struct rl_gbuild *b, const struct rl_limits *lim,
		  char *const *cmd, double timeout, struct rl_proc *p)
{
	char **argv = rl_sandbox_argv(&b->sb, lim, cmd);
	int rc;

	p->argv = argv;
	p->timeout_s = timeout;
	rc = rl_proc_run(p);
	p->argv = NULL;
	rl_argv_free(argv);
	return rc;
}

/* The first lines of a compiler's output, for the report. */
static char *first_lines(const char *s, int max)
{
	struct rl_buf b = {0};
	int n = 0;

	for (const char *p = s ? s : ""; *p && n < max; n++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);

		rl_buf_add(&b, p, len);
		p += len;
	}
	if (s != NULL && n == max && strlen(b.s) < strlen(s))
		rl_buf_printf(&b, "[... more]\n");
	return rl_buf_take(&b);
}

/* Run a compiler or linker in the sandbox: 0, 1 (it said no: *out has its
 * diagnostics) or -1 (it could not run). */
static int tool(struct rl_gbuild *b, char *const *cmd, char **out)
{
	struct rl_proc p = {0};
	int rc = rl_gbuild_run(b, &rl_limits_build, cmd, 120, &p);

	*out = NULL;
	if (rc != 0 || p.exec_failed) {
		rl_proc_free(&p);
		return -1;
	}
	if (p.timed_out)
		*out = rl_xstrdup("the compiler did not finish in 120 s\n");
	else if (p.err != NULL && *p.err)
		*out = first_lines(p.err, 25);
	rc = p.status == 0 && !p.timed_out ? 0 : 1;
	rl_proc_free(&p);
	return rc;
}

static char *obj_path(const struct rl_gbuild *b, int f)
{
	return rl_xasprintf("%s/%s.o", b->work, flavor_names[f]);
}

/* Compile src for flavour f into the object o. 0, 1 (errors in *diag),
 * -1. */
static int compile_into(struct rl_gbuild *b, int f, const char *src,
			const char *o, char **diag)
{
	char *inc = rl_xasprintf("-I%s/include", b->work);
	char *rsp = rl_xasprintf("@%s/sched/link.rsp", rl_libdir());
	/* reports and traces name "counter.c:42", not the work folder */
	char *map =
	    rl_xasprintf("-ffile-prefix-map=%s=%s", b->work, b->file_dir);
	const char *v[24];
	int k = 0, rc;

	v[k++] = f == RLF_TSAN || f == RLF_SCHED ? tsan_cc() : cc();
	v[k++] = map;
	v[k++] = "-std=c11"; /* _GNU_SOURCE: include/features.h */
	v[k++] = "-pthread";
	v[k++] = inc;
	if (f == RLF_NATIVE) {
		v[k++] = "-O2";
		v[k++] = "-Wall";
		v[k++] = "-Wextra";
	} else {
		v[k++] = "-O1";
		v[k++] = "-g";
		v[k++] = "-w";
	}
	if (f == RLF_VG)
		v[k++] = "-fno-inline";
	if (f == RLF_TSAN)
		v[k++] = "-fsanitize=thread";
	if (f == RLF_SCHED) {
		v[k++] = rsp;
		v[k++] = "-Wno-unused-command-line-argument";
	}
	v[k++] = "-c";
	v[k++] = src;
	v[k++] = "-o";
	v[k++] = o;
	v[k] = NULL;
	if (f == RLF_SCHED)
		rl_sandbox_bind(&b->sb, rsp + 1);
	rc = tool(b, (char *const *)v, diag);
	rl_sandbox_unbind(&b->sb);
	free(inc);
	free(rsp);
	free(map);
	return rc;
}

/* Compile the submission for flavour f. 0, 1 (errors in *diag), -1. */
static int compile(struct rl_gbuild *b, int f, char **diag)
{
	char *src = rl_path_join(b->work, b->file_base);
	char *o = obj_path(b, f);
	int rc = compile_into(b, f, src, o, diag);

	free(o);
	free(src);
	return rc;
}

/* Link the submission's object of flavour f with trusted objects into
 * out/NAME. 0, 1 (diagnostics in *diag), -1. */
static int link_into(struct rl_gbuild *b, int f, const char *o,
		     const char *name, const char *const *objs,
		     const char *outdir, char **diag)
{
	char *tmp = rl_xasprintf("%s/%s", b->work, name);
	char *dst = rl_xasprintf("%s/%s", outdir, name);
	char *rsp = rl_xasprintf("@%s/sched/link.rsp", rl_libdir());
	char *lib = rl_xasprintf("%s/sched/libracesched.a", rl_libdir());
	char *dir = rl_xasprintf("%s/grade/%s/%s", rl_libdir(), b->case_id,
				 flavor_names[f]);
	char *full[4] = {NULL};
	const char *v[24];
	int k = 0, rc;

	v[k++] = f == RLF_TSAN || f == RLF_SCHED ? tsan_cc() : cc();
	v[k++] = "-pthread";
	v[k++] = o;
	for (int i = 0; objs[i] != NULL && i < 3; i++)
		v[k++] = full[i] = rl_xasprintf("%s/%s.o", dir, objs[i]);
	if (f == RLF_TSAN) {
		/* C11 mtx_*, cnd_*, thrd_* as pthread calls TSan sees */
		v[k++] = full[3] = rl_xasprintf("%s/c11threads.o", dir);
		v[k++] = "-fsanitize=thread";
	}
	if (f == RLF_SCHED) {
		v[k++] = rsp;
		v[k++] = lib;
	}
	if (f == RLF_NATIVE && strcmp(objs[0], "contract") == 0) {
		v[k++] = "-Wl,--wrap=pthread_cond_wait";
		v[k++] = "-Wl,--wrap=pthread_cond_timedwait";
		v[k++] =
		    "-Wl,--wrap=usleep,--wrap=nanosleep,--wrap=sched_yield,"
		    "--wrap=clock_nanosleep";
		v[k++] = "-Wl,--wrap=malloc,--wrap=calloc,--wrap=free,"
			 "--wrap=realloc,--wrap=reallocarray,"
			 "--wrap=aligned_alloc,--wrap=posix_memalign,"
			 "--wrap=memalign,--wrap=valloc,--wrap=pvalloc,"
			 "--wrap=strdup,--wrap=strndup";
	}
	v[k++] = "-o";
	v[k++] = tmp;
	v[k] = NULL;
	rl_sandbox_bind(&b->sb, dir);
	if (f == RLF_SCHED) {
		rl_sandbox_bind(&b->sb, rsp + 1);
		rl_sandbox_bind(&b->sb, lib);
	}
	rc = tool(b, (char *const *)v, diag);
	rl_sandbox_unbind(&b->sb);
	/* out/ is root's: a later run cannot swap the program */
	if (rc == 0 && rename(tmp, dst) != 0)
		rc = -1;
	for (int i = 0; i < 4; i++)
		free(full[i]);
	free(tmp);
	free(dst);
	free(rsp);
	free(lib);
	free(dir);
	return rc;
}

static int link_one(struct rl_gbuild *b, int f, const char *name,
		    const char *const *objs, char **diag)
{
	char *o = obj_path(b, f);
	int rc = link_into(b, f, o, name, objs, b->out, diag);

	free(o);
	return rc;
}

/* A wrapper script in priv that starts dir/NAME in the sandbox, with dir
 * (out, or the reference's folder) readable there. */
static char *script_in(struct rl_gbuild *b, const char *dir, const char *name,
		       const struct rl_limits *lim)
{
	char *bin = rl_xasprintf("%s/%s", dir, name);
	char *path = rl_xasprintf("%s/%s", b->priv, name);

	rl_sandbox_bind(&b->sb, dir);
	if (rl_sandbox_script(&b->sb, lim, path, bin, false) != 0) {
		free(path);
		path = NULL;
	}
	rl_sandbox_unbind(&b->sb);
	free(bin);
	return path;
}

static char *script(struct rl_gbuild *b, const char *name,
		    const struct rl_limits *lim)
{
	return script_in(b, b->out, name, lim);
}

/* Is the flavour's trusted set built (make)? NULL or why not. */
static char *flavor_missing(const struct rl_gbuild *b, int f)
{
	const char *obj = f == RLF_TSAN ? "c11threads" : "contract";
	char *p = rl_xasprintf("%s/grade/%s/%s/%s.o", rl_libdir(), b->case_id,
			       flavor_names[f], obj);
	char *why = NULL;

	if (access(p, R_OK) != 0)
		why = rl_xasprintf("%s is not built (run make)",
				   rl_path_short(p));
	free(p);
	return why;
}

static void note_link(struct rl_gbuild *b, const char *diag)
{
	struct rl_buf e = {0};

	if (b->errors != NULL)
		return;
	rl_buf_printf(&e,
		      "the file compiles but does not link with the "
		      "case's driver and contract checks (a missing "
		      "contract function, or a main of its own?):\n%s",
		      diag ? diag : "");
	b->errors = rl_buf_take(&e);
}

static const char *const drv_objs[] = {"driver", "common", NULL};
static const char *const con_objs[] = {"contract", NULL};

/* Build flavour f; -1 only for the grader's own failures. */
static int build_flavor(struct rl_gbuild *b, int f)
{
	char *diag = NULL, *name;
	int rc;
	const struct rl_limits *lim =
	    f == RLF_TSAN ? &(const struct rl_limits){60, 0, 256, 64, 256}
			  : &rl_limits_run;

	if ((b->why[f] = flavor_missing(b, f)) != NULL)
		return 0;
	rc = compile(b, f, &diag);
	if (f == RLF_NATIVE) {
		b->compiled = rc == 0;
		b->warnings = diag;
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		diag = NULL;
	} else if (rc != 0) {
		b->why[f] = rl_xasprintf("the %s build failed:\n%s",
					 flavor_names[f], diag ? diag : "");
		free(diag);
		return rc < 0 ? -1 : 0;
	}
	name = rl_xasprintf("driver-%s", flavor_names[f]);
	rc = link_one(b, f, name, drv_objs, &diag);
	if (rc == 0 && f == RLF_VG)
		b->vg_binary = rl_xasprintf("%s/%s", b->out, name);
	else if (rc == 0)
		b->drv[f] = script(b, name, lim);
	free(name);
	if (rc == 0 && (f == RLF_NATIVE || f == RLF_SCHED)) {
		free(diag);
		diag = NULL;
		name = rl_xasprintf("contract-%s", flavor_names[f]);
		rc = link_one(b, f, name, con_objs, &diag);
		if (rc == 0)
			*(f == RLF_NATIVE ? &b->contract : &b->contract_sched) =
			    script(b, name, lim);
		free(name);
	}
	if (rc > 0)
		note_link(b, diag);
	free(diag);
	return rc < 0 ? -1 : 0;
}

/* priv/shim/valgrind: the real valgrind, started in the sandbox. */
static int valgrind_shim(struct rl_gbuild *b)
{
	char *path = rl_path_join(b->shim_dir, "valgrind");
	const char *real = access("/usr/bin/valgrind", X_OK) == 0
			       ? "/usr/bin/valgrind"
			       : "valgrind";
	int rc;

	rl_sandbox_bind(&b->sb, b->out);
	rc = rl_sandbox_script(
	    &b->sb, &(const struct rl_limits){120, 8192, 256, 64, 256}, path,
	    real, true);
	rl_sandbox_unbind(&b->sb);
	free(path);
	return rc;
}

int rl_gbuild_make(struct rl_gbuild *b, const char *file, unsigned need,
		   char **err)
{
	const char *slash = strrchr(file, '/');
	struct stat st;
	char *src;
	int rc = 0;

	*err = NULL;
	b->file_base = rl_xstrdup(slash ? slash + 1 : file);
	{
		/* absolute: symbolizers join relative debug paths twice */
		char *dir = slash ? strndup(file, (size_t)(slash - file))
				  : rl_xstrdup(".");

		b->file_dir = realpath(*dir ? dir : "/", NULL);
		if (b->file_dir == NULL)
			b->file_dir = rl_xstrdup(b->work);
		free(dir);
	}
	src = rl_path_join(b->work, b->file_base);
	if (lstat(file, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* not followed (cmd_grade.c says why) */
		*err = rl_xasprintf("%s is a symbolic link: racelab grades "
				    "only regular files",
				    file);
		free(src);
		return -1;
	}
	if (copy_file(file, src) != 0) {
		*err =
		    rl_xasprintf("cannot copy %s: %s", file, strerror(errno));
		free(src);
		return -1;
	}
	for (int f = 0; f < RLF_N && rc == 0; f++) {
		if (f != RLF_NATIVE && !(need & (1u << f)))
			continue;
		rc = build_flavor(b, f);
		if (f == RLF_NATIVE && b->why[f] != NULL) {
			*err = rl_xstrdup(b->why[f]);
			rc = -1;
		}
		if (f == RLF_NATIVE && (!b->compiled || b->errors))
			break;
	}
	if (rc == 0 && valgrind_shim(b) != 0)
		rc = -1;
	if (rc != 0 && *err == NULL)
		*err = rl_xasprintf("cannot run the compiler in the sandbox "
				    "(%s)",
				    rl_sandbox_mode(&b->sb));
	free(src);
	return rc;
}

/*
 * The reference: good/CASE.c built natively with the submission's compiler
 * and flags, in the same sandbox, linked with the same driver. Its source,
 * object and binary live in a folder of their own that is bound into the
 * sandbox only for the reference's own build and runs: the submission never
 * sees it (the work folder holds the object for a moment, before any of
 * the submission's runs, and not afterwards).
 */
static int reference_build(struct rl_gbuild *b, char **diag)
{
	char *good = rl_xasprintf("%s/good/%s.c", rl_srcdir(), b->case_id);
	char *src = rl_xasprintf("%s/%s.c", b->ref, b->case_id);
	char *tmp = rl_xasprintf("%s/ref.o", b->work);
	char *obj = rl_xasprintf("%s/ref.o", b->ref);
	int rc = copy_file(good, src) == 0 ? 0 : -1;

	if (rc == 0) {
		rl_sandbox_bind(&b->sb, b->ref);
		rc = compile_into(b, RLF_NATIVE, src, tmp, diag);
	}
	if (rc == 0 && rename(tmp, obj) != 0)
		rc = -1;
	unlink(tmp);
	if (rc == 0) {
		free(*diag);
		*diag = NULL;
		rl_sandbox_bind(&b->sb, b->ref);
		rc = link_into(b, RLF_NATIVE, obj, "driver-ref", drv_objs,
			       b->ref, diag);
	}
	free(good);
	free(src);
	free(tmp);
	free(obj);
	return rc;
}

int rl_gbuild_reference(struct rl_gbuild *b)
{
	char *diag = NULL;

	if (b->ref_drv != NULL || b->ref_why != NULL)
		return b->ref_drv != NULL ? 0 : -1;
	b->ref = rl_tmpdir_make();
	if (b->ref == NULL || chmod(b->ref, 0755) != 0)
		b->ref_why = rl_xstrdup("cannot make the reference's folder");
	else if (reference_build(b, &diag) != 0)
		b->ref_why = rl_xasprintf("the reference good/%s.c did not "
					  "build:\n%s",
					  b->case_id, diag ? diag : "");
	else if ((b->ref_drv = script_in(b, b->ref, "driver-ref",
					 &rl_limits_run)) == NULL)
		b->ref_why = rl_xstrdup("cannot write the reference's "
					"wrapper");
	free(diag);
	return b->ref_drv != NULL ? 0 : -1;
}
