/*
 * cmd_grade.c - `racelab grade CASE FILE.c` (one submission) and
 * `racelab grade CASE DIR` (a class, --jobs at a time, CSV summary). The
 * grading itself is harness/core/grade.c; this file is options and output.
 */
#include "commands.h"
#include "grade.h"
#include "opts.h"
#include "out.h"
#include "paths.h"
#include "proc.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct gopts {
	struct rl_grade_opts g;
	bool json, csv;
	const char *gradescope, *junit, *out_dir;
	long jobs; /* 0: --jobs not given */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: racelab grade CASE FILE.c [OPTIONS]\n"
		"       racelab grade CASE DIR [--jobs N] [--out DIR]\n\n"
		"Builds FILE.c (a student's CASE.c) against the case's "
		"contract in a private\nwork directory, in a sandbox, and runs "
		"the case's named, point-weighted\nchecks "
		"(harness/cases/CASE/grade). Prints PASS/FAIL per check with "
		"its\nevidence and 'Score: a/b'. With DIR, grades every *.c in "
		"it and prints a\nCSV summary.\n\n"
		"  --json             the grade as JSON (SPEC 9 schema)\n"
		"  --gradescope PATH  also write Gradescope's results.json\n"
		"  --junit FILE       also write JUnit XML\n"
		"  --csv              one CSV row (header: racelab grade CASE "
		"--csv-header)\n"
		"  --only CHECK[,CHECK...]\n"
		"                     run only these checks (one, with "
		"--schedule: replay it)\n"
		"  --schedule STR     replay this schedule (sched/explore "
		"checks)\n"
		"  --seed S, --strategy portfolio|random|pos|pct, --depth D, "
		"--spurious N\n"
		"                     sched/explore checks: where to start "
		"(replay)\n"
		"  --timeout S        every check's wall-clock bound, s\n"
		"  --jobs N           DIR: grade N submissions at once\n"
		"  --out DIR          DIR: write each submission's report "
		"there (made if\n"
		"                     missing)\n"
		"  --verbose          progress on stderr\n"
		"--jobs and --out need DIR; --json, --gradescope and --junit "
		"need FILE.c\n(exit 2 otherwise).\n\n"
		"Exit: 0 full marks, 1 below full marks, 2 usage error, 70 "
		"the grade could\nnot be made (DIR: 0 when every file was "
		"graded). docs/grading.md.\n");
}

/* The options that take a value to check: 0, or a usage error's code. */
static int parse_value(int c, const char *arg, struct gopts *o)
{
	long n;

	switch (c) {
	case 'S':
		if (!rl_parse_long(arg, 0, __LONG_MAX__, &n))
			return rl_usage_error(
			    "grade: --seed '%s' is not a number", arg);
		o->g.seed = (unsigned long long)n;
		break;
	case 'T':
		if (strcmp(arg, "random") != 0 && strcmp(arg, "pct") != 0 &&
		    strcmp(arg, "pos") != 0 && strcmp(arg, "portfolio") != 0)
			return rl_usage_error("grade: --strategy is portfolio, "
					      "random, pos or pct");
		o->g.strategy = arg;
		break;
	case 'D':
		if (!rl_parse_long(arg, 1, 20, &n))
			return rl_usage_error(
			    "grade: --depth '%s' is not 1..20", arg);
		o->g.depth = (int)n;
		break;
	case 'P':
		if (!rl_parse_long(arg, 1, 1000000L, &o->g.spurious))
			return rl_usage_error(
			    "grade: --spurious '%s' is not 1..1000000", arg);
		break;
	case 't':
		if (!rl_parse_double(arg, 0.1, 3600, &o->g.timeout))
			return rl_usage_error(
			    "grade: --timeout '%s' is not 0.1..3600 s", arg);
		break;
	case 'J':
		if (!rl_parse_long(arg, 1, 64, &o->jobs))
			return rl_usage_error(
			    "grade: --jobs '%s' is not a number 1..64", arg);
		break;
	}
	return 0;
}

