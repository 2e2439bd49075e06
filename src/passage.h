/* passage.h - a passage of an article's text: the paragraphs or the lines
 * a copy or a pipe takes, and the safe text of it.
 *
 * Plain C over a buffer of bytes (a document's view, or an article's
 * source bytes); nothing here knows the pager or a terminal.  Offsets are
 * into that buffer.  A line is what lies between two '\n'; it is blank
 * when it holds only spaces, tabs and CR, and a paragraph is a run of
 * lines that are not blank, as { and } see them.
 */
#ifndef FOLIO_PASSAGE_H
#define FOLIO_PASSAGE_H

#include <stdbool.h>
#include <stddef.h>

/* Whole lines of a buffer: [start, end), end just past the last line's
 * '\n' (or at the buffer's end). */
struct passage {
	size_t start, end;
};

/* The n paragraphs (n < 1 counts as 1) from the one holding offset pos;
 * when the line at pos is blank, from the first paragraph after it.
 * Blank lines between them are part of the passage; those after the last
 * are not.  False when no paragraph starts at or after pos. */
bool passage_paragraphs(const char *text, size_t len, size_t pos, long n, struct passage *out);

/* Every line from the one holding offset a to the one holding offset b,
 * both included, whichever comes first. */
void passage_lines(const char *text, size_t len, size_t a, size_t b, struct passage *out);

/* The start of the line holding offset pos (pos itself at a line start;
 * len when pos >= len). */
size_t passage_line_start(const char *text, size_t len, size_t pos);

/* raw[0..len) as the pane shows it, for a clipboard: controls as their
 * pictures, invalid UTF-8 as U+FFFD, bidi controls made visible, tabs
 * expanded (article_sanitize), so that nothing pasted from it later can
 * act on a terminal; its lines end in '\n' (CR LF and a lone CR become
 * one), except the last, which has no line end.  Works in bounded pieces,
 * so a passage of hundreds of megabytes costs its own size and a little.
 * The caller frees the result; *outlen is its length (it is also
 * NUL-terminated). */
char *passage_safe(const char *raw, size_t len, size_t *outlen);

#endif
