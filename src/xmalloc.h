/* xmalloc.h - allocation that never returns NULL.
 *
 * Every function here either succeeds or prints one line and exits with
 * status 2 (after running the hook set by xmalloc_set_fatal_hook, which the
 * ui uses to restore the terminal).  Callers never check for NULL.
 */
#ifndef FOLIO_XMALLOC_H
#define FOLIO_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
/* Like realloc(ptr, nmemb * size) with an overflow check. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Grows *buf (capacity *cap) so it holds at least need bytes. */
void xgrow(void **buf, size_t *cap, size_t need, size_t elem);

/* Called once before a fatal exit, e.g. to restore the terminal. */
void xmalloc_set_fatal_hook(void (*hook)(void));
/* Prints "folio: MESSAGE" on stderr and exits 2, after the hook. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
