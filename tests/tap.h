/* tap.h - a small Test Anything Protocol helper for the unit tests.
 *
 * Each check prints one "ok N - name" or "not ok N - name" line; tap_done()
 * prints the plan and returns the exit status (0 when every check passed).
 */
#ifndef FOLIO_TAP_H
#define FOLIO_TAP_H

#include <stddef.h>

int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int tap_is_int(long long got, long long want, const char *file, int line, const char *name);
int tap_is_str(const char *got, const char *want, const char *file, int line, const char *name);
int tap_is_mem(const char *got, size_t glen, const char *want, size_t wlen, const char *file,
    int line, const char *name);
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tap_done(void);

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, name) tap_is_int((got), (want), __FILE__, __LINE__, (name))
#define is_str(got, want, name) tap_is_str((got), (want), __FILE__, __LINE__, (name))
#define is_mem(got, glen, want, wlen, name) \
	tap_is_mem((got), (glen), (want), (wlen), __FILE__, __LINE__, (name))

#endif
