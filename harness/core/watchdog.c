/*
 * watchdog.c - the native deadlock watchdog (watchdog.h).
 *
 * Two halves. While the program runs, wd_poll() samples its threads from
 * /proc and, once the samples say "stuck", captures everything that needs
 * the live process (memory map, futex words, mutex owners, stack slices,
 * the call instruction before each candidate return address) and asks
 * rl_proc to kill the group. After the kill, explain() loads the ELF
 * symbols, picks each thread's call chain, runs addr2line once, builds the
 * waits-for graph and writes the report. Nothing here stops or ptrace()s the
 * program: it is only read.
 */
#include "watchdog.h"
#include "elfsym.h"
#include "paths.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define WD_MAX_TASKS   512   /* threads sampled at most */
#define WD_STACK_BYTES 16384 /* stack read above each blocked thread's sp */
#define WD_MAX_CANDS   48    /* return-address candidates kept per thread */
#define WD_MAX_FRAMES  3     /* program frames looked for per thread */
#define WD_MAX_LINES   4     /* source locations shown per thread */
#define WD_TID_MASK    0x3fffffffu /* FUTEX_TID_MASK */
#define WD_WAITERS     0x80000000u /* FUTEX_WAITERS */
#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

/* A contended mutex's owner is read from glibc's own field, at the offset
 * this build of glibc has (the programs watched use the same glibc). On
 * another C library the build stops here: docs/sched.md, Portability. */
#if !defined(__GLIBC__)
#error "the deadlock watchdog reads glibc's pthread_mutex_t (__data.__owner)"
#endif
#define WD_OWNER_OFFSET offsetof(pthread_mutex_t, __data.__owner)

/* ------------------------------------------------------------ sampling */

struct wd_task {
	int tid;
	int ns_tid; /* the tid in the program's own pid namespace: what
		       glibc writes in a mutex or a thread's tid word */
	char state; /* R, S, D, Z, ... */
	unsigned long long ticks;  /* utime + stime */
	unsigned long long run_ns; /* schedstat: time spent on a CPU */
	char sys[192];		   /* task/TID/syscall, as read */
	long nr;		   /* syscall number; -1 none, -2 running */
	uint64_t arg[6], sp, pc;
};

enum call_kind { CALL_NONE, CALL_DIRECT, CALL_GOT, CALL_INDIRECT };

struct wd_cand {
	uint64_t ret;	 /* a return address into the program's code */
	uint64_t target; /* CALL_DIRECT: where the call went */
	enum call_kind kind;
};

/* What was captured about one blocked thread before the kill. */
struct wd_blocked {
	int tid;
	int ns_tid;	    /* as in struct wd_task */
	uint64_t uaddr;	    /* the futex */
	int cmd;	    /* FUTEX_WAIT, FUTEX_LOCK_PI, ... */
	bool private_futex; /* FUTEX_PRIVATE_FLAG: no other process can wake it
			     */
	uint32_t val;	    /* the value it waits to change */
	uint32_t word;	    /* the futex word now */
	int32_t owner;	    /* glibc's __data.__owner beside it */
	bool have_word, have_owner;
	struct wd_cand cand[WD_MAX_CANDS];
	int ncand;
};

struct wd_map {
	uint64_t lo, hi, off;
	bool exec;
	bool shared; /* MAP_SHARED: other processes may map it too */
	char *path;  /* "" when anonymous */
};

/*
 * What an all-blocked state is, once it has lasted `samples` samples:
 * a waits-for cycle (proof: called at once), nothing that could end it
 * (called after the quiet period), or something outside the threads that
 * could still end it (never called: the run's timeout decides).
 */
enum wd_decision { WD_WATCHING, WD_CYCLE, WD_QUIET, WD_HELD };

struct wd_state {
	struct wd_task *prev;
	int nprev;
	int same; /* consecutive identical all-blocked samples */
	double t0, first_stuck;
	enum wd_decision decision; /* about the current all-blocked state */
	char *held; /* what could still end it (WD_HELD), for the note */
	/* captured once the state is all-blocked for `samples` samples */
	struct wd_blocked *b;
	int nb;
	struct wd_map *maps;
	int nmaps;
	char *exe;
	int pid;
	char **env; /* the child's env_add, with RACELAB_WATCHDOG=1 */
};

/* Read a small /proc file into buf (NUL-terminated). false on error. */
static bool read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* tid as the program itself knows it: the last field of NSpid (a program
 * in a sandbox has its own pid namespace), or tid. */
static int ns_tid(int pid, int tid)
{
	char path[96], buf[2048], *p;
	int inner = tid;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid, tid);
	if (!read_small(path, buf, sizeof(buf)) ||
	    (p = strstr(buf, "\nNSpid:")) == NULL)
		return tid;
	for (p += 7; *p != '\n' && *p != '\0';) {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		inner = (int)v;
		p = end;
	}
	return inner;
}

/* 0, -1 when the task is gone, -2 when the kernel will not show its
 * syscall (ptrace access denied: the watchdog is blind). */
