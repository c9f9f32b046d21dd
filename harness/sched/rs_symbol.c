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
 *
 * The DWARF debug information (the program is built with -g; read with
 * elfutils' libdw) answers what the symbol table cannot: whether the bytes
 * an access touched hold the declared variable's value (rs_value_kind),
 * and which function's file a line-0 address belongs to.
 */
#include "rs.h"

#include <dwarf.h>
#include <elf.h>
#include <elfutils/libdw.h>
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

/* ------------------------------------------------------------ DWARF */

static Dwarf *dw;
static bool dw_tried;

static Dwarf *dwarf_get(void)
{
	int fd;

	if (dw_tried)
		return dw;
	dw_tried = true;
	find_exe();
	fd = open(exe_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	dw = dwarf_begin(fd, DWARF_C_READ); /* keeps fd for its lifetime */
	if (dw == NULL)
		close(fd);
	return dw;
}

/* The compile unit holding code address rel (clang emits no .debug_aranges,
 * which dwarf_addrdie needs: ask each unit). */
static bool cu_of(Dwarf *d, Dwarf_Addr rel, Dwarf_Die *cu)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	while (dwarf_nextcu(d, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		if (dwarf_offdie(d, off + hsize, cu) != NULL &&
		    dwarf_haspc(cu, rel) == 1)
			return true;
		off = next;
	}
	return false;
}

/* A function's declaration file. (libdw 0.188's dwarf_decl_file refuses
 * file index 0, which DWARF 5 uses for the main source file.) */
static const char *decl_file(Dwarf_Die *cu, Dwarf_Die *fn)
{
	Dwarf_Attribute a;
	Dwarf_Word idx;
	Dwarf_Files *files;
	size_t n;

	if (dwarf_attr_integrate(fn, DW_AT_decl_file, &a) == NULL ||
	    dwarf_formudata(&a, &idx) != 0 ||
	    dwarf_getsrcfiles(cu, &files, &n) != 0 || idx >= n)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

/*
 * Line 0 is the compiler saying "no source line": code it moved out of a
 * loop or merged from two places. addr2line then also names a file that
 * may be wrong (the last one used); the innermost function the address is
 * in, inlined or not, names the right one. The line stays unknown.
 */
static void line_zero_file(struct sym_entry *e)
{
	Dwarf *d = dwarf_get();
	Dwarf_Addr rel = e->pc - load_bias - 1;
	Dwarf_Die cu, *scopes = NULL;
	const char *file = NULL;
	int n;

	if (d == NULL || !cu_of(d, rel, &cu))
		return;
	n = dwarf_getscopes(&cu, rel, &scopes);
	for (int i = 0; i < n && file == NULL; i++)
		if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram ||
		    dwarf_tag(&scopes[i]) == DW_TAG_inlined_subroutine)
			file = decl_file(&cu, &scopes[i]);
	__real_free(scopes); /* libdw's, from libc's malloc */
	if (file != NULL) {
		char *f = dup_str(short_path(file));

		if (f != NULL)
			e->sym.file = f;
		e->sym.harness = strstr(file, "cases/common/driver.c") != NULL;
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
		if (order[i]->sym.line == 0)
			line_zero_file(order[i]);
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

static const Elf64_Sym *data_sym_at(uintptr_t rel);

bool rs_data_symbol(uintptr_t addr, char *buf, size_t len)
{
	uintptr_t rel;
	const Elf64_Sym *s;

	find_exe();
	rel = addr - load_bias;
	s = data_sym_at(rel);
	if (s == NULL)
		return false;
	if (rel == s->st_value)
		snprintf(buf, len, "%s", elf_strs + s->st_name);
	else
		snprintf(buf, len, "%s+%lu", elf_strs + s->st_name,
			 (unsigned long)(rel - s->st_value));
	return true;
}

/* The ELF symbol holding rel (relative to the load address), or NULL. */
static const Elf64_Sym *data_sym_at(uintptr_t rel)
{
	elf_load();
	for (size_t i = 0; i < elf_nsyms; i++) {
		const Elf64_Sym *s = &elf_syms[i];

		if (ELF64_ST_TYPE(s->st_info) != STT_OBJECT || s->st_name == 0)
			continue;
		if (rel >= s->st_value &&
		    rel < s->st_value + (s->st_size ? s->st_size : 1))
			return s;
	}
	return NULL;
}

/* ------------------------------------------------------------ values */

/*
 * Every global and static variable of the program with a fixed address:
 * where it is, its declared type, and whether its memory holds its value
 * (a location that is just the address). clang -O1 may keep a global in
 * another form, e.g. `static int seats = 1` that only ever becomes 0 as a
 * 1-byte flag: its location is then an expression that computes the value
 * from the flag, and the bytes in memory are not the variable's value.
 */
struct dvar {
	Dwarf_Addr addr;
	Dwarf_Off type; /* DIE offset of the declared type */
	bool plain;
};

static struct dvar *dvars;
static size_t ndvars, capdvars;
static bool dvars_loaded;

static bool op_address(Dwarf_Attribute *loc, Dwarf_Op *op, Dwarf_Addr *addr)
{
	Dwarf_Attribute res;

	if (op->atom == DW_OP_addr) {
		*addr = op->number;
		return true;
	}
	if (op->atom != DW_OP_addrx && op->atom != DW_OP_GNU_addr_index)
		return false;
	return dwarf_getlocation_attr(loc, op, &res) == 0 &&
	       dwarf_formaddr(&res, addr) == 0;
}

static void dvar_add(Dwarf_Die *var)
{
	Dwarf_Attribute loc, ta;
	Dwarf_Die type;
	Dwarf_Op *ops;
	size_t nops;
	Dwarf_Addr addr;

	if (dwarf_attr(var, DW_AT_location, &loc) == NULL ||
	    dwarf_getlocation(&loc, &ops, &nops) != 0 || nops == 0 ||
	    !op_address(&loc, &ops[0], &addr) ||
	    dwarf_attr_integrate(var, DW_AT_type, &ta) == NULL ||
	    dwarf_formref_die(&ta, &type) == NULL)
		return;
	if (ndvars == capdvars) {
		size_t cap = capdvars ? 2 * capdvars : 256;
		struct dvar *n = __real_realloc(dvars, cap * sizeof(*n));

		if (n == NULL)
			return;
		dvars = n;
		capdvars = cap;
	}
	dvars[ndvars++] =
	    (struct dvar){addr, dwarf_dieoffset(&type), nops == 1};
}

/* Variables at any depth: function-scope statics live inside functions. */
static void dvars_walk(Dwarf_Die *die, int depth)
{
	Dwarf_Die child;

	if (depth > 64 || dwarf_child(die, &child) != 0)
		return;
	do {
		if (dwarf_tag(&child) == DW_TAG_variable)
			dvar_add(&child);
		else if (dwarf_haschildren(&child))
			dvars_walk(&child, depth + 1);
	} while (dwarf_siblingof(&child, &child) == 0);
}

static void dvars_load(void)
{
	Dwarf *d = dwarf_get();
	Dwarf_Off off = 0, next;
	size_t hsize;

	if (dvars_loaded)
		return;
	dvars_loaded = true;
	while (d != NULL &&
	       dwarf_nextcu(d, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;

		if (dwarf_offdie(d, off + hsize, &cu) != NULL)
			dvars_walk(&cu, 0);
		off = next;
	}
}

static bool strip_type(Dwarf_Die *t)
{
	for (int i = 0; i < 16; i++) {
		Dwarf_Attribute ta;

		switch (dwarf_tag(t)) {
		case DW_TAG_typedef:
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_restrict_type:
		case DW_TAG_atomic_type:
			if (dwarf_attr_integrate(t, DW_AT_type, &ta) == NULL ||
			    dwarf_formref_die(&ta, t) == NULL)
				return false; /* void */
			break;
		default:
			return true;
		}
	}
	return false;
}

static enum rs_vkind scalar_kind(Dwarf_Die *t, Dwarf_Word off, int size)
{
	Dwarf_Word bytes, enc = DW_ATE_signed;
	Dwarf_Attribute a;

	if (off != 0 || dwarf_aggregate_size(t, &bytes) != 0 ||
	    bytes != (Dwarf_Word)size)
		return RS_V_HIDDEN;
	if (dwarf_tag(t) == DW_TAG_pointer_type)
		return RS_V_POINTER;
	if (dwarf_attr(t, DW_AT_encoding, &a) != NULL)
		dwarf_formudata(&a, &enc);
	switch (enc) {
	case DW_ATE_boolean:
		return RS_V_BOOL;
	case DW_ATE_float:
		return size == 4 || size == 8 ? RS_V_FLOAT : RS_V_HIDDEN;
	case DW_ATE_unsigned:
	case DW_ATE_unsigned_char:
	case DW_ATE_UTF:
		return RS_V_UNSIGNED;
	default:
		return RS_V_SIGNED;
	}
}

static enum rs_vkind type_kind(Dwarf_Die *t, Dwarf_Word off, int size,
			       int depth);

/* The member that holds byte off; a bit-field's value is never its bytes. */
static enum rs_vkind member_kind(Dwarf_Die *st, Dwarf_Word off, int size,
				 int depth)
{
	Dwarf_Die m, mt;
	Dwarf_Attribute a;

	if (dwarf_child(st, &m) != 0)
		return RS_V_HIDDEN;
	do {
		Dwarf_Word mo = 0, msize;

		if (dwarf_tag(&m) != DW_TAG_member ||
		    dwarf_attr_integrate(&m, DW_AT_type, &a) == NULL ||
		    dwarf_formref_die(&a, &mt) == NULL ||
		    dwarf_aggregate_size(&mt, &msize) != 0)
			continue;
		if (dwarf_attr(&m, DW_AT_data_member_location, &a) != NULL)
			dwarf_formudata(&a, &mo);
		if (off < mo || off >= mo + msize)
			continue;
		if (dwarf_hasattr(&m, DW_AT_bit_size))
			return RS_V_HIDDEN;
		return type_kind(&mt, off - mo, size, depth + 1);
	} while (dwarf_siblingof(&m, &m) == 0);
	return RS_V_HIDDEN; /* padding */
}

static enum rs_vkind type_kind(Dwarf_Die *t, Dwarf_Word off, int size,
			       int depth)
{
	Dwarf_Attribute a;
	Dwarf_Die et;
	Dwarf_Word esize;

	if (depth > 16 || !strip_type(t))
		return RS_V_HIDDEN;
	switch (dwarf_tag(t)) {
	case DW_TAG_base_type:
	case DW_TAG_pointer_type:
	case DW_TAG_enumeration_type:
		return scalar_kind(t, off, size);
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
		return member_kind(t, off, size, depth);
	case DW_TAG_array_type:
		if (dwarf_attr_integrate(t, DW_AT_type, &a) == NULL ||
		    dwarf_formref_die(&a, &et) == NULL ||
		    dwarf_aggregate_size(&et, &esize) != 0 || esize == 0)
			return RS_V_HIDDEN;
		return type_kind(&et, off % esize, size, depth + 1);
	default:
		return RS_V_HIDDEN; /* a union: which member is meant? */
	}
}

enum rs_vkind rs_value_kind(uintptr_t addr, int size)
{
	uintptr_t rel;
	const Elf64_Sym *sym;
	Dwarf_Die type;

	find_exe();
	rel = addr - load_bias;
	sym = data_sym_at(rel);
	if (sym == NULL)
		return RS_V_RAW; /* heap or stack: see rs.h */
	dvars_load();
	for (size_t i = 0; i < ndvars; i++) {
		if (dvars[i].addr != sym->st_value)
			continue;
		if (!dvars[i].plain ||
		    dwarf_offdie(dw, dvars[i].type, &type) == NULL)
			return RS_V_HIDDEN;
		return type_kind(&type, rel - sym->st_value, size, 0);
	}
	return RS_V_HIDDEN; /* no declaration to check it against */
}
