/*
 * elfsym.c - read an executable's symbol table, PLT and load layout (see
 * elfsym.h). Every offset read from the file is bounds-checked against its
 * size: a truncated or hostile file yields -1 or fewer symbols, never a
 * crash.
 */
#include "elfsym.h"
#include "proc.h"
#include "util.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

/* Does [off, off + n) lie inside a file of len bytes? */
static bool inside(uint64_t off, uint64_t n, size_t len)
{
	return off <= len && n <= len - off;
}

static int by_addr(const void *a, const void *b)
{
	const struct rl_elf_sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void add_symbols(struct rl_elf *e, const char *img, size_t len,
			const Elf64_Shdr *symtab, const Elf64_Shdr *strtab)
{
	size_t n;

	if (symtab->sh_entsize != sizeof(Elf64_Sym) ||
	    !inside(symtab->sh_offset, symtab->sh_size, len) ||
	    !inside(strtab->sh_offset, strtab->sh_size, len))
		return;
	n = symtab->sh_size / sizeof(Elf64_Sym);
	e->syms = rl_xcalloc(n, sizeof(*e->syms));
	for (size_t i = 0; i < n; i++) {
		Elf64_Sym s;
		int type;
		const char *name;

		memcpy(&s, img + symtab->sh_offset + i * sizeof(s), sizeof(s));
		type = ELF64_ST_TYPE(s.st_info);
		if ((type != STT_FUNC && type != STT_OBJECT) ||
		    s.st_shndx == SHN_UNDEF || s.st_value == 0 ||
		    s.st_name >= strtab->sh_size)
			continue;
		name = img + strtab->sh_offset + s.st_name;
		if (memchr(name, '\0', strtab->sh_size - s.st_name) == NULL)
			continue;
		e->syms[e->nsyms++] = (struct rl_elf_sym){
		    .addr = s.st_value,
		    .size = s.st_size,
		    .name = rl_xstrdup(name),
		    .func = type == STT_FUNC,
		};
	}
	qsort(e->syms, e->nsyms, sizeof(*e->syms), by_addr);
}

static void read_sections(struct rl_elf *e, const char *img, size_t len,
			  const Elf64_Ehdr *eh)
{
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	const Elf64_Shdr *names, *symtab = NULL, *dynsym = NULL;

	if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shstrndx >= eh->e_shnum ||
	    !inside(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr),
		    len))
		return;
	names = &sh[eh->e_shstrndx];
	for (int i = 0; i < eh->e_shnum; i++) {
		const char *name = "";

		if (inside(names->sh_offset, names->sh_size, len) &&
		    sh[i].sh_name < names->sh_size &&
		    memchr(img + names->sh_offset + sh[i].sh_name, '\0',
			   names->sh_size - sh[i].sh_name) != NULL)
			name = img + names->sh_offset + sh[i].sh_name;
		if (sh[i].sh_type == SHT_SYMTAB)
			symtab = &sh[i];
		else if (sh[i].sh_type == SHT_DYNSYM)
			dynsym = &sh[i];
		if (strncmp(name, ".plt", 4) == 0 && e->nplt < 4) {
			e->plt_lo[e->nplt] = sh[i].sh_addr;
			e->plt_hi[e->nplt++] = sh[i].sh_addr + sh[i].sh_size;
		}
	}
	/* A stripped program keeps only its dynamic symbols. */
	if (symtab == NULL)
		symtab = dynsym;
	if (symtab != NULL && symtab->sh_link < eh->e_shnum)
		add_symbols(e, img, len, symtab, &sh[symtab->sh_link]);
}

int rl_elf_load(const char *path, struct rl_elf *e)
{
	size_t len = 0;
	char *img = rl_read_file(path, &len);
	Elf64_Ehdr eh;
	int rc = -1;

	memset(e, 0, sizeof(*e));
	if (img == NULL || len < sizeof(eh))
		goto out;
	memcpy(&eh, img, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
					? ELFDATA2LSB
					: ELFDATA2MSB))
		goto out;
	e->pie = eh.e_type == ET_DYN;
	e->first_load = UINT64_MAX;
	if (eh.e_phentsize == sizeof(Elf64_Phdr) &&
	    inside(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr),
		   len)) {
		for (int i = 0; i < eh.e_phnum; i++) {
			Elf64_Phdr ph;

			memcpy(&ph, img + eh.e_phoff + i * sizeof(ph),
			       sizeof(ph));
			if (ph.p_type == PT_LOAD && ph.p_vaddr < e->first_load)
				e->first_load = ph.p_vaddr & ~(uint64_t)0xfff;
		}
	}
	if (e->first_load == UINT64_MAX)
		e->first_load = 0;
	read_sections(e, img, len, &eh);
	rc = 0;
out:
	free(img);
	return rc;
}

void rl_elf_free(struct rl_elf *e)
{
	for (size_t i = 0; i < e->nsyms; i++)
		free(e->syms[i].name);
	free(e->syms);
	memset(e, 0, sizeof(*e));
}

const struct rl_elf_sym *rl_elf_lookup(const struct rl_elf *e, uint64_t addr,
				       bool func)
{
	const struct rl_elf_sym *best = NULL;
	size_t lo = 0, hi = e->nsyms;

	/* The last symbol starting at or below addr, then walk back over
	 * same-address aliases and symbols of the other kind. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0 && best == NULL;) {
		const struct rl_elf_sym *s = &e->syms[i];

		if (s->func != func)
			continue;
		if (addr < s->addr + (s->size ? s->size : 1))
			best = s;
		else if (s->size != 0)
			break; /* a sized symbol ends before addr: nothing
				  further back can contain it either */
	}
	return best;
}

bool rl_elf_in_plt(const struct rl_elf *e, uint64_t addr)
{
	for (int i = 0; i < e->nplt; i++)
		if (addr >= e->plt_lo[i] && addr < e->plt_hi[i])
			return true;
	return false;
}
