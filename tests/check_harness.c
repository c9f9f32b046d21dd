/*
 * check_harness.c - what racelab leaves behind and how it starts: signals
 * sent to racelab itself, processes that leave the run's process group,
 * output files checked before the run, file names that look like options.
 * These need orchestration the // RUN: format of check_verdicts cannot
 * express (a signal mid-run, a look at the process table afterwards).
 *
 * Each test runs build/racelab (RACELAB_BUILD overrides build/) with its own
 * TMPDIR, and this test process is a child subreaper: anything racelab
 * orphans is re-parented here, where the test finds it.
 */
#include "testlib.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *racelab(void)
{
	const char *b = getenv("RACELAB_BUILD");
	char path[PATH_MAX], full[PATH_MAX];

	snprintf(path, sizeof(path), "%s/racelab", b && *b ? b : "build");
	ck_assert_msg(realpath(path, full) != NULL, "no %s: run make", path);
	return rl_xstrdup(full);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* A private TMPDIR for racelab, so leftovers can be counted. */
static char *private_tmp(void)
{
	char *dir = rl_xstrdup("/tmp/racelab-harness-XXXXXX");

	ck_assert(mkdtemp(dir) != NULL);
	return dir;
}

/* Names in dir (NULL-separated list in one buffer), for messages. */
static char *listing(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct rl_buf b = {0};

	*count = 0;
	if (d == NULL)
		return rl_xstrdup("(unreadable)");
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		rl_buf_printf(&b, " %s", e->d_name);
		(*count)++;
	}
	closedir(d);
	return rl_buf_take(&b);
}

/* Our live (non-zombie) children: racelab's orphans come to us. With
 * kill_them, each is killed (by its pid) as it is found. */
static int live_children(struct rl_buf *names, bool kill_them)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	ck_assert(d != NULL);
	while ((e = readdir(d)) != NULL) {
		char path[300], buf[512], *p;
		FILE *f;
		size_t got;
		int ppid;
		char state;

		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		got = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[got] = '\0';
		p = strrchr(buf, ')');
		if (p == NULL || sscanf(p + 1, " %c %d", &state, &ppid) != 2)
			continue;
		if (ppid == getpid() && state != 'Z') {
			if (names != NULL)
				rl_buf_printf(names, " [%s]", buf);
			if (kill_them)
				kill(atoi(e->d_name), SIGKILL);
			n++;
		}
	}
	closedir(d);
	return n;
}

/* Kill and reap whatever a failed test left, so it cannot spoil the
 * next one. */
