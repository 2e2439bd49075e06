/* reflow.h - which lines of plain text are prose hard-wrapped at a fixed
 * width, and where their wrapped rows hang.
 *
 * Mail, READMEs, RFCs and licences are often wrapped by their writer at
 * 72 or 80 columns.  In a pane narrower than that, wrapping each line
 * again gives a "comb": a full row, then a row of two words.  The layout
 * asks this module which lines to join into one paragraph instead, and
 * lays the paragraph out as a whole; positions are untouched, since the
 * joined text still maps every byte back to the source.
 *
 * Everything here looks at raw bytes only, a bounded amount of them:
 * the wrap width from the first REFLOW_SAMPLE bytes of the article, a
 * paragraph from at most REFLOW_MAX_PARA bytes either side of a position.
 * The answers depend on the bytes alone, never on where one starts
 * looking, so every position of a paragraph finds the same paragraph.
 */
#ifndef FOLIO_REFLOW_H
#define FOLIO_REFLOW_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes from the start of an article that its wrap width is found in. */
#define REFLOW_SAMPLE (32u << 10)
/* A paragraph longer than this is left as it is. */
#define REFLOW_MAX_PARA (16u << 10)
/* The most columns of a lead (a hanging indent); a line with a deeper
 * one has none. */
#define REFLOW_MAX_LEAD 40

/* The width data[0..n) was hard-wrapped at, from the lines inside its
 * paragraphs (those followed by another non-blank line): the width that
 * nine in ten of them keep to, when most of them come close to it; 0
 * when the text does not look hard-wrapped (fewer than 8 such lines, or
 * lengths spread out as in code or unwrapped text). */
int reflow_wrap_width(const char *data, size_t n);

/* A paragraph of hard-wrapped prose: the source lines [start, end) (end
 * is past the last line's '\n', or the article's end), joined in order.
 * Each line after the first starts with the same prefix, prefix_len
 * bytes of blanks and '>' (a quote's), which the joined text leaves out
 * and the wrapped rows show instead, as their lead. */
struct reflow_para {
	size_t start, end;
	size_t prefix_len;
	int prefix_cols;
};

/* Whether the line holding pos (pos < size) is in a paragraph of prose
 * hard-wrapped at wrap columns, which may then be joined: two lines or
 * more, between blank lines (or a line starting a list item, or one
 * quoted deeper or less deep than the line before it), each line
 * but the last ended because its next word would not fit, none longer
 * than the wrap width by much, none that looks like a table, code or art
 * (runs of blanks inside it, box drawing, few letters), all but the first
 * with the same prefix, and the first with that prefix too, or a list
 * marker whose text starts where the prefix ends, or a deeper indent
 * (a book's first line).  Fills *out when it is. */
bool reflow_find(const char *data, size_t size, size_t pos, int wrap, struct reflow_para *out);

/* The lead of the wrapped rows of the line s[0..n) (no line end), as a
 * prefix of the line and blanks after it: the line's leading blanks and
 * '>' marks (prefix_len bytes), then as many spaces as a list marker
 * ("-", "*", "+", "o", a bullet, "1.", "2)", "a)", "iv.") and the blanks
 * after it take (*spaces).  Returns the lead's columns (0: none).  A tab
 * in the prefix gives no lead. */
int reflow_lead(const char *s, size_t n, size_t *prefix_len, int *spaces);

/* Display columns of the raw line s[0..n), tabs to multiples of 8,
 * anything that is no printable UTF-8 one column per byte. */
int reflow_cols(const char *s, size_t n);

#endif