static int read_task(int pid, int tid, struct wd_task *t)
{
	char path[96], buf[1024];
	const char *p;
	unsigned long long ut = 0, st = 0;

	memset(t, 0, sizeof(*t));
	t->tid = tid;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	if (!read_small(path, buf, sizeof(buf)) ||
	    (p = strrchr(buf, ')')) == NULL)
		return -1;
	/* ") S ppid pgrp session tty tpgid flags minflt cminflt majflt
	 * cmajflt utime stime" */
	if (sscanf(p + 1,
		   " %c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu",
		   &t->state, &ut, &st) != 3)
		return -1;
	t->ticks = ut + st;
	t->ns_tid = ns_tid(pid, tid);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/schedstat", pid, tid);
	if (read_small(path, buf, sizeof(buf)))
		sscanf(buf, "%llu", &t->run_ns);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", pid, tid);
	if (!read_small(path, t->sys, sizeof(t->sys)))
		return errno == EACCES || errno == EPERM ? -2 : -1;
	if (strncmp(t->sys, "running", 7) == 0) {
		t->nr = -2;
		return 0;
	}
	/* "NR a0 a1 a2 a3 a4 a5 sp pc", or "-1 sp pc" outside a syscall. */
	if (sscanf(t->sys,
		   "%ld %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64
		   " %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64,
		   &t->nr, &t->arg[0], &t->arg[1], &t->arg[2], &t->arg[3],
		   &t->arg[4], &t->arg[5], &t->sp, &t->pc) < 1)
		t->nr = -1;
	return 0;
}

static int by_tid(const void *a, const void *b)
{
	const struct wd_task *x = a, *y = b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

/* Every task of pid, sorted by tid. -1 when the process is gone, -2 when
 * the kernel will not let us look. */
static int sample(int pid, struct wd_task *t, int max)
{
	char path[64];
	DIR *d;
	struct dirent *de;
	int n = 0, rc;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && n < max) {
		int tid = atoi(de->d_name);

		if (tid <= 0)
			continue;
		if ((rc = read_task(pid, tid, &t[n])) != 0) {
			closedir(d);
			return rc;
		}
		n++;
	}
	closedir(d);
	qsort(t, (size_t)n, sizeof(*t), by_tid);
	return n;
}

static int futex_cmd(const struct wd_task *t)
{
	return (int)(t->arg[1] & FUTEX_CMD_MASK);
}

/* In a futex wait that only another thread can end: no timeout. */
static bool stuck(const struct wd_task *t)
{
	int cmd = futex_cmd(t);

	if (t->nr != SYS_futex || (t->state != 'S' && t->state != 'D'))
		return false;
	if (cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET &&
	    cmd != FUTEX_LOCK_PI && cmd != FUTEX_LOCK_PI2 &&
	    cmd != FUTEX_WAIT_REQUEUE_PI)
		return false;
	return t->arg[3] == 0; /* the timeout pointer */
}

/* Every live thread stuck (exited ones, state Z, do not count). */
static bool all_stuck(const struct wd_task *t, int n)
{
	int live = 0;

	for (int i = 0; i < n; i++) {
		if (t[i].state == 'Z' || t[i].state == 'X')
			continue;
		if (!stuck(&t[i]))
			return false;
		live++;
	}
	return live > 0;
}

static bool same_sample(const struct wd_task *a, int na,
			const struct wd_task *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (a[i].tid != b[i].tid || a[i].ticks != b[i].ticks ||
		    a[i].run_ns != b[i].run_ns ||
		    strcmp(a[i].sys, b[i].sys) != 0)
			return false;
	return true;
}

/* ------------------------------------------------------------ capture */

static bool read_mem(int memfd, uint64_t addr, void *buf, size_t n)
{
	return memfd >= 0 && pread(memfd, buf, n, (off_t)addr) == (ssize_t)n;
}

