/*
 * rs_worker.c - many schedules in one fork-server child: the program is
 * reset between them instead of a fork per schedule.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * The fork server (rs_core.c, rs_jobs.c) gives each run to a worker: a
 * child forked before the program's main, as before, that also holds one
 * end of a socket. When its run passes, the worker puts the program back
 * as it was when it was forked and tells the parent ("p"), which can give
 * it the next run (its index and PCT's learned k) instead of forking
 * another child. What is put back:
 *
 *  - the program's writable data (.data, .bss of the executable), copied
 *    before the first run; the runtime's own data is not in it (sched.mk
 *    moves it to the sections rs_data and rs_bss);
 *  - the heap: every block the run allocated, live or quarantined, really
 *    freed; the sync objects, keys, C11 locations and names forgotten;
 *  - the model (rs_g, the main thread's record) as it was at the fork;
 *  - main's thread-locals (the other threads of a run are new threads);
 *  - signal dispositions the run changed, main's argv (getopt permutes
 *    it), getopt's own state (optind, opterr, optopt, optarg: in the C
 *    library, which the program reaches through its GOT) and errno.
 *
 * A run that cannot be put back ends its worker as a fork-per-run child
 * always ended, and the parent forks a fresh one for the next run: a run
 * that failed in any way (its report is made as before), one whose other
 * threads have not all ended and been joined (or were detached), one that
 * ended outside main's own thread, one that called what leaves state
 * outside the program's data and heap (atexit, alarm, setitimer,
 * timer_create, srand and rand's family, setenv, putenv, unsetenv, chdir,
 * setvbuf: the taint wrappers below), or left a new file descriptor open.
 * Never reset: a program with heap blocks from before main, replays (a
 * schedule string, a replay by seed), the shrinking of a failure, and
 * `reset=0`. The exhaustive enumeration is: the parent plans each run in
 * memory its children share (rs_bounded.c).
 *
 * A worker's runs give exactly what fork-per-run children give: each run
 * starts from the same program data, an empty heap table and the same
 * model, and the runtime names heap objects by allocation site, never by
 * address (tests/check_worker.c compares both ways, seed by seed).
 *
 * Parent side (rs_worker_start, rs_worker_reap, rs_worker_kill,
 * rs_workers_end): the fork server's single thread. Child side
 * (rs_worker_snapshot, rs_worker_next): the program's main thread, with
 * no lock held and no other program thread left.
 */
#include "rs.h"
#include "sched_exit.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

/* The runtime's own writable data (sched.mk renames its sections). */
extern char __start_rs_data[] __attribute__((weak));
extern char __stop_rs_data[] __attribute__((weak));
extern char __start_rs_bss[] __attribute__((weak));
extern char __stop_rs_bss[] __attribute__((weak));

void rs_objects_reset(void);
bool rs_objects_empty(void);
void rs_c11_reset(int nthreads);
void rs_report_reset(void);
void rs_memory_reset(void);
void rs_keys_reset(void);

struct rs_worker_cmd {
	long run;
	unsigned long learned;
};

/* ------------------------------------------------------------ parent */

#define RS_WORKERS_MAX 66 /* the jobs' slots and the sequential one */

static struct rs_worker *reg[RS_WORKERS_MAX];
static int nreg;
static long forked; /* workers started */

static void reg_drop(struct rs_worker *w)
{
	for (int k = 0; k < nreg; k++)
		if (reg[k] == w) {
			reg[k] = reg[--nreg];
			return;
		}
}

/* The worker has ended (or is ending): reap it. */
static void worker_gone(struct rs_worker *w, int *st)
{
	int s = 0;

	while (waitpid(w->pid, &s, 0) < 0 && errno == EINTR)
		;
	if (st != NULL)
		*st = s;
	close(w->fd);
	reg_drop(w);
	*w = (struct rs_worker){0};
}

static int child_fd = -1;     /* the worker's end of its socket */
static struct rs_config cfg0; /* rs_cfg before any run changed it */

static void worker_child(struct rs_worker *w, int fd)
{
	int hi;

	for (int k = 0; k < nreg; k++)
		close(reg[k]->fd);
	nreg = 0;
	*w = (struct rs_worker){0};
	/* out of the way of the fd numbers the program is given */
	hi = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	if (hi >= 0) {
		close(fd);
		fd = hi;
	}
	child_fd = fd;
	cfg0 = rs_cfg;
}

/*
 * Run i, with PCT's learned k, in w: its worker when it waits for a run,
 * else a new child. True in the child, which goes on to run the program.
 */