static int parse(int argc, char **argv, struct gopts *o, bool *header)
{
	static const struct option longs[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"gradescope", required_argument, NULL, 'g'},
	    {"junit", required_argument, NULL, 'u'},
	    {"csv", no_argument, NULL, 'c'},
	    {"csv-header", no_argument, NULL, 'H'},
	    {"only", required_argument, NULL, 'o'},
	    {"schedule", required_argument, NULL, 's'},
	    {"seed", required_argument, NULL, 'S'},
	    {"strategy", required_argument, NULL, 'T'},
	    {"depth", required_argument, NULL, 'D'},
	    {"spurious", required_argument, NULL, 'P'},
	    {"timeout", required_argument, NULL, 't'},
	    {"jobs", required_argument, NULL, 'J'},
	    {"out", required_argument, NULL, 'O'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'g':
			o->gradescope = optarg;
			break;
		case 'u':
			o->junit = optarg;
			break;
		case 'c':
			o->csv = true;
			break;
		case 'H':
			*header = true;
			break;
		case 'o':
			o->g.only = optarg;
			break;
		case 's':
			o->g.schedule = optarg;
			break;
		case 'O':
			o->out_dir = optarg;
			break;
		case 'v':
			o->g.verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(RL_EXIT_OK);
		case 'S':
		case 'T':
		case 'D':
		case 'P':
		case 't':
		case 'J':
			if (parse_value(c, optarg, o) != 0)
				return RL_EXIT_USAGE;
			break;
		default:
			return rl_usage_error(
			    "grade: unknown or incomplete option '%s' (see "
			    "racelab grade --help)",
			    argv[optind - 1]);
		}
	}
	return 0;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
		fprintf(stderr, "racelab: grade: cannot write %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* Usage errors about FILE: one line, exit 2. 0 when it is gradable. */
static int check_file(const char *file)
{
	struct stat st;
	size_t n = strlen(file);

	/* a link is not followed: racelab may run as root, and a link to a
	 * file its owner cannot read would show that file's first lines in
	 * the compiler's errors */
	if (lstat(file, &st) == 0 && S_ISLNK(st.st_mode))
		return rl_usage_error("grade: %s is a symbolic link: racelab "
				      "grades only regular files (copy the "
				      "file it points to)",
				      file);
	if (stat(file, &st) != 0)
		return rl_usage_error("grade: %s: %s", file, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return rl_usage_error("grade: %s is not a regular file", file);
	if (n < 3 || strcmp(file + n - 2, ".c") != 0)
		return rl_usage_error("grade: %s is not a C source file "
				      "(expected FILE.c)",
				      file);
	if (st.st_size == 0)
		return rl_usage_error("grade: %s is empty (nothing to grade)",
				      file);
	if (access(file, R_OK) != 0)
		return rl_usage_error("grade: %s: %s", file, strerror(errno));
	return 0;
}

/* Options of the other form (one FILE.c, or a DIR of them) are usage
 * errors naming the form they need, never silently ignored. */
static int form_options(bool dir, const struct gopts *o)
{
	if (!dir && o->out_dir != NULL)
		return rl_usage_error(
		    "grade: --out is for a folder of submissions (racelab "
		    "grade CASE DIR --out REPORTS); one FILE.c's report is "
		    "on stdout: redirect it (> REPORT.txt)");
	if (!dir && o->jobs != 0)
		return rl_usage_error(
		    "grade: --jobs grades a folder's files N at a time "
		    "(racelab grade CASE DIR --jobs N); one FILE.c is graded "
		    "alone: drop --jobs");
	if (dir && (o->json || o->gradescope != NULL || o->junit != NULL))
		return rl_usage_error(
		    "grade: --%s writes one submission's grade: give CASE "
		    "FILE.c (a folder's grades are the CSV; --out REPORTS "
		    "keeps each report)",
		    o->json	    ? "json"
		    : o->gradescope ? "gradescope"
				    : "junit");
	return 0;
}

/* --gradescope/--junit PATH: the file must be writable before the grade
 * is made, so that a grade is never made and then lost. 0, or exit 2 with
 * one line naming the option, the path and why. */
static int report_path_ready(const char *opt, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL   ? rl_xstrdup(".")
		    : slash == path ? rl_xstrdup("/")
				    : strndup(path, (size_t)(slash - path));
	struct stat st;
	int rc = 0;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		rc = rl_usage_error("grade: %s %s: a folder (name the file to "
				    "write)",
				    opt, path);
	else if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		rc = rl_usage_error("grade: %s %s: folder %s is not there "
				    "(make it first)",
				    opt, path, dir);
	else if (access(dir, W_OK | X_OK) != 0 ||
		 (access(path, F_OK) == 0 && access(path, W_OK) != 0))
		rc = rl_usage_error("grade: %s %s: cannot write it: %s", opt,
				    path, strerror(errno));
	free(dir);
	return rc;
}

static int report_paths_ready(const struct gopts *o)
{
	int rc = 0;

	if (o->gradescope != NULL)
		rc = report_path_ready("--gradescope", o->gradescope);
	if (rc == 0 && o->junit != NULL)
		rc = report_path_ready("--junit", o->junit);
	return rc;
}

/* --only names checks of the case's table; --schedule replays one. */
static int check_only(const struct rl_gtable *t, const char *case_id,
		      const char *only, const char *schedule)
{
	char *bad = rl_grade_unknown_check(t, only);
	int rc = 0;

	if (schedule != NULL && strchr(only, ',') != NULL)
		rc = rl_usage_error("grade: --schedule replays one check: "
				    "give --only a single CHECK");
	else if (bad != NULL)
		rc = rl_usage_error("grade: --only: case %s has no check '%s' "
				    "(the checks: racelab grade %s "
				    "--csv-header)",
				    case_id, bad, case_id);
	free(bad);
	return rc;
}

static int grade_one(const char *case_id, const char *file,
		     const struct gopts *o)
{
	struct rl_grade g;
	char *text;
	int rc = check_file(file);

	if (rc == 0)
		rc = report_paths_ready(o);
	if (rc != 0)
		return rc;
	if (rl_grade_run(case_id, file, &o->g, &g) != 0) {
		fprintf(stderr, "racelab: grade: %s\n",
			g.error ? g.error : "internal error");
		rl_grade_free(&g);
		return RL_EXIT_INTERNAL;
	}
	if (o->json) {
		text = rl_grade_json(&g);
		fputs(text, stdout);
		free(text);
	} else if (o->csv) {
		text = rl_grade_csv_row(&g);
		fputs(text, stdout);
		free(text);
	} else {
		rl_grade_print(stdout, &g);
	}
	if (o->gradescope != NULL) {
		text = rl_grade_gradescope(&g);
		rc |= write_file(o->gradescope, text);
		free(text);
	}
	if (o->junit != NULL) {
		text = rl_grade_junit(&g);
		rc |= write_file(o->junit, text);
		free(text);
	}
	if (rc == 0)
		rc = g.score == g.max_score ? RL_EXIT_OK : RL_EXIT_FAIL;
	else
		rc = RL_EXIT_INTERNAL;
	rl_grade_free(&g);
	return rc;
}

/* ------------------------------------------------------------ a class */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_c_files(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
			continue;
		v = rl_xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = rl_path_join(dir, e->d_name);
	}
	if (d != NULL)
		closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), by_name);
	return v;
}

