/*
 * elfsym.h - just enough of an ELF executable for the deadlock watchdog:
 * its function and data symbols (to check a return address against the
 * function it returns into, and to name a global lock), its PLT (where calls
 * into shared libraries go) and whether it is position-independent.
 *
 * Room: harness/core. Reads the file only; never runs it. 64-bit ELF in the
 * host's byte order; anything else is refused with -1.
 */
#ifndef RACELAB_ELFSYM_H
#define RACELAB_ELFSYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rl_elf_sym {
	uint64_t addr, size; /* link-time address (add the load bias) */
	char *name;
	bool func; /* STT_FUNC, else STT_OBJECT */
};

struct rl_elf {
	bool pie;	     /* ET_DYN: loaded at a bias chosen at run time */
	uint64_t first_load; /* lowest PT_LOAD address, page-aligned */
	struct rl_elf_sym *syms; /* sorted by addr */
	size_t nsyms;
	uint64_t plt_lo[4], plt_hi[4]; /* .plt, .plt.sec, .plt.got */
	int nplt;
};

/* Read path's symbols. 0, or -1 when it is unreadable or not a 64-bit ELF
 * of this machine (e is then empty but safe to free). */
int rl_elf_load(const char *path, struct rl_elf *e);
void rl_elf_free(struct rl_elf *e);

/* The function (func) or data object containing addr, or NULL. */
const struct rl_elf_sym *rl_elf_lookup(const struct rl_elf *e, uint64_t addr,
				       bool func);

/* Is addr inside a PLT section (a call there leaves the program)? */
bool rl_elf_in_plt(const struct rl_elf *e, uint64_t addr);

#endif
