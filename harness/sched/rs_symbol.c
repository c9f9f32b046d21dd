/*
 * rs_symbol.c - code addresses to "function, file:line", data addresses to
 * the global's name. Only used when a report is written.
 *
 * Room: harness/sched (scheduler runtime). Internal contract in rs.h.
 *
 * Code: one `addr2line -f -e EXE` (GNU binutils, installed with gcc) per
 * report for every address not seen yet, results cached. Data: the
 * executable's own ELF .symtab (static globals included), read directly.
 * Both work on addresses relative to the executable's load address, so
 * nothing printed depends on ASLR.
 */
#include "rs.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYM_BUCKETS 1024

struct sym_entry {
	uintptr_t pc;
	bool resolved;
	struct rs_sym sym;
	struct sym_entry *next;
};

static struct sym_entry *sym_hash[SYM_BUCKETS];
static uintptr_t load_bias;
static bool bias_known;
static char exe_path[4096];

static int first_module(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	load_bias = info->dlpi_addr; /* the executable comes first */
	return 1;
}

static void find_exe(void)
{
	ssize_t n;

	if (bias_known)
		return;
	bias_known = true;
	dl_iterate_phdr(first_module, NULL);
	/* /proc/self/exe is gone once main has left by pthread_exit (a
	 * zombie leader); the calling thread's own entry still names it */
	n = readlink("/proc/self/exe", exe_path, sizeof(exe_path) - 1);
	if (n <= 0)
		n = readlink("/proc/thread-self/exe", exe_path,
			     sizeof(exe_path) - 1);
	exe_path[n > 0 ? n : 0] = '\0';
}

static struct sym_entry *sym_lookup(uintptr_t pc, bool create)
{
	size_t h = (size_t)(pc * 0x9e3779b97f4a7c15ULL >> 40) % SYM_BUCKETS;
	struct sym_entry *e;

	for (e = sym_hash[h]; e != NULL; e = e->next)
		if (e->pc == pc)
			return e;
	if (!create)
		return NULL;
	e = __real_calloc(1, sizeof(*e));
	if (e == NULL)
		return NULL;
	e->pc = pc;
	e->sym.func = "??";
	e->sym.file = "??";
	e->next = sym_hash[h];
	sym_hash[h] = e;
	return e;
}

void rs_sym_add(uintptr_t pc)
{
	if (pc != 0)
		sym_lookup(pc, true);
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = __real_malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/* "/x/y/racelab/bad/counter.c" -> "bad/counter.c": the last two parts */
static const char *short_path(const char *p)
{
	const char *last = strrchr(p, '/'), *prev;

	if (last == NULL || last == p)
		return p;
	for (prev = last - 1; prev > p && *prev != '/'; prev--)
		;
	return *prev == '/' ? prev + 1 : prev;
}

static void parse_location(struct sym_entry *e, char *line)
{
	char *colon, *disc = strstr(line, " (discriminator");
	size_t n = strlen(line);

	if (disc != NULL)
		*disc = '\0';
	else if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	colon = strrchr(line, ':');
	if (colon == NULL)
		return;
	*colon = '\0';
	e->sym.line = atoi(colon + 1);
	if (strcmp(line, "??") != 0) {
		char *f = dup_str(short_path(line));

		if (f != NULL)
			e->sym.file = f;
		/* the drivers' shared half: start gate, spawning, joining */
		e->sym.harness = strstr(line, "cases/common/driver.c") != NULL;
	}
}

void rs_sym_resolve(void)
{
	char tmpl[] = "/tmp/racelab-sched-XXXXXX", cmd[4300], line[4096];
	struct sym_entry *order[4096];
	size_t n = 0;
	FILE *in, *out;
	int fd;

	find_exe();
	for (size_t h = 0; h < SYM_BUCKETS; h++)
		for (struct sym_entry *e = sym_hash[h]; e != NULL; e = e->next)
			if (!e->resolved && n < sizeof(order) / sizeof(*order))
				order[n++] = e;
	if (n == 0 || exe_path[0] == '\0')
		return;
	fd = mkstemp(tmpl);
	if (fd < 0 || (in = fdopen(fd, "w")) == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		/* a return address: the call is the byte before */
		fprintf(in, "0x%lx\n",
			(unsigned long)(order[i]->pc - load_bias - 1));
		order[i]->resolved = true;
	}
	fclose(in);
	snprintf(cmd, sizeof(cmd), "addr2line -f -e '%s' < '%s' 2>/dev/null",
		 exe_path, tmpl);
	out = popen(cmd, "r");
	for (size_t i = 0; out != NULL && i < n; i++) {
		char *nl;

		if (fgets(line, sizeof(line), out) == NULL)
			break;
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		if (strcmp(line, "??") != 0) {
			char *f = dup_str(line);

			if (f != NULL)
				order[i]->sym.func = f;
		}
		if (fgets(line, sizeof(line), out) == NULL)
			break;
		parse_location(order[i], line);
	}
	if (out != NULL)
		pclose(out);
	unlink(tmpl);
}

const struct rs_sym *rs_sym_get(uintptr_t pc)
{
	static const struct rs_sym unknown = {"??", "??", 0, false};
	struct sym_entry *e = sym_lookup(pc, true);

	if (pc == 0 || e == NULL)
		return &unknown;
	if (!e->resolved)
		rs_sym_resolve();
	return &e->sym;
}

/* ------------------------------------------------------------ data symbols */

static const Elf64_Sym *elf_syms;
static size_t elf_nsyms;
static const char *elf_strs;
static bool elf_loaded;

static void elf_load(void)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	struct stat st;
	void *map;
	int fd;

	if (elf_loaded)
		return;
	elf_loaded = true;
	find_exe();
	fd = open(exe_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(*eh)) {
		close(fd);
		return;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	eh = map;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) >
		(size_t)st.st_size)
		return;
	sh = (const Elf64_Shdr *)((const char *)map + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		elf_syms =
		    (const Elf64_Sym *)((const char *)map + sh[i].sh_offset);
		elf_nsyms = sh[i].sh_size / sizeof(Elf64_Sym);
		elf_strs = (const char *)map + sh[sh[i].sh_link].sh_offset;
		return;
	}
}

bool rs_data_symbol(uintptr_t addr, char *buf, size_t len)
{
	uintptr_t rel;

	elf_load();
	rel = addr - load_bias;
	for (size_t i = 0; i < elf_nsyms; i++) {
		const Elf64_Sym *s = &elf_syms[i];

		if (ELF64_ST_TYPE(s->st_info) != STT_OBJECT || s->st_name == 0)
			continue;
		if (rel < s->st_value ||
		    rel >= s->st_value + (s->st_size ? s->st_size : 1))
			continue;
		if (rel == s->st_value)
			snprintf(buf, len, "%s", elf_strs + s->st_name);
		else
			snprintf(buf, len, "%s+%lu", elf_strs + s->st_name,
				 (unsigned long)(rel - s->st_value));
		return true;
	}
	return false;
}
