/* msg.h - the messages folio prints for a person to read: warnings and
 * errors on stderr, and the verdict of --check-config on stdout.
 *
 * A message often quotes outside text: a path, an argument, a terminal
 * type, a configuration value, the name of a script.  Every message is
 * made safe as a whole, as one line of article_safe_line(): whatever it
 * quotes, no byte of it can act on a terminal, and it stays one line.
 * Sanitizing what is already safe changes nothing, so a caller may quote
 * text it made safe itself.
 *
 * Only fatal() (xmalloc.h) prints without this module, since it may run
 * out of memory; its messages are folio's own words.
 */
#ifndef FOLIO_MSG_H
#define FOLIO_MSG_H

#include <stdarg.h>
#include <stdio.h>

/* Formats fmt and writes it to f as one safe line, with its newline. */
void msg_line(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void msg_vline(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Like msg_line, with "folio: " before: a warning or an error. */
void msg_warn(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