static void read_maps(struct wd_state *s)
{
	char path[64], line[4096];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", s->pid);
	if ((f = fopen(path, "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		struct wd_map m = {0};
		char perms[8] = "", file[4096] = "";
		int n;

		n = sscanf(line,
			   "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64
			   " %*s %*s %4095[^\n]",
			   &m.lo, &m.hi, perms, &m.off, file);
		if (n < 4)
			continue;
		m.exec = strchr(perms, 'x') != NULL;
		m.shared = strchr(perms, 's') != NULL;
		m.path = rl_xstrdup(file);
		s->maps = rl_xrealloc(s->maps, (size_t)(s->nmaps + 1) *
						   sizeof(*s->maps));
		s->maps[s->nmaps++] = m;
	}
	fclose(f);
}

static const struct wd_map *map_of(const struct wd_state *s, uint64_t addr)
{
	for (int i = 0; i < s->nmaps; i++)
		if (addr >= s->maps[i].lo && addr < s->maps[i].hi)
			return &s->maps[i];
	return NULL;
}

static bool in_exe_code(const struct wd_state *s, uint64_t addr)
{
	const struct wd_map *m = map_of(s, addr);

	return m != NULL && m->exec && s->exe != NULL &&
	       strcmp(m->path, s->exe) == 0;
}

/*
 * Is there a call instruction just before ret? b holds the 8 bytes before
 * it. Only a real return address passes; a stale code pointer on the stack
 * usually does not.
 */
static enum call_kind decode_call(const unsigned char *b, uint64_t ret,
				  uint64_t *target)
{
#if defined(__x86_64__)
	int32_t rel;

	if (b[3] == 0xe8) { /* call rel32 */
		memcpy(&rel, b + 4, sizeof(rel));
		*target = ret + (uint64_t)(int64_t)rel;
		return CALL_DIRECT;
	}
	if (b[2] == 0xff && b[3] == 0x15) /* call *disp32(%rip): -fno-plt */
		return CALL_GOT;
	if (b[6] == 0xff && (b[7] & 0xf8) == 0xd0) /* call *%reg */
		return CALL_INDIRECT;
	if (b[6] == 0xff && (b[7] & 0xf8) == 0x10 && (b[7] & 7) != 4 &&
	    (b[7] & 7) != 5) /* call *(%reg) */
		return CALL_INDIRECT;
	if (b[5] == 0xff && (b[6] & 0xf8) == 0x50 && (b[6] & 7) != 4)
		return CALL_INDIRECT; /* call *disp8(%reg) */
	if (b[2] == 0xff && (b[3] & 0xf8) == 0x90 && (b[3] & 7) != 4)
		return CALL_INDIRECT; /* call *disp32(%reg) */
	return CALL_NONE;
#elif defined(__aarch64__)
	uint32_t insn;

	memcpy(&insn, b + 4, sizeof(insn));
	if ((insn & 0xfc000000u) == 0x94000000u) { /* bl imm26 */
		int32_t imm = (int32_t)(insn << 6) >> 6;

		*target = ret - 4 + (uint64_t)((int64_t)imm * 4);
		return CALL_DIRECT;
	}
	if ((insn & 0xfffffc1fu) == 0xd63f0000u) /* blr xN */
		return CALL_INDIRECT;
	return CALL_NONE;
#else
	(void)b;
	(void)ret;
	(void)target;
	return CALL_INDIRECT; /* unknown machine: keep every candidate */
#endif
}

static void capture_stack(struct wd_state *s, int memfd,
			  const struct wd_task *t, struct wd_blocked *b)
{
	const struct wd_map *m = map_of(s, t->sp);
	uint64_t len = WD_STACK_BYTES;
	unsigned char *stack;

	if (m == NULL || t->sp == 0)
		return;
	if (m->hi - t->sp < len)
		len = m->hi - t->sp;
	len &= ~(uint64_t)7;
	stack = rl_xmalloc(len);
	if (!read_mem(memfd, t->sp, stack, len))
		len = 0;
	for (uint64_t off = 0; off < len && b->ncand < WD_MAX_CANDS; off += 8) {
		uint64_t v;
		unsigned char code[8];
		struct wd_cand c = {0};

		memcpy(&v, stack + off, sizeof(v));
		if (v < 8 || !in_exe_code(s, v) ||
		    !read_mem(memfd, v - 8, code, sizeof(code)))
			continue;
		c.ret = v;
		c.kind = decode_call(code, v, &c.target);
		if (c.kind != CALL_NONE)
			b->cand[b->ncand++] = c;
	}
	free(stack);
}

static void capture(struct wd_state *s, const struct wd_task *t, int n)
{
	char path[64];
	int memfd;

	read_maps(s);
	snprintf(path, sizeof(path), "/proc/%d/exe", s->pid);
	{
		char buf[4096];
		ssize_t k = readlink(path, buf, sizeof(buf) - 1);

		if (k > 0) {
			buf[k] = '\0';
			s->exe = rl_xstrdup(buf);
		}
	}
	snprintf(path, sizeof(path), "/proc/%d/mem", s->pid);
	memfd = open(path, O_RDONLY | O_CLOEXEC);
	s->b = rl_xcalloc((size_t)n, sizeof(*s->b));
	for (int i = 0; i < n; i++) {
		struct wd_blocked *b = &s->b[s->nb];

		if (!stuck(&t[i]))
			continue;
		s->nb++;
		b->tid = t[i].tid;
		b->ns_tid = t[i].ns_tid;
		b->uaddr = t[i].arg[0];
		b->cmd = futex_cmd(&t[i]);
		b->private_futex = (t[i].arg[1] & FUTEX_PRIVATE_FLAG) != 0;
		b->val = (uint32_t)t[i].arg[2];
		b->have_word = read_mem(memfd, b->uaddr, &b->word, 4);
		/* glibc: int __lock; unsigned __count; int __owner; ... */
		b->have_owner =
		    read_mem(memfd, b->uaddr + WD_OWNER_OFFSET, &b->owner, 4);
		capture_stack(s, memfd, &t[i], b);
	}
	if (memfd >= 0)
		close(memfd);
}

static void release_capture(struct wd_state *s)
{
	free(s->b);
	s->b = NULL;
	s->nb = 0;
	for (int i = 0; i < s->nmaps; i++)
		free(s->maps[i].path);
	free(s->maps);
	s->maps = NULL;
	s->nmaps = 0;
	free(s->exe);
	s->exe = NULL;
}

/* ------------------------------------------------------------ deciding */

enum edge_kind { EDGE_MUTEX, EDGE_JOIN, EDGE_OTHER };

/* What does b wait on, and for whom (*target: a tid, or 0)? */
static enum edge_kind edge_of(const struct wd_state *s,
			      const struct wd_blocked *b, int *target)
{
	bool live_word = false;

	for (int i = 0; i < s->nprev; i++)
		live_word =
		    live_word || (b->have_word && (uint32_t)s->prev[i].ns_tid ==
						      (b->word & WD_TID_MASK));
	*target = 0;
	if (b->cmd == FUTEX_LOCK_PI || b->cmd == FUTEX_LOCK_PI2 ||
	    (b->have_word && (b->word & WD_WAITERS) && live_word)) {
		/* PI and robust mutexes keep the owner in the word itself */
		*target = (int)(b->word & WD_TID_MASK);
		return EDGE_MUTEX;
	}
	if (b->have_word && b->val == 2 && b->word == 2) {
		/* a contended glibc mutex: the owner sits in __owner */
		*target = b->have_owner ? b->owner : 0;
		return EDGE_MUTEX;
	}
	if (b->have_word && b->word == b->val && live_word) {
		/* pthread_join waits on the thread's tid word until the
		 * kernel clears it at the thread's exit */
		*target = (int)b->word;
		return EDGE_JOIN;
	}
	return EDGE_OTHER;
}

/*
 * next[i]: the blocked thread s->b[i] waits for (its edge's target), or -1.
 * on_cycle[i] (may be NULL) marks the threads on a waits-for cycle; returns
 * how many there are.
 */
static int find_cycle_members(const struct wd_state *s, int *next,
			      bool *on_cycle)
{
	int *walk = rl_xcalloc((size_t)s->nb + 1, sizeof(int));
	int members = 0;

	for (int i = 0; i < s->nb; i++) {
		int target;
		enum edge_kind k = edge_of(s, &s->b[i], &target);

		next[i] = -1;
		for (int j = 0; j < s->nb && k != EDGE_OTHER; j++)
			if (s->b[j].ns_tid == target)
				next[i] = j;
	}
	/* Each thread has at most one edge: walk from each, marking the
	 * walk; meeting our own mark again closes a cycle. */
	for (int i = 0; i < s->nb; i++) {
		int v = i;

		while (v >= 0 && walk[v] == 0) {
			walk[v] = i + 1;
			v = next[v];
		}
		if (v >= 0 && walk[v] == i + 1) {
			int u = v;

			do {
				members++;
				if (on_cycle != NULL)
					on_cycle[u] = true;
				u = next[u];
			} while (u != v);
		}
	}
	free(walk);
	return members;
}

/* A signal-mask line ("SigCgt:\t0000000000004000") of a status file. */
static uint64_t status_mask(const char *status, const char *field)
{
	const char *p = strstr(status, field);
	unsigned long long v = 0;

	if (p != NULL)
		sscanf(p + strlen(field), " %llx", &v);
	return (uint64_t)v;
}

/* glibc's own SIGCANCEL (32) and SIGSETXID (33): never a program's wakeup */
#define WD_GLIBC_SIGNALS ((1ull << 31) | (1ull << 32))

static char *signal_waker(int pid, const struct wd_task *t, int n)
{
	char path[96], buf[4096];
	uint64_t blocked_by_all = ~0ull, pending = 0, caught;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (!read_small(path, buf, sizeof(buf)))
		return NULL;
	caught = status_mask(buf, "SigCgt:") & ~WD_GLIBC_SIGNALS;
	pending = status_mask(buf, "ShdPnd:");
	for (int i = 0; i < n; i++) {
		char tb[4096];
		uint64_t blk;

		if (t[i].state == 'Z' || t[i].state == 'X')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid,
			 t[i].tid);
		if (!read_small(path, tb, sizeof(tb)))
			continue;
		blk = status_mask(tb, "SigBlk:");
		blocked_by_all &= blk;
		if (status_mask(tb, "SigPnd:") & ~blk)
			return rl_xasprintf("a signal is pending for tid %d",
					    t[i].tid);
	}
	if (pending & ~blocked_by_all)
		return rl_xstrdup("a signal is pending for the process");
	caught &= ~blocked_by_all;
	for (int sig = 1; sig <= 64; sig++)
		if (caught & (1ull << (sig - 1)))
			return rl_xasprintf(
			    "a handler for signal %d (%s) could end the waits "
			    "(an alarm, a timer or another process may send "
			    "it)",
			    sig, strsignal(sig));
	return NULL;
}

/*
 * Something outside the blocked threads that could still end their waits,
 * said in words; NULL when there is nothing. Signals: a handler the threads
 * do not all block, or a pending signal (alarm() and setitimer() are not
 * visible from outside, but the handler their signal needs is). Timers:
 * a POSIX timer in /proc/PID/timers. Other processes: a futex that is not
 * process-private in a MAP_SHARED mapping (a process-shared semaphore,
 * mutex or condition variable) can be posted by any process that maps it.
 */
static char *find_waker(const struct wd_state *s)
{
	char path[64], buf[256];
	char *why = signal_waker(s->pid, s->prev, s->nprev);

	if (why != NULL)
		return why;
	snprintf(path, sizeof(path), "/proc/%d/timers", s->pid);
	if (read_small(path, buf, sizeof(buf)) && buf[0] != '\0')
		return rl_xstrdup("the program has a POSIX timer "
				  "(timer_create) that could fire");
	for (int i = 0; i < s->nb; i++) {
		const struct wd_map *m = map_of(s, s->b[i].uaddr);

		if (!s->b[i].private_futex && m != NULL && m->shared)
			return rl_xasprintf(
			    "tid %d waits on a process-shared object in "
			    "shared memory (%s) that another process could "
			    "post",
			    s->b[i].tid, m->path[0] ? m->path : "anonymous");
	}
	return NULL;
}

/* The state has been all-blocked for `samples` samples: what is it? */
static enum wd_decision decide(struct wd_state *s)
{
	int *next;
	int members;

	release_capture(s);
	capture(s, s->prev, s->nprev);
	next = rl_xcalloc((size_t)s->nb + 1, sizeof(int));
	members = find_cycle_members(s, next, NULL);
	free(next);
	if (members > 0)
		return WD_CYCLE;
	free(s->held);
	s->held = find_waker(s);
	return s->held != NULL ? WD_HELD : WD_QUIET;
}

/* The program to watch: pid itself, or, when pid is a sandbox (bwrap: an
 * outer process and the init of its pid namespace, each waiting for its
 * child), the program the sandbox runs - its first child, down the chain. */
static int wd_target(int pid)
{
	for (int depth = 0; depth < 4; depth++) {
		char path[96], buf[256];
		int child;

		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		if (!read_small(path, buf, sizeof(buf)) ||
		    strcmp(buf, "bwrap\n") != 0)
			break;
		snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid,
			 pid);
		if (!read_small(path, buf, sizeof(buf)) ||
		    (child = atoi(buf)) <= 0)
			break;
		pid = child;
	}
	return pid;
}