bool rs_worker_start(struct rs_worker *w, long i, unsigned long learned,
		     int outfd, int errfd, int repfd)
{
	struct rs_worker_cmd cmd = {i, learned};
	int sv[2];
	pid_t pid;

	if (w->pid > 0 && w->idle) {
		w->idle = false;
		if (send(w->fd, &cmd, sizeof(cmd), MSG_NOSIGNAL) ==
		    (ssize_t)sizeof(cmd))
			return false;
		worker_gone(w, NULL); /* it died while it waited */
	}
	if (w->pid > 0)
		rs_worker_kill(w, NULL);
	if (nreg == RS_WORKERS_MAX ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		rs_die(RS_EXIT_CONFIG, "error", "fork server: socket: %s",
		       strerror(errno));
	fflush(NULL);
	pid = __real_fork();
	if (pid < 0)
		rs_die(RS_EXIT_CONFIG, "error", "fork: %s", strerror(errno));
	if (pid == 0) {
		close(sv[0]);
		worker_child(w, sv[1]);
		rs_server_child(i, (long)learned, outfd, errfd, repfd);
		return true;
	}
	close(sv[1]);
	forked++;
	*w = (struct rs_worker){.pid = pid, .fd = sv[0]};
	reg[nreg++] = w;
	return false;
}

/* w's fd is readable: its run passed and it waits for the next (*st 0),
 * or it has ended (reaped, *st its status). */
void rs_worker_reap(struct rs_worker *w, int *st)
{
	char c;
	ssize_t n;

	do
		n = recv(w->fd, &c, 1, 0);
	while (n < 0 && errno == EINTR);
	if (n == 1) {
		w->idle = true;
		*st = 0;
		return;
	}
	worker_gone(w, st);
}

void rs_worker_kill(struct rs_worker *w, int *st)
{
	if (w->pid <= 0)
		return;
	__real_kill(w->pid, SIGKILL);
	worker_gone(w, st);
}

/* Every worker still there ended, before the fork server's parent ends. */
void rs_workers_end(void)
{
	while (nreg > 0)
		rs_worker_kill(reg[nreg - 1], NULL);
}

long rs_workers_forked(void)
{
	return forked;
}

/* ------------------------------------------------------------ child */

#define RS_RANGES 8

struct range {
	char *lo, *hi;
	char *copy;
};

static struct range ranges[RS_RANGES];
static int nranges;
static bool can_reset; /* the snapshot is taken and covers the program */
static bool tainted;   /* this run left state outside it */
static struct rs_global g0;
static struct rs_thread main0;
static int errno0, fd_mark;
static int optind0, opterr0, optopt0; /* the C library's getopt state */
static char *optarg0;
static char **argv0, *args0, *args_lo;
static size_t args_len;
/* main's block of the executable's thread-locals and their image */
static char *tls_block;
static const char *tls_image;
static size_t tls_filesz, tls_memsz;

/* Take [lo, hi) out of the ranges. */
static void range_cut(char *lo, char *hi)
{
	for (int k = 0; k < nranges; k++) {
		struct range *r = &ranges[k];

		if (hi <= r->lo || lo >= r->hi)
			continue;
		if (lo > r->lo && hi < r->hi && nranges < RS_RANGES) {
			ranges[nranges++] = (struct range){hi, r->hi, NULL};
			r->hi = lo;
		} else if (lo <= r->lo) {
			r->lo = hi < r->hi ? hi : r->hi;
		} else {
			r->hi = lo;
		}
	}
}

/* The executable's writable segment, its RELRO part left out. */
static int exe_ranges(struct dl_phdr_info *info, size_t size, void *arg)
{
	char *relro_lo = NULL, *relro_hi = NULL;

	(void)size;
	(void)arg;
	for (int k = 0; k < info->dlpi_phnum; k++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[k];
		char *lo = (char *)(info->dlpi_addr + ph->p_vaddr);

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W) &&
		    nranges < RS_RANGES)
			ranges[nranges++] =
			    (struct range){lo, lo + ph->p_memsz, NULL};
		else if (ph->p_type == PT_GNU_RELRO)
			relro_lo = lo, relro_hi = lo + ph->p_memsz;
		else if (ph->p_type == PT_TLS) {
			tls_image =
			    (const char *)(info->dlpi_addr + ph->p_vaddr);
			tls_filesz = ph->p_filesz;
			tls_memsz = ph->p_memsz;
			tls_block = info->dlpi_tls_data;
		}
	}
	if (relro_lo != NULL)
		range_cut(relro_lo, relro_hi);
	return 1; /* the first object is the executable */
}

