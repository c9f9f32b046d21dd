/*
 * grade_build.h - the grader's private directories and the builds of a
 * submission (grade_build.c). Room: harness/core, used by grade.c only.
 *
 *   work   the submission's scratch: its copy of FILE.c, the contract
 *          headers, the compiler's output; read-write inside the sandbox
 *   out    the binaries once built (root-owned, read-only inside): a run
 *          of the submission cannot replace the program a later check runs
 *   priv   the wrapper scripts that start each binary in the sandbox; never
 *          visible inside
 */
#ifndef RACELAB_GRADE_BUILD_H
#define RACELAB_GRADE_BUILD_H

#include "proc.h"
#include "sandbox.h"

#include <stdbool.h>

/* The build flavours of a submission. */
enum rl_gflavor { RLF_NATIVE, RLF_VG, RLF_TSAN, RLF_SCHED, RLF_N };

struct rl_gbuild {
	char *case_id;
	char *work, *out, *priv;
	struct rl_sandbox sb;
	bool compiled;	  /* the native compile succeeded */
	char *warnings;	  /* the native compile's diagnostics */
	char *errors;	  /* why the build failed (compiler, linker) */
	char *why[RLF_N]; /* a flavour that could not be built: why */
	/* wrapper scripts in priv (NULL when not built) */
	char *drv[RLF_N];     /* the driver linked with the submission */
	char *contract;	      /* contract checks, native */
	char *contract_sched; /* contract checks, sched build */
	char *vg_binary;      /* the vg driver itself (run by the shim) */
	char *shim_dir;	      /* holds `valgrind` for Helgrind runs */
	char *file_base;      /* basename of the submission */
	char *file_dir;	      /* its folder (absolute): the work
				 folder is mapped to it in debug info, so
				 reports name the user's own file */
	/* the reference good/CASE.c (rl_gbuild_reference): its private
	 * folder, the wrapper that runs its native driver, or why not */
	char *ref, *ref_drv, *ref_why;
};

/* Make the directories and the sandbox. 0 or -1 (*err). */
int rl_gbuild_open(struct rl_gbuild *b, const char *case_id, char **err);
/* Build file in the flavours of the bit mask need (1 << RLF_x; native is
 * always built). -1 only when grading cannot go on for a
 * reason of the grader's (*err); a submission that does not build is 0
 * with b->compiled false or b->errors set. */
int rl_gbuild_make(struct rl_gbuild *b, const char *file, unsigned need,
		   char **err);
/* Build the reference good/CASE.c natively, as the submission, into a
 * folder the submission's runs never see (for the perf check). 0, or -1
 * with b->ref_why set. Built once; later calls return the first answer. */
int rl_gbuild_reference(struct rl_gbuild *b);
/* Remove everything; nothing of the submission is left. */
void rl_gbuild_close(struct rl_gbuild *b);

/* Return once no process of this build's sandboxes is left. */
void rl_gbuild_settle(struct rl_gbuild *b);

/* Run argv (the submission's program) in the sandbox under lim. */
int rl_gbuild_run(struct rl_gbuild *b, const struct rl_limits *lim,
		  char *const *cmd, double timeout, struct rl_proc *p);

#endif