/* The rl_proc poll hook: one sample; non-zero = stuck, kill it. */
static int wd_poll(struct rl_proc *p, void *arg)
{
	struct rl_watchdog *w = arg;
	struct wd_state *s = w->st;
	struct wd_task *cur = rl_xcalloc(WD_MAX_TASKS, sizeof(*cur));
	int pid = wd_target(p->pid);
	int n = sample(pid, cur, WD_MAX_TASKS);
	bool blocked = n > 0 && all_stuck(cur, n);

	if (pid != s->pid)
		s->same = 0; /* another process: start over */
	s->pid = pid;
	if (n == -2 && w->note == NULL)
		w->note = rl_xasprintf(
		    "the watchdog cannot read /proc/%d/task/*/syscall "
		    "(ptrace access denied): a hang will end at the "
		    "timeout instead",
		    pid);
	if (blocked && s->same > 0 && same_sample(s->prev, s->nprev, cur, n)) {
		s->same++;
	} else {
		s->same = blocked ? 1 : 0;
		s->first_stuck = rl_now();
		s->decision = WD_WATCHING;
		free(s->held);
		s->held = NULL;
	}
	free(s->prev);
	s->prev = cur;
	s->nprev = n > 0 ? n : 0;
	if (s->same < w->samples)
		return 0;
	if (s->decision == WD_WATCHING)
		s->decision = decide(s);
	if (s->decision == WD_HELD ||
	    (s->decision == WD_QUIET && rl_now() - s->first_stuck < w->quiet_s))
		return 0;
	w->stuck_s = rl_now() - s->first_stuck;
	w->caught_at_s = rl_now() - s->t0;
	return 1;
}