/* The lowest free file descriptor (a run must leave it so). */
static int fd_lowest(void)
{
	int fd = fcntl(child_fd, F_DUPFD_CLOEXEC, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* main's argv block: the pointers and the strings they point to. */
static bool args_copy(void)
{
	int argc = rs_g.argc;
	char *end;

	argv0 = __real_malloc((size_t)(argc + 1) * sizeof(*argv0));
	if (argv0 == NULL || argc < 1)
		return false;
	__real_memcpy(argv0, rs_g.argv, (size_t)(argc + 1) * sizeof(*argv0));
	args_lo = argv0[0];
	end = argv0[argc - 1] + strlen(argv0[argc - 1]) + 1;
	for (int k = 0; k < argc; k++)
		if (argv0[k] < args_lo || argv0[k] >= end)
			return false; /* not one block: not ours to copy */
	args_len = (size_t)(end - args_lo);
	args0 = __real_malloc(args_len);
	if (args0 == NULL)
		return false;
	__real_memcpy(args0, args_lo, args_len);
	return true;
}

/*
 * In a worker, before its first run: copy what a reset puts back, or
 * decide that this program is never reset (can_reset stays false).
 */
void rs_worker_snapshot(void)
{
	if (child_fd < 0 || !rs_cfg.reset ||
	    (rs_cfg.strategy != RS_RANDOM && rs_cfg.strategy != RS_PCT &&
	     rs_cfg.strategy != RS_POS && rs_cfg.strategy != RS_EXHAUSTIVE) ||
	    !rs_objects_empty() || __start_rs_bss == NULL ||
	    __start_rs_data == NULL)
		return;
	dl_iterate_phdr(exe_ranges, NULL);
	if (nranges == 0 || (tls_image != NULL && tls_block == NULL))
		return;
	range_cut(__start_rs_data, __stop_rs_data);
	range_cut(__start_rs_bss, __stop_rs_bss);
	for (int k = 0; k < nranges; k++) {
		struct range *r = &ranges[k];

		if (r->hi <= r->lo)
			continue;
		r->copy = __real_malloc((size_t)(r->hi - r->lo));
		if (r->copy == NULL)
			return;
		__real_memcpy(r->copy, r->lo, (size_t)(r->hi - r->lo));
	}
	if (!args_copy())
		return;
	g0 = rs_g;
	main0 = *rs_g.threads[0];
	errno0 = errno;
	optind0 = optind;
	opterr0 = opterr;
	optopt0 = optopt;
	optarg0 = optarg;
	fd_mark = fd_lowest();
	can_reset = fd_mark >= 0;
}

/* Did the run that passed leave the process in a state a reset covers? */
static bool worker_resettable(void)
{
	const struct rs_thread *me = rs_self;

	if (!can_reset || tainted || me == NULL || me != rs_g.threads[0] ||
	    me->state != RS_T_LIVE || rs_g.live != 1)
		return false;
	for (int k = 1; k < rs_g.nthreads; k++)
		if (rs_g.threads[k]->state != RS_T_FINISHED ||
		    rs_g.threads[k]->detached)
			return false;
	return fd_lowest() == fd_mark;
}

/* ------------------------------------------------------------ signals */

static struct {
	bool saved;
	struct sigaction sa;
} sig_saved[NSIG];

/* A disposition the run changes is put back by the reset. */
static void sig_save(int sig)
{
	if (!rs_g.in_main || sig <= 0 || sig >= NSIG || sig_saved[sig].saved)
		return;
	if (__real_sigaction(sig, NULL, &sig_saved[sig].sa) == 0)
		sig_saved[sig].saved = true;
}

static void sig_restore(void)
{
	for (int s = 1; s < NSIG; s++)
		if (sig_saved[s].saved) {
			__real_sigaction(s, &sig_saved[s].sa, NULL);
			sig_saved[s].saved = false;
		}
}

int __wrap_sigaction(int sig, const struct sigaction *act,
		     struct sigaction *old);
int __wrap_sigaction(int sig, const struct sigaction *act,
		     struct sigaction *old)
{
	if (act != NULL)
		sig_save(sig);
	return __real_sigaction(sig, act, old);
}

__sighandler_t __wrap_signal(int sig, __sighandler_t h);
__sighandler_t __wrap_signal(int sig, __sighandler_t h)
{
	sig_save(sig);
	return __real_signal(sig, h);
}

/* ------------------------------------------------------------ the reset */

static void worker_reset(void)
{
	int *sched = rs_g.sched;
	size_t cap = rs_g.capsched;
	int n = rs_g.nthreads;

	for (int k = 1; k < n; k++) {
		struct rs_thread *t = rs_g.threads[k];

		if (!t->joined) /* finished in the model: it is leaving */
			__real_pthread_join(t->real, NULL);
		__real_free(t);
	}
	if (cfg0.c11)
		rs_c11_reset(n);
	rs_objects_reset();
	rs_keys_reset();
	if (tls_block != NULL) /* main's; the other threads are new */
		rs_tls_reset(tls_block, tls_image, tls_filesz, tls_memsz);
	rs_report_reset();
	rs_memory_reset();
	sig_restore();
	for (int k = 0; k < nranges; k++)
		if (ranges[k].copy != NULL)
			__real_memcpy(ranges[k].lo, ranges[k].copy,
				      (size_t)(ranges[k].hi - ranges[k].lo));
	__real_memcpy(rs_g.argv, argv0,
		      (size_t)(rs_g.argc + 1) * sizeof(*argv0));
	__real_memcpy(args_lo, args0, args_len);
	rs_g = g0;
	rs_g.sched = sched;
	rs_g.capsched = cap;
	*rs_g.threads[0] = main0;
	tainted = false;
	/* getopt's state lives in the C library: optind = 0 makes its next
	 * call start afresh, as in a new process */
	if (optind != optind0)
		optind = 0;
	opterr = opterr0;
	optopt = optopt0;
	optarg = optarg0;
	errno = errno0;
}

/*
 * A run passed (rs_finish_program, status 0, on the thread that will end
 * the process). In a worker whose run can be put back: reset, tell the
 * parent, wait for the next run and start it (longjmp to __wrap_main).
 * Returns when the process must end as a fork-per-run child does.
 */
void rs_worker_next(jmp_buf *start)
{
	struct rs_worker_cmd cmd;
	ssize_t n;

	if (child_fd < 0 || !worker_resettable())
		return;
	fflush(NULL); /* (a stream the program closed is not flushed) */
	worker_reset();
	if (send(child_fd, "p", 1, MSG_NOSIGNAL) != 1)
		_exit(0);
	do
		n = recv(child_fd, &cmd, sizeof(cmd), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(cmd))
		_exit(0); /* the parent is done with us */
	rs_cfg = cfg0;
	rs_server_run(cmd.run, (long)cmd.learned);
	longjmp(*start, 1);
}

/* ------------------------------------------------------------ taint */

/*
 * Calls that leave state outside the program's data and heap (the C
 * library's, the kernel's): the run they are made in ends its worker.
 * Outside a run (constructors) they change what every child inherits
 * anyway.
 */
static void taint(void)
{
	if (rs_g.in_main)
		tainted = true;
}

#define RS_TAINT(ret, name, params, args)                                      \
	ret __real_##name params;                                              \
	ret __wrap_##name params;                                              \
	ret __wrap_##name params                                               \
	{                                                                      \
		taint();                                                       \
		return __real_##name args;                                     \
	}

#define RS_TAINT_VOID(name, params, args)                                      \
	void __real_##name params;                                             \
	void __wrap_##name params;                                             \
	void __wrap_##name params                                              \
	{                                                                      \
		taint();                                                       \
		__real_##name args;                                            \
	}

RS_TAINT(unsigned int, alarm, (unsigned int s), (s))
RS_TAINT(int, setitimer,
	 (int w, const struct itimerval *v, struct itimerval *o), (w, v, o))
RS_TAINT(int, timer_create, (clockid_t c, struct sigevent *e, timer_t *t),
	 (c, e, t))
RS_TAINT(int, atexit, (void (*f)(void)), (f))
RS_TAINT(int, on_exit, (void (*f)(int, void *), void *a), (f, a))
RS_TAINT(int, at_quick_exit, (void (*f)(void)), (f))
RS_TAINT_VOID(srand, (unsigned int s), (s))
RS_TAINT(int, rand, (void), ())
RS_TAINT(long, random, (void), ())
RS_TAINT_VOID(srandom, (unsigned int s), (s))
RS_TAINT(double, drand48, (void), ())
RS_TAINT(long, lrand48, (void), ())
RS_TAINT(long, mrand48, (void), ())
RS_TAINT_VOID(srand48, (long s), (s))
RS_TAINT(int, setenv, (const char *n, const char *v, int o), (n, v, o))
RS_TAINT(int, putenv, (char *s), (s))
RS_TAINT(int, unsetenv, (const char *n), (n))
RS_TAINT(int, chdir, (const char *p), (p))
RS_TAINT(int, setvbuf, (FILE * f, char *b, int m, size_t n), (f, b, m, n))
