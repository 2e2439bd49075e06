/* listfmt.h - what a row of the source list shows (the list_format setting).
 *
 * A format is text in which a conversion stands for a field of the entry:
 *   %t  the title (its own title when the reader gave it one)
 *   %f  the file name
 *   %p  the path below the folder opened ("folder/file.txt")
 *   %d  the modification date, as the date format says (strftime)
 *   %s  the size, short: 512B, 3.4K, 12M, 1.2G
 *   %u  LISTFMT_UNREAD when the entry is unread, a space when it is read
 *   %%  a percent sign
 * Between % and the letter, a width in columns (1 to LISTFMT_WIDTH_MAX)
 * pads the field with spaces to that width, on the left ("%6s", aligned
 * right) or with a '-' on the right ("%-20t", aligned left); a longer
 * field is cut at a grapheme boundary.  Everything else is shown as it is,
 * made safe.  Rows are safe text (article.h): nothing in a file name, a
 * title or the format can act on a terminal.
 */
#ifndef FOLIO_LISTFMT_H
#define FOLIO_LISTFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct entry;

/* The default shows the title alone, as rows always did. */
#define LISTFMT_DEFAULT "%t"
#define LISTFMT_DATE_DEFAULT "%Y-%m-%d"
#define LISTFMT_UNREAD "N"
#define LISTFMT_WIDTH_MAX 500

struct listfmt;

/* Parses spec, with date_format for %d (NULL: LISTFMT_DATE_DEFAULT).
 * Returns NULL when spec is no format, with *why (the caller frees it)
 * saying what is wrong ("unknown conversion %x"). */
struct listfmt *listfmt_parse(const char *spec, const char *date_format, char **why);
void listfmt_free(struct listfmt *f);

/* Whether spec is a format (an option_def check, see options.h). */
bool listfmt_check(const char *spec, char **why);

/* The row of entry e as f shows it; unread says whether it is.  Safe
 * text on one line; the caller frees it. */
char *listfmt_row(const struct listfmt *f, const struct entry *e, bool unread);

/* A size as %s shows it: bytes up to 1023 ("512B"), then K, M, G, T with
 * one decimal below 10 ("3.4K") and none above ("12M"), rounded up as
 * ls -h rounds.  Writes at most 8 bytes with the NUL. */
void listfmt_size(uint64_t size, char out[8]);

#endif