/* ------------------------------------------------------------ explaining */

struct wd_loc {
	char *func, *file; /* file shortened for people; "??" unknown */
	int line;
};

/* One blocked thread's call chain: program frames, each possibly several
 * source locations (inlined calls, innermost first). */
struct wd_chain {
	struct wd_loc *loc;
	int nloc;
};

struct wd_node {
	const struct wd_blocked *b;
	enum edge_kind kind;
	int target;  /* tid it waits for: lock owner or joined thread */
	char *label; /* "T1 (tid 4242)" */
	char *lock;  /* what it waits on, named */
	struct wd_chain chain;
	int next; /* index of the node it waits for, or -1 */
	bool on_cycle;
};

struct legend {
	uint64_t addr, size;
	char *name;
};

struct explain {
	const struct wd_state *s;
	struct rl_elf elf;
	bool have_elf;
	uint64_t bias;
	struct legend *leg;
	int nleg;
	struct wd_node *node;
	int nnode;
};

static void read_legend(struct explain *x, const char *err)
{
	static const char tag[] = "racelab-legend: ";

	for (const char *p = err; p != NULL && *p; p = strchr(p, '\n')) {
		unsigned long long addr, size;
		int used = 0;
		const char *end;

		if (*p == '\n')
			p++;
		if (strncmp(p, tag, sizeof(tag) - 1) != 0 ||
		    sscanf(p + sizeof(tag) - 1, "%llx %llu %n", &addr, &size,
			   &used) < 2 ||
		    used == 0)
			continue;
		p += sizeof(tag) - 1 + used;
		end = strchr(p, '\n');
		x->leg = rl_xrealloc(x->leg,
				     (size_t)(x->nleg + 1) * sizeof(*x->leg));
		x->leg[x->nleg++] = (struct legend){
		    .addr = addr,
		    .size = size ? size : 1,
		    .name = end ? strndup(p, (size_t)(end - p)) : rl_xstrdup(p),
		};
	}
}

/* A lock's name: the program's legend, a symbol, or where it lives.
 * exact: say "+offset" when addr is inside the named object. */
