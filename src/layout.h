/* layout.h - display lines of an article for a width, built lazily.
 *
 * Layout is a pure function of (article, width): the same inputs always give
 * the same lines.  The article is cut into blocks, each sanitized and
 * wrapped on its own when first needed and kept in a small cache, so the
 * first screen of a 200 MB article costs one block and memory stays bounded
 * whatever the article's size.  A block is a source line, or a piece of
 * about LAYOUT_SEGMENT bytes of a longer one.  The seams between the pieces
 * of a long line are display-line starts of the line laid out whole, found
 * block after block from the line's start (with the sanitizer's tab column
 * carried over), so the lines are exactly those the line gives with no seam
 * at all; the price is that reaching far into a long line first lays out
 * what comes before it in that line, once for each layout.  Only where no
 * display line starts within 64 KB (zero-width characters by the
 * kilobyte) is a block ended where the line would not break.
 *
 * Wrapping follows UAX #14 (libunistring) with wcwidth() columns: lines
 * break at line-break opportunities; a word longer than the line breaks at
 * a grapheme-cluster boundary; a cluster is split (at code points) only when
 * it alone is wider than the line; a character wider than the whole line is
 * shown as the placeholder LAYOUT_PLACEHOLDER.  No line is ever wider than
 * the width.  Spaces where a line wraps are not shown, and no line after the
 * first of a paragraph starts with one.  A hard break (lone CR, U+2028,
 * U+2029) right before the line end leaves an empty line, which stands for
 * the line end's bytes.
 *
 * A display line is named by its raw byte range; consecutive lines' ranges
 * tile the article exactly.  An empty article has one empty line.
 */
#ifndef FOLIO_LAYOUT_H
#define FOLIO_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct article;
struct doc;

#define LAYOUT_SEGMENT 16384
#define LAYOUT_PLACEHOLDER "\xe2\x80\xa6" /* U+2026, one column */

enum {
	DLINE_TITLE = 1 << 0,       /* shows part of the article's title line */
	DLINE_CONTINUED = 1 << 1,   /* continues a line wrapped above it */
	DLINE_PLACEHOLDER = 1 << 2, /* text is LAYOUT_PLACEHOLDER */
};

struct dline {
	size_t start; /* raw range [start, end) this line stands for */
	size_t end;
	const char *text; /* sanitized text, len bytes, no '\n'; valid until
	                     the next call on the same layout */
	size_t len;
	const uint32_t *map; /* map[i] + base is the raw offset of text[i];
	                        NULL for a placeholder; valid as text is */
	size_t base;
	int cols;             /* display width of text, 0 <= cols <= width */
	unsigned flags;       /* DLINE_* */
	const uint8_t *roles; /* roles[i] is the enum role of text[i] (ROLE_TEXT:
	                         plain); NULL when the whole line is plain */
	const char *lead;     /* a wrapped line's hanging lead (safe text) to
	                         show before text, or NULL; lead_cols + cols
	                         <= width */
	size_t lead_len;
	int lead_cols;
};

/* A layout of a (borrowed) article for width columns (width >= 1; smaller
 * values are taken as 1).  The article must outlive the layout. */
struct layout *layout_create(const struct article *a, int width);
void layout_free(struct layout *l);

/* A layout of a document's view (d must outlive it): lines take their
 * roles from the document's runs, and the wrapped continuations of a line
 * with a hang start with its lead and wrap that much narrower.  In plain
 * text, URLs (text_find_url) take ROLE_LINK. */
struct layout *layout_create_doc(const struct doc *d, int width);

/* The same with long lines cut every segment bytes instead of every
 * LAYOUT_SEGMENT (segment 0: every line is laid out whole, in one block).
 * For tests and fuzzers, which check that the seams change nothing. */
struct layout *layout_create_seamed(const struct article *a, int width, size_t segment);
int layout_width(const struct layout *l);

/* The display line that contains raw offset pos (pos >= size means the last
 * line).  Always succeeds. */
void layout_line_at(struct layout *l, size_t pos, struct dline *out);

/* The line after (before) the one starting at raw offset cur->start.
 * Returns false at the end (start) of the article, leaving *out alone. */
bool layout_next(struct layout *l, const struct dline *cur, struct dline *out);
bool layout_prev(struct layout *l, const struct dline *cur, struct dline *out);

/* Moves n display lines from the line containing pos (negative n moves up),
 * stopping at either end; returns the start of the line reached and stores
 * the number of lines actually moved in *moved when not NULL. */
size_t layout_move(struct layout *l, size_t pos, long n, long *moved);

/* Lays out more of the long line holding pos, towards its end, for about
 * budget_us microseconds (at least one block), so that a later jump far
 * into it costs nothing; meant for the time between keys.  Returns whether
 * more remains: false when pos is in no long line or the line is done.
 * What it lays out is not counted by layout_blocks_built. */
bool layout_warm(struct layout *l, size_t pos, long budget_us);

/* A link shown on a display line: bytes [from, to) of the line's text
 * show part of link n, whose target is target.  n is the same on every
 * line a link is cut over, and differs between the links of a layout;
 * whole is true when the link is not cut: all of it is on this line. */
struct dlink {
	size_t from, to;
	unsigned long n;
	bool whole;
	char *target; /* owned: safe text */
};

/* The links that display line d shows, d being the line this layout gave
 * last (its text still valid): a document's links by their view ranges,
 * URLs in plain text (text_find_url) by where they stand in the text laid
 * out.  *out is malloc'd (free it with layout_links_free).  Returns how
 * many, 0 for a line with no link. */
size_t layout_links(const struct layout *l, const struct dline *d, struct dlink **out);
void layout_links_free(struct dlink *v, size_t n);

/* How many blocks this layout has sanitized and wrapped since it was
 * created: lets tests and benchmarks check that work stays lazy. */
size_t layout_blocks_built(const struct layout *l);

#endif