static void reap_all(void)
{
	for (int i = 0; i < 10 && live_children(NULL, true) > 0; i++)
		pause_ms(50);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

struct child {
	pid_t pid;
	int out; /* read end of its stdout+stderr (a pipe or a pty master) */
};

/*
 * Start argv with TMPDIR=tmp in its own process group (as a shell would
 * start a job), stdout and stderr to a pipe, or to a pseudo-terminal when
 * tty is set (so racelab draws its progress line).
 */
static struct child start(char *const *argv, const char *tmp, bool tty)
{
	struct child c = {0};
	int fds[2], slave = -1;

	if (tty) {
		fds[0] = posix_openpt(O_RDWR | O_NOCTTY);
		ck_assert(fds[0] >= 0 && grantpt(fds[0]) == 0 &&
			  unlockpt(fds[0]) == 0);
		slave = open(ptsname(fds[0]), O_RDWR | O_NOCTTY);
		ck_assert(slave >= 0);
		fds[1] = slave;
	} else {
		ck_assert(pipe(fds) == 0);
	}
	c.pid = fork();
	ck_assert(c.pid >= 0);
	if (c.pid == 0) {
		setpgid(0, 0);
		setenv("TMPDIR", tmp, 1);
		setenv("NO_COLOR", "1", 1);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	setpgid(c.pid, c.pid);
	close(fds[1]);
	c.out = fds[0];
	return c;
}

/* Wait up to limit seconds; the exit status (wait() form), or -1. */
static int finish(struct child *c, double limit, char **text)
{
	struct rl_buf b = {0};
	double end = now() + limit;
	int st = -1;

	fcntl(c->out, F_SETFL, O_NONBLOCK);
	for (;;) {
		char buf[4096];
		ssize_t n;

		while ((n = read(c->out, buf, sizeof(buf))) > 0)
			rl_buf_add(&b, buf, (size_t)n);
		if (st == -1 && waitpid(c->pid, &st, WNOHANG) != c->pid)
			st = -1;
		if ((st != -1 && n <= 0) || now() > end)
			break;
		pause_ms(20);
	}
	if (st == -1) {
		kill(-c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	close(c->out);
	*text = rl_buf_take(&b);
	return st;
}

/* Wait (bounded) until racelab has a run going: a racelab.* directory. */
static void wait_for_run(const char *tmp, double limit)
{
	double end = now() + limit;
	int n;

	while (now() < end) {
		char *names = listing(tmp, &n);
		bool running = strstr(names, "racelab.") != NULL;

		free(names);
		if (running)
			return;
		pause_ms(50);
	}
	ck_abort_msg("racelab started no run in %.0f s", limit);
}

/* After racelab is gone: no file in tmp, no process left. */
static void assert_nothing_left(const char *tmp)
{
	struct rl_buf names = {0};
	int n;
	char *files;

	pause_ms(200);
	files = listing(tmp, &n);
	ck_assert_msg(n == 0, "left in TMPDIR:%s", files);
	free(files);
	ck_assert_msg(live_children(&names, false) == 0, "left running:%s",
		      names.s ? names.s : "");
	free(names.s);
}

static void setup(void)
{
	/* racelab's orphans are re-parented here, where we can see them */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

/* Defect 14: SIGTERM to `racelab check` used to orphan its workers, and
 * the progress line was left without a newline. */
START_TEST(sigterm_to_check_stops_its_workers)
{
	char *rl = racelab(), *tmp = private_tmp(), *text;
	char *argv[] = {rl, "check", "--tool", "helgrind", "--jobs", "2", NULL};
	struct child c = start(argv, tmp, true);
	int st;

	wait_for_run(tmp, 30);
	kill(c.pid, SIGTERM); /* racelab alone, as `kill PID` does */
	st = finish(&c, 20, &text);
	ck_assert_msg(st != -1, "racelab did not stop after SIGTERM:\n%s",
		      text);
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
		      "racelab should die of SIGTERM, status 0x%x:\n%s", st,
		      text);
	ck_assert_msg(text[0] && text[strlen(text) - 1] == '\n',
		      "the output does not end with a newline:\n%s", text);
	assert_nothing_left(tmp);
	reap_all();
	rmdir(tmp);
	free(text);
	free(tmp);
	free(rl);
}
END_TEST

/* Defect 14: Ctrl-C (SIGINT to the job's process group) left racelab.*
 * directories and Valgrind's vgdb FIFOs in TMPDIR. */
START_TEST(ctrl_c_leaves_no_files)
{
	char *rl = racelab(), *tmp = private_tmp(), *text;
	char *argv[] = {rl, "check", "--tool", "drd", "--jobs", "2", NULL};
	struct child c = start(argv, tmp, false);
	int st;

	wait_for_run(tmp, 30);
	pause_ms(300); /* valgrind itself is up */
	kill(-c.pid, SIGINT);
	st = finish(&c, 20, &text);
	ck_assert_msg(st != -1, "racelab did not stop after SIGINT:\n%s", text);
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT,
		      "racelab should die of SIGINT, status 0x%x:\n%s", st,
		      text);
	assert_nothing_left(tmp);
	reap_all();
	rmdir(tmp);
	free(text);
	free(tmp);
	free(rl);
}
END_TEST

/* Defect 14: Ctrl-C during `scan --tool sched` left the directory with the
 * program racelab had built. */
START_TEST(ctrl_c_during_sched_scan_removes_the_build)
{
	char *rl = racelab(), *tmp = private_tmp(), *text, *src;
	char *argv[] = {rl,	   "scan",	"--tool", "sched", "--runs",
			"1000000", "--timeout", "60",	  NULL,	   NULL};
	struct child c;
	FILE *f;
	int st;

	src = rl_xasprintf("%s.c", tmp);
	f = fopen(src, "w");
	ck_assert(f != NULL);
	fputs("#include <pthread.h>\n"
	      "static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n"
	      "static int n;\n"
	      "static void *work(void *a) { (void)a; for (int i = 0; i < 50;"
	      " i++) { pthread_mutex_lock(&m); n++; pthread_mutex_unlock(&m);"
	      " } return 0; }\n"
	      "int main(void) { pthread_t t[2]; for (int i = 0; i < 2; i++)"
	      " pthread_create(&t[i], 0, work, 0); for (int i = 0; i < 2; "
	      "i++) pthread_join(t[i], 0); return n == 100 ? 0 : 1; }\n",
	      f);
	fclose(f);
	argv[8] = src;
	c = start(argv, tmp, false);
	wait_for_run(tmp, 30);
	pause_ms(1500); /* built, exploring */
	kill(-c.pid, SIGINT);
	st = finish(&c, 20, &text);
	ck_assert_msg(st != -1, "racelab did not stop after SIGINT:\n%s", text);
	assert_nothing_left(tmp);
	reap_all();
	unlink(src);
	rmdir(tmp);
	free(src);
	free(text);
	free(tmp);
	free(rl);
}
END_TEST

/* Defect 15: a grandchild that calls setsid() leaves the run's process
 * group; it must not outlive the run. */
START_TEST(setsid_grandchild_does_not_survive)
{
	char *rl = racelab(), *tmp = private_tmp(), *text, *pidfile, *script;
	char *argv[] = {rl,	   "scan", "--tool", "native", "--",
			"/bin/sh", "-c",   NULL,     NULL};
	struct child c;
	long pid = 0;
	FILE *f;
	int st;

	pidfile = rl_xasprintf("%s.pid", tmp);
	/* setsid(1) in a background job (not a group leader) calls setsid()
	 * and execs sleep: a new session, a pid we know */
	script =
	    rl_xasprintf("setsid sleep 100 & echo $! > %s; exit 0", pidfile);
	argv[7] = script;
	c = start(argv, tmp, false);
	st = finish(&c, 30, &text);
	ck_assert_msg(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "scan should end clean, status 0x%x:\n%s", st, text);
	f = fopen(pidfile, "r");
	ck_assert(f != NULL && fscanf(f, "%ld", &pid) == 1 && pid > 0);
	fclose(f);
	pause_ms(200);
	if (kill((pid_t)pid, 0) == 0) {
		kill((pid_t)pid, SIGKILL); /* it was ours to end */
		reap_all();
		ck_abort_msg("the setsid() grandchild %ld survived the run",
			     pid);
	}
	assert_nothing_left(tmp);
	unlink(pidfile);
	rmdir(tmp);
	free(pidfile);
	free(script);
	free(text);
	free(tmp);
	free(rl);
}
END_TEST

/* Defect 17: --junit / --markdown to a path that cannot be written is
 * found before anything runs (it used to be after the whole matrix). */
START_TEST(unwritable_report_file_is_refused_up_front)
{
	char *rl = racelab(), *tmp = private_tmp(), *text;
	char *junit[] = {rl, "check", "--junit", "/nonexistent/dir/m.xml",
			 NULL};
	char *md[] = {rl, "check", "--markdown", "/nonexistent/dir/t.md", NULL};
	char *const *cmds[] = {junit, md};

	for (int i = 0; i < 2; i++) {
		struct child c = start(cmds[i], tmp, false);
		double t0 = now();
		int st = finish(&c, 10, &text);

		ck_assert_msg(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 2,
			      "%s should exit 2 at once, status 0x%x:\n%s",
			      cmds[i][2], st, text);
		ck_assert_msg(now() - t0 < 5, "took %.1f s", now() - t0);
		ck_assert_msg(strstr(text, "/nonexistent/dir/") != NULL &&
				  strstr(text, "PASS") == NULL,
			      "%s", text);
		free(text);
	}
	assert_nothing_left(tmp);
	rmdir(tmp);
	free(tmp);
	free(rl);
}
END_TEST

/* Defect 13: 256 MB of stderr once cost racelab more than 512 MB of
 * memory; it keeps the head and the tail now. */
START_TEST(flood_of_output_keeps_memory_bounded)
{
	char *rl = racelab(), *tmp = private_tmp();
	char *argv[] = {
	    rl,	      "scan",
	    "--tool", "native",
	    "--",     "/bin/sh",
	    "-c",     "yes 'a line of output' | head -c 268435456 >&2; exit 1",
	    NULL};
	struct child c = start(argv, tmp, false);
	struct rusage ru;
	int st;

	/* wait4 gives racelab's own peak memory; its output is small */
	ck_assert(wait4(c.pid, &st, 0, &ru) == c.pid);
	close(c.out);
	ck_assert_msg(ru.ru_maxrss < 64 * 1024,
		      "racelab used %ld KB for 256 MB of output", ru.ru_maxrss);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 3, "status 0x%x", st);
	assert_nothing_left(tmp);
	rmdir(tmp);
	free(tmp);
	free(rl);
}
END_TEST

/* A racy counter whose assert fails in some schedules. */
static void write_racy(const char *path)
{
	FILE *f = fopen(path, "w");

	ck_assert(f != NULL);
	fputs("#include <assert.h>\n#include <pthread.h>\n"
	      "static int n;\n"
	      "static void *work(void *a) { (void)a; int v = n; n = v + 1; "
	      "return 0; }\n"
	      "int main(void) { pthread_t t[2]; for (int i = 0; i < 2; i++) "
	      "pthread_create(&t[i], 0, work, 0); for (int i = 0; i < 2; i++) "
	      "pthread_join(t[i], 0); assert(n == 2); return 0; }\n",
	      f);
	fclose(f);
}

/* Run a shell line in dir with racelab's folder first in PATH. */
static int shell_in(const char *dir, const char *rl, const char *line,
		    const char *tmp, char **text)
{
	char *bin = rl_xstrdup(rl);
	char *script;
	char *argv[] = {"/bin/sh", "-c", NULL, NULL};
	struct child c;
	int st;

	*strrchr(bin, '/') = '\0';
	script =
	    rl_xasprintf("cd '%s' && PATH='%s':$PATH && %s", dir, bin, line);
	argv[2] = script;
	c = start(argv, tmp, false);
	st = finish(&c, 120, text);
	free(script);
	free(bin);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Defect 11: a file named -v.c must never reach the compiler as an option,
 * and the printed replay line must survive the shell (a path with a
 * space). */
START_TEST(file_names_are_not_options_and_replays_are_quoted)
{
	char *rl = racelab(), *tmp = private_tmp(), *text, *dir, *path;
	char *replay, *end;
	int rc;

	dir = rl_xasprintf("%s/with space", tmp);
	ck_assert(mkdir(dir, 0700) == 0);
	path = rl_xasprintf("%s/-v.c", dir);
	write_racy(path);
	free(path);
	path = rl_xasprintf("%s/my prog.c", dir);
	write_racy(path);
	rc = shell_in(dir, rl, "racelab scan --tool sched --runs 300 -v.c", tmp,
		      &text);
	ck_assert_msg(rc == 2 && strstr(text, "write ./-v.c") != NULL &&
			  strstr(text, "clang") == NULL,
		      "exit %d:\n%s", rc, text);
	free(text);
	rc = shell_in(dir, rl, "racelab scan --tool sched --runs 300 ./-v.c",
		      tmp, &text);
	ck_assert_msg(rc == 1 && strstr(text, "replay: ") != NULL,
		      "exit %d:\n%s", rc, text);
	free(text);
	rc = shell_in(dir, rl,
		      "racelab scan --tool sched --runs 300 'my prog.c'", tmp,
		      &text);
	ck_assert_msg(rc == 1 && (replay = strstr(text, "replay: ")) != NULL,
		      "exit %d:\n%s", rc, text);
	replay = rl_xstrdup(replay + 8);
	if ((end = strchr(replay, '\n')) != NULL)
		*end = '\0';
	free(text);
	rc = shell_in(dir, rl, replay, tmp, &text);
	ck_assert_msg(rc == 1 && strstr(text, "FAIL") != NULL,
		      "the replay line '%s' did not replay (exit %d):\n%s",
		      replay, rc, text);
	free(text);
	free(replay);
	unlink(path);
	free(path);
	path = rl_xasprintf("%s/-v.c", dir);
	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
	assert_nothing_left(tmp);
	rmdir(tmp);
	free(tmp);
	free(rl);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("harness");
	TCase *tc = testlib_tcase("leftovers");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 150);
	tcase_add_test(tc, sigterm_to_check_stops_its_workers);
	tcase_add_test(tc, ctrl_c_leaves_no_files);
	tcase_add_test(tc, ctrl_c_during_sched_scan_removes_the_build);
	tcase_add_test(tc, setsid_grandchild_does_not_survive);
	tcase_add_test(tc, unwritable_report_file_is_refused_up_front);
	tcase_add_test(tc, flood_of_output_keeps_memory_bounded);
	tcase_add_test(tc, file_names_are_not_options_and_replays_are_quoted);
	suite_add_tcase(s, tc);
	return s;
}

TESTLIB_MAIN