/* --out DIR: made if it is not there (its parent must be), and writable;
 * else one line naming it and why, before anything is graded. */
static int out_dir_ready(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr,
			"racelab: grade: --out %s: cannot create it: %s (its "
			"parent folder must exist)\n",
			dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr,
			"racelab: grade: --out %s: not a folder (name a folder "
			"for the reports)\n",
			dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		fprintf(stderr,
			"racelab: grade: --out %s: cannot write in it: "
			"%s\n",
			dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Grade one file in a child: its CSV row goes to rowfile. */
static void bulk_child(const char *case_id, const char *file,
		       const struct gopts *o, const char *rowfile)
{
	struct rl_grade g;
	struct rl_grade_opts go = o->g;
	char *row;
	int rc;

	go.display = file;
	if (check_file(file) != 0) {
		row = rl_grade_csv_error(file, 0);
	} else if (rl_grade_run(case_id, file, &go, &g) != 0) {
		row = rl_grade_csv_error(file, g.table.max_score);
		rl_grade_free(&g);
	} else {
		row = rl_grade_csv_row(&g);
		if (o->out_dir != NULL) {
			const char *base = strrchr(file, '/');
			char *name =
			    rl_xasprintf("%s.txt", base ? base + 1 : file);
			char *p = rl_path_join(o->out_dir, name);
			FILE *f = fopen(p, "w");

			if (f == NULL) {
				fprintf(stderr,
					"racelab: grade: cannot write "
					"%s: %s\n",
					p, strerror(errno));
			} else {
				rl_grade_print(f, &g);
				fclose(f);
			}
			free(name);
			free(p);
		}
		fprintf(stderr, "racelab grade: %s: %d/%d\n", file, g.score,
			g.max_score);
		rl_grade_free(&g);
	}
	rc = write_file(rowfile, row);
	free(row);
	_exit(rc == 0 ? 0 : 70);
}

static int grade_dir(const char *case_id, const char *dir,
		     const struct gopts *o, const struct rl_gtable *t)
{
	size_t n, next = 0, running = 0;
	char **files, *tmp, *header;
	int bad = 0, status;

	if (o->out_dir != NULL && out_dir_ready(o->out_dir) != 0)
		return RL_EXIT_USAGE;
	files = list_c_files(dir, &n);
	tmp = rl_tmpdir_make();
	if (tmp == NULL)
		return RL_EXIT_INTERNAL;
	if (n == 0) {
		free(files);
		rl_tmpdir_remove(tmp);
		return rl_usage_error("grade: %s holds no *.c file", dir);
	}
	while (next < n || running > 0) {
		if (next < n && running < (size_t)(o->jobs ? o->jobs : 1)) {
			char *row = rl_xasprintf("%s/%zu.csv", tmp, next);
			pid_t pid;

			fflush(NULL);
			pid = fork();
			if (pid == 0)
				bulk_child(case_id, files[next], o, row);
			free(row);
			if (pid < 0)
				break;
			next++;
			running++;
			continue;
		}
		if (wait(&status) < 0)
			break;
		running--;
		bad |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	header = rl_grade_csv_header(t);
	fputs(header, stdout);
	free(header);
	for (size_t i = 0; i < n; i++) {
		char *row = rl_xasprintf("%s/%zu.csv", tmp, i);
		char *text = rl_read_file(row, NULL);

		if (text == NULL || strstr(text, ",error\n") != NULL)
			bad = 1;
		fputs(text ? text : "", stdout);
		free(text);
		free(row);
		free(files[i]);
	}
	free(files);
	rl_tmpdir_remove(tmp);
	return bad ? RL_EXIT_INTERNAL : RL_EXIT_OK;
}

int cmd_grade(int argc, char **argv)
{
	struct gopts o = {0};
	struct rl_catalogue cat;
	struct rl_gtable t;
	struct stat st;
	bool header = false, dir;
	char *err = NULL;
	int rc = parse(argc, argv, &o, &header);

	if (rc != 0)
		return rc;
	if (optind >= argc || (optind + 2 != argc && !header))
		return rl_usage_error("grade: expected CASE FILE.c or CASE DIR "
				      "(see racelab grade --help)");
	if ((rc = rl_cli_catalogue(&cat)) != 0)
		return rc;
	if (rl_cli_case(&cat, argv[optind]) == NULL) {
		rl_catalogue_free(&cat);
		return RL_EXIT_USAGE;
	}
	rl_catalogue_free(&cat);
	if (rl_gtable_load(&t, argv[optind], &err) != 0) {
		fprintf(stderr, "racelab: grade: case '%s' has no grader: %s\n",
			argv[optind], err);
		free(err);
		return errno == ENOENT ? RL_EXIT_USAGE : RL_EXIT_INTERNAL;
	}
	if (o.g.only != NULL &&
	    (rc = check_only(&t, argv[optind], o.g.only, o.g.schedule)) != 0) {
		rl_gtable_free(&t);
		return rc;
	}
	if (header) {
		char *h = rl_grade_csv_header(&t);

		fputs(h, stdout);
		free(h);
		rl_gtable_free(&t);
		return RL_EXIT_OK;
	}
	o.g.display = argv[optind + 1];
	dir = stat(argv[optind + 1], &st) == 0 && S_ISDIR(st.st_mode);
	rc = form_options(dir, &o);
	if (rc == 0 && dir)
		rc = grade_dir(argv[optind], argv[optind + 1], &o, &t);
	else if (rc == 0)
		rc = grade_one(argv[optind], argv[optind + 1], &o);
	rl_gtable_free(&t);
	return rc;
}