static char *lock_name(const struct explain *x, uint64_t addr, bool exact)
{
	const struct wd_map *m = map_of(x->s, addr);
	const struct rl_elf_sym *sym;
	const char *name = NULL;
	uint64_t off = 0;

	for (int i = 0; i < x->nleg && name == NULL; i++) {
		if (addr >= x->leg[i].addr &&
		    addr - x->leg[i].addr < x->leg[i].size) {
			name = x->leg[i].name;
			off = addr - x->leg[i].addr;
		}
	}
	if (name == NULL && x->have_elf && addr >= x->bias &&
	    (sym = rl_elf_lookup(&x->elf, addr - x->bias, false)) != NULL) {
		name = sym->name;
		off = addr - x->bias - sym->addr;
	}
	if (name != NULL)
		return off == 0 || !exact
			   ? rl_xstrdup(name)
			   : rl_xasprintf("%s+%" PRIu64, name, off);
	return rl_xasprintf("the futex at %#" PRIx64 "%s", addr,
			    m == NULL			     ? ""
			    : strcmp(m->path, "[heap]") == 0 ? " (heap)"
			    : strcmp(m->path, "[stack]") == 0
				? " (main's stack)"
				: "");
}

/*
 * The blocked thread's program frames, innermost first: the first candidate
 * whose call went to the PLT (the call into libc that blocked), then each
 * candidate whose call went to the function holding the previous frame.
 */
static int pick_frames(const struct explain *x, const struct wd_blocked *b,
		       uint64_t *pcs)
{
	int n = 0;

	for (int i = 0; i < b->ncand && n < WD_MAX_FRAMES; i++) {
		const struct wd_cand *c = &b->cand[i];
		const struct rl_elf_sym *f;
		bool ok;

		if (!x->have_elf) {
			ok = true;
		} else if (n == 0) {
			ok = c->kind == CALL_GOT ||
			     (c->kind == CALL_DIRECT &&
			      rl_elf_in_plt(&x->elf, c->target - x->bias));
		} else {
			f = rl_elf_lookup(&x->elf, pcs[n - 1] - x->bias - 1,
					  true);
			ok = c->kind == CALL_INDIRECT ||
			     (c->kind == CALL_DIRECT && f != NULL &&
			      c->target - x->bias == f->addr);
		}
		if (ok)
			pcs[n++] = c->ret;
	}
	if (n == 0 && b->ncand > 0)
		pcs[n++] = b->cand[0].ret; /* no call into libc found */
	return n;
}

static void loc_add(struct wd_chain *c, const char *func, const char *file,
		    int line)
{
	c->loc = rl_xrealloc(c->loc, (size_t)(c->nloc + 1) * sizeof(*c->loc));
	c->loc[c->nloc++] = (struct wd_loc){
	    .func = rl_xstrdup(func),
	    .file = rl_xstrdup(rl_path_short(file)),
	    .line = line,
	};
}

/* "file:line (discriminator 2)" -> file, line */
static void split_fileline(char *s, int *line)
{
	char *colon, *paren = strstr(s, " (");

	if (paren != NULL)
		*paren = '\0';
	colon = strrchr(s, ':');
	*line = 0;
	if (colon != NULL) {
		*line = atoi(colon + 1);
		*colon = '\0';
	}
}

/*
 * Symbolize every pc with one addr2line run (-a: each address opens its
 * block; -i: inlined callers follow their callee). Falls back to ELF symbol
 * names when addr2line is missing.
 */
