/*
 * util.h - the few helpers every harness file needs: checked allocation,
 * a growable string, number parsing with range errors.
 */
#ifndef RACELAB_UTIL_H
#define RACELAB_UTIL_H

#include <stdbool.h>
#include <stddef.h>

void *rl_xmalloc(size_t n);
void *rl_xcalloc(size_t n, size_t size);
void *rl_xrealloc(void *p, size_t n);
char *rl_xstrdup(const char *s);
char *rl_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable string. */
struct rl_buf {
	char *s;
	size_t len, cap;
};
void rl_buf_add(struct rl_buf *b, const char *s, size_t n);
void rl_buf_printf(struct rl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Take the string (never NULL) and reset the buffer. */
char *rl_buf_take(struct rl_buf *b);

/* Append s as one POSIX shell word: as is when it is plain, else in
 * single quotes ('' for an empty word, '\'' for a quote inside). */
void rl_buf_shell_word(struct rl_buf *b, const char *s);

/* Parse a whole decimal/hex number in [min, max]; false on any junk. */
bool rl_parse_long(const char *s, long min, long max, long *out);
bool rl_parse_double(const char *s, double min, double max, double *out);

/* Does s end with suffix, at a path component boundary? */
bool rl_path_endswith(const char *path, const char *suffix);

/* Seconds on the monotonic clock (for durations, never for verdicts). */
double rl_now(void);

/*
 * argv for exec: prefix..., binary, args... (prefix and args NULL-terminated,
 * either may be NULL). The array is malloc'd and NULL-terminated; the
 * strings are borrowed, so free only the array.
 */
char **rl_argv_join(char *const *prefix, const char *binary, char *const *args);

/* Free a NULL-terminated array of malloc'd strings and the array; NULL is
 * fine. */
void rl_argv_free(char **v);

#endif
