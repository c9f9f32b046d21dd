/*
 * report_util.h - private helpers shared by the report parsers (tsan.c,
 * vgxml.c) and report.c, which defines them. Not part of the API: nothing
 * outside harness/report includes this.
 */
#ifndef RACELAB_REPORT_UTIL_H
#define RACELAB_REPORT_UTIL_H

#include "report.h"

/* Stand-in for a kind the input never named, so kind is never NULL. */
#define RLR_UNKNOWN_KIND "(unknown)"

/* Copy of s[0..n) (stopping early at a NUL), NUL-terminated; NULL on ENOMEM. */
char *rlr_strndup(const char *s, size_t n);
char *rlr_strdup(const char *s);

/* Strip leading and trailing white space in place; returns the new start. */
char *rlr_trim(char *s);

/* A source line number: the leading decimal digits of s[0..n), capped at
 * INT_MAX; 0 when s does not start with a digit (0 means unknown). */
int rlr_parse_lineno(const char *s, size_t n);

/*
 * The array (n elements of elsize bytes) with room for one more: the same
 * pointer, or a realloc'd one, or NULL (array untouched) on ENOMEM. The
 * capacity is implied by n (the next power of two), so the public structs
 * need no cap field and appends stay amortised O(1).
 */
void *rlr_grow(void *array, size_t n, size_t elsize);

/* Append one zeroed element; NULL (nothing changed) on ENOMEM. */
struct rl_finding *rlr_add_finding(struct rl_report *rep);
struct rl_access *rlr_add_access(struct rl_finding *f);
struct rl_frame *rlr_add_frame(struct rl_access *a);

/*
 * A sanitizer's stack frame line ends in "(module+0x...)" and maybe
 * "(BuildId: ...)": cut them off s in place. 0, or -1 when s has no module
 * group (TSan always prints one, so a line without it is no frame; ASan
 * prints it only for frames with no source).
 */
int rlr_cut_module(char *s);

/* "file:line:col", "file:line", "file" or "<null>" into fr's file and line
 * (the column dropped). 0, or -1 on ENOMEM. */
int rlr_parse_source(const char *src, struct rl_frame *fr);

/* Release what a finding owns (not the struct itself). */
void rlr_finding_clear(struct rl_finding *f);

/*
 * Record the first problem with the input as rep->error; later ones are
 * dropped so the message names the cause, not its consequences. 0, or -1 if
 * even the message could not be allocated.
 */
int rlr_set_error(struct rl_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