static void symbolize(struct explain *x, uint64_t *pcs, int *owner, int n)
{
	char **argv = rl_xcalloc((size_t)n + 8, sizeof(char *));
	struct rl_proc p = {.timeout_s = 10};
	int k = 0, cur = -1;
	char *save = NULL;

	argv[k++] = "addr2line";
	argv[k++] = "-f";
	argv[k++] = "-i";
	argv[k++] = "-a";
	argv[k++] = "-e";
	argv[k++] = x->s->exe;
	for (int i = 0; i < n; i++)
		argv[k++] = rl_xasprintf("%#" PRIx64, pcs[i] - x->bias - 1);
	p.argv = argv;
	if (x->s->exe != NULL && rl_proc_run(&p) == 0 && p.status == 0 &&
	    p.out != NULL) {
		char *func = NULL;

		for (char *l = strtok_r(p.out, "\n", &save); l != NULL;
		     l = strtok_r(NULL, "\n", &save)) {
			if (strncmp(l, "0x", 2) == 0 && func == NULL) {
				cur++;
			} else if (func == NULL) {
				func = l;
			} else if (cur >= 0 && cur < n) {
				int line;

				split_fileline(l, &line);
				loc_add(&x->node[owner[cur]].chain, func, l,
					line);
				func = NULL;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		struct wd_chain *c = &x->node[owner[i]].chain;
		const struct rl_elf_sym *f;
		bool have = false;

		/* A pc addr2line could not place: say what the ELF knows. */
		for (int j = 0; j < c->nloc; j++)
			have = have || strcmp(c->loc[j].func, "??") != 0;
		if (have || !x->have_elf)
			continue;
		f = rl_elf_lookup(&x->elf, pcs[i] - x->bias - 1, true);
		loc_add(c, f ? f->name : "??", "??", 0);
	}
	rl_proc_free(&p);
	for (int i = 6; i < k; i++)
		free(argv[i]);
	free(argv);
}

/* The tid /proc shows for the thread the program calls ns (a futex word
 * or a mutex's owner holds the program's own tid); ns when not found. */
static int host_tid(const struct wd_state *s, int ns)
{
	for (int i = 0; i < s->nprev; i++)
		if (s->prev[i].ns_tid == ns)
			return s->prev[i].tid;
	return ns;
}

static const char *task_label(const struct wd_state *s, int tid, char *buf,
			      size_t len)
{
	int ord = 0;

	if (tid == s->pid) {
		snprintf(buf, len, "main (tid %d)", tid);
		return buf;
	}
	for (int i = 0; i < s->nprev; i++)
		if (s->prev[i].tid != s->pid && s->prev[i].tid <= tid)
			ord++;
	if (ord == 0 || tid <= 0)
		snprintf(buf, len, "tid %d", tid);
	else
		snprintf(buf, len, "T%d (tid %d)", ord, tid);
	return buf;
}

static void classify(struct explain *x, struct wd_node *nd)
{
	nd->kind = edge_of(x->s, nd->b, &nd->target);
	nd->lock = lock_name(x, nd->b->uaddr, nd->kind == EDGE_MUTEX);
}

static void find_cycles(struct explain *x)
{
	int *next = rl_xcalloc((size_t)x->nnode + 1, sizeof(int));
	bool *on = rl_xcalloc((size_t)x->nnode + 1, sizeof(bool));

	/* x->node[i] is x->s->b[i] */
	find_cycle_members(x->s, next, on);
	for (int i = 0; i < x->nnode; i++) {
		x->node[i].next = next[i];
		x->node[i].on_cycle = on[i];
	}
	free(next);
	free(on);
}

static void print_chain(struct rl_buf *out, const struct wd_chain *c)
{
	for (int i = 0; i < c->nloc && i < WD_MAX_LINES; i++) {
		const struct wd_loc *l = &c->loc[i];

		if (l->line > 0)
			rl_buf_printf(out, "        %s %s:%d in %s()\n",
				      i == 0 ? "at" : "  from", l->file,
				      l->line, l->func);
		else
			rl_buf_printf(out, "        %s %s()\n",
				      i == 0 ? "in" : "  from", l->func);
	}
	if (c->nloc == 0)
		rl_buf_printf(out, "        (no frame in the program's code: "
				   "blocked inside a library)\n");
}

static void print_node(struct rl_buf *out, const struct explain *x,
		       const struct wd_node *nd)
{
	bool holds = false;
	char buf[64];

	rl_buf_printf(out, "    %s", nd->label);
	for (int i = 0; i < x->nnode; i++) {
		const struct wd_node *o = &x->node[i];

		if (o->kind != EDGE_MUTEX || o->target != nd->b->tid)
			continue;
		/* each lock once, though several may wait for it */
		bool seen = false;
		for (int j = 0; j < i; j++)
			seen = seen || (x->node[j].kind == EDGE_MUTEX &&
					x->node[j].b->uaddr == o->b->uaddr);
		if (seen)
			continue;
		rl_buf_printf(out, "%s%s", holds ? ", " : " holds ", o->lock);
		holds = true;
	}
	rl_buf_printf(out, "\n");
	switch (nd->kind) {
	case EDGE_MUTEX:
		rl_buf_printf(out, "        waits for %s, ", nd->lock);
		if (nd->next >= 0)
			rl_buf_printf(out, "held by %s\n",
				      task_label(x->s,
						 host_tid(x->s, nd->target),
						 buf, sizeof(buf)));
		else if (nd->target > 0)
			rl_buf_printf(out,
				      "held by tid %d, which has exited "
				      "without unlocking it\n",
				      nd->target);
		else
			rl_buf_printf(out, "whose owner is not recorded\n");
		break;
	case EDGE_JOIN:
		rl_buf_printf(out,
			      "        waits for %s to exit "
			      "(pthread_join)\n",
			      task_label(x->s, host_tid(x->s, nd->target), buf,
					 sizeof(buf)));
		break;
	case EDGE_OTHER:
		rl_buf_printf(out,
			      "        waits on %s (a condition variable, "
			      "semaphore or other wait with no owner to "
			      "blame)\n",
			      nd->lock);
		break;
	}
	print_chain(out, &nd->chain);
}

/* The executable's symbols, and where a PIE was loaded. */
static void load_program(struct explain *x)
{
	const struct wd_state *s = x->s;
	uint64_t base = UINT64_MAX;

	x->have_elf = s->exe != NULL && rl_elf_load(s->exe, &x->elf) == 0;
	if (!x->have_elf || !x->elf.pie)
		return;
	for (int i = 0; i < s->nmaps; i++)
		if (strcmp(s->maps[i].path, s->exe) == 0 &&
		    s->maps[i].lo < base)
			base = s->maps[i].lo;
	x->bias = base == UINT64_MAX ? 0 : base - x->elf.first_load;
}

/* One node per blocked thread: what it waits for and where in the
 * program, its frames symbolized in one batch. */
static void build_nodes(struct explain *x)
{
	const struct wd_state *s = x->s;
	uint64_t *pcs =
	    rl_xcalloc((size_t)s->nb * WD_MAX_FRAMES + 1, sizeof(*pcs));
	int *owner =
	    rl_xcalloc((size_t)s->nb * WD_MAX_FRAMES + 1, sizeof(*owner));
	int npcs = 0;

	x->node = rl_xcalloc((size_t)s->nb + 1, sizeof(*x->node));
	x->nnode = s->nb;
	for (int i = 0; i < s->nb; i++) {
		struct wd_node *nd = &x->node[i];
		char buf[64];
		int n;

		nd->b = &s->b[i];
		nd->label =
		    rl_xstrdup(task_label(s, nd->b->tid, buf, sizeof(buf)));
		classify(x, nd);
		n = pick_frames(x, nd->b, pcs + npcs);
		for (int k = 0; k < n; k++)
			owner[npcs + k] = i;
		npcs += n;
	}
	if (npcs > 0)
		symbolize(x, pcs, owner, npcs);
	free(pcs);
	free(owner);
}

/* Each cycle in edge order, from its first member. */
static void print_cycles(struct rl_buf *out, const struct explain *x)
{
	bool *shown = rl_xcalloc((size_t)x->nnode, sizeof(bool));

	rl_buf_printf(out, "  waits-for cycle:\n");
	for (int i = 0; i < x->nnode; i++) {
		int v = i;

		if (!x->node[i].on_cycle || shown[i])
			continue;
		do {
			print_node(out, x, &x->node[v]);
			shown[v] = true;
			v = x->node[v].next;
		} while (v != i);
	}
	free(shown);
}

static void print_report(struct rl_buf *out, const struct explain *x,
			 const struct rl_watchdog *w)
{
	rl_buf_printf(out,
		      "  watchdog: deadlock in pid %d: all %d thread%s "
		      "blocked, no progress for %.2f s (called %.2f s into "
		      "the run)\n",
		      x->s->pid, x->nnode, x->nnode == 1 ? "" : "s", w->stuck_s,
		      w->caught_at_s);
	if (w->ncycle > 0)
		print_cycles(out, x);
	else
		rl_buf_printf(out,
			      "  no waits-for cycle among the locks: every "
			      "thread waits for something no running thread "
			      "will do (a lost wakeup, a lock left locked by "
			      "an exited thread, ...), and nothing outside "
			      "them could end it (no signal handler or pending "
			      "signal, no timer, no process-shared object) for "
			      "the %.1f s quiet period\n",
			      w->quiet_s);
	if (x->nnode > w->ncycle) {
		rl_buf_printf(out, "  %s:\n",
			      w->ncycle > 0 ? "also blocked" : "threads");
		for (int i = 0; i < x->nnode; i++)
			if (!x->node[i].on_cycle)
				print_node(out, x, &x->node[i]);
	}
	rl_buf_printf(out, "  killed process group %d\n", x->s->pid);
}

static void explain_free(struct explain *x)
{
	for (int i = 0; i < x->nnode; i++) {
		for (int k = 0; k < x->node[i].chain.nloc; k++) {
			free(x->node[i].chain.loc[k].func);
			free(x->node[i].chain.loc[k].file);
		}
		free(x->node[i].chain.loc);
		free(x->node[i].label);
		free(x->node[i].lock);
	}
	free(x->node);
	for (int i = 0; i < x->nleg; i++)
		free(x->leg[i].name);
	free(x->leg);
	if (x->have_elf)
		rl_elf_free(&x->elf);
}

/* The deadlock in words: who waits for whom, the cycle first. */
static char *explain(struct rl_watchdog *w, const struct rl_proc *p)
{
	struct explain x = {.s = w->st};
	struct rl_buf out = {0};

	load_program(&x);
	read_legend(&x, p->err);
	build_nodes(&x);
	find_cycles(&x);
	w->nthreads = x.nnode;
	w->ncycle = 0;
	for (int i = 0; i < x.nnode; i++)
		w->ncycle += x.node[i].on_cycle;
	print_report(&out, &x, w);
	explain_free(&x);
	return rl_buf_take(&out);
}

/* ------------------------------------------------------------ the API */

void rl_watchdog_init(struct rl_watchdog *w)
{
	memset(w, 0, sizeof(*w));
	w->interval_ms = 25;
	w->samples = 4;
	w->quiet_s = 1.0;
}

/* p's environment plus RACELAB_WATCHDOG=1. */
static char **env_with_flag(char *const *env)
{
	size_t n = 0;
	char **v;

	while (env != NULL && env[n] != NULL)
		n++;
	v = rl_xcalloc(n + 2, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		v[i] = env[i];
	v[n] = "RACELAB_WATCHDOG=1";
	return v;
}

int rl_watchdog_run(struct rl_watchdog *w, struct rl_proc *p)
{
	struct wd_state *s = rl_xcalloc(1, sizeof(*s));
	char *const *env = p->env_add;
	int rc;

	w->st = s;
	s->env = env_with_flag(env);
	s->t0 = rl_now();
	p->env_add = s->env;
	p->poll = wd_poll;
	p->poll_arg = w;
	p->poll_ms = w->interval_ms;
	rc = rl_proc_run(p);
	p->env_add = env;
	p->poll = NULL;
	p->poll_arg = NULL;
	if (rc == 0 && p->stopped && s->nb > 0) {
		w->caught = true;
		w->report = explain(w, p);
	} else if (rc == 0 && p->timed_out && s->held != NULL &&
		   w->note == NULL) {
		w->note = rl_xasprintf(
		    "every thread was blocked for the last %.1f s with no "
		    "waits-for cycle; the watchdog did not call it a "
		    "deadlock because %s",
		    rl_now() - s->first_stuck, s->held);
	}
	return rc;
}

void rl_watchdog_free(struct rl_watchdog *w)
{
	struct wd_state *s = w->st;

	if (s != NULL) {
		free(s->prev);
		release_capture(s);
		free(s->held);
		free(s->env);
		free(s);
	}
	free(w->report);
	free(w->note);
	memset(w, 0, sizeof(*w));
}
