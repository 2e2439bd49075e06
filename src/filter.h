/* filter.h - a view over a layout that shows only the lines that match.
 *
 * A filter is less's "&": of an article's view it shows only the units
 * that hold a match of a pattern, with all their display lines.  A unit
 * is a line of the view (the text between two '\n'): in plain text a
 * source line, in a rendered document (Markdown, HTML, man) a paragraph,
 * a heading or a list item, which its reader writes as one line of its
 * view (a hard line break inside one, or a line of a code block, makes a
 * unit of its own).  Matching is the search engine's (search.h: literal
 * or regular expression, smart case), bounded by its limits.
 *
 * The units are found lazily, in order from the start, a slice at a time:
 * filter_work does a bounded slice of the scan, and the moving functions
 * below look at most a bounded slice further than what is known, so no
 * call waits on a huge article.  What they answer is what is known: "no
 * next line" may become one after more work, until filter_done.
 *
 * The moving functions mirror layout.h's over the rows of the units
 * found: each row they give is a display line of the layout that shows
 * part of a matching unit (with reflow a joined row may show the end of
 * one unit and the start of another: it is shown once).  The layout must
 * be one of the filter's article.
 */
#ifndef FOLIO_FILTER_H
#define FOLIO_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "article.h"
#include "layout.h"

struct doc;
struct search_pattern;

struct filter_unit {
	size_t start, end; /* view range, end past the '\n' (or the size) */
};

struct filter {
	struct search_pattern *pat; /* owned */
	char *text;                 /* owned: the pattern as typed */
	const struct article *a;    /* borrowed: the view filtered */
	struct filter_unit *units;  /* owned: the matching units found, in order */
	size_t n, cap;
	size_t scan_pos;   /* the scan goes on here (a character boundary) */
	size_t line_start; /* start of the unit holding scan_pos */
	bool done;         /* every unit has been looked at */
	size_t scanned;    /* bytes the scan has looked at, for the tests */
	size_t slice;      /* bytes of one step of the scan, 0: 1 MiB */
	/* For the owner: the count it last showed, and whether the scan was
	 * done then (the moving functions scan too, so the owner cannot
	 * tell from filter_work alone that there is news to show). */
	size_t told;
	bool told_done;
	struct article_window win;
};

/* A filter of article a by pat (taking it; it must not be empty nor a
 * regular expression in error), text being the pattern as typed
 * (copied).  Nothing is scanned yet. */
struct filter *filter_create(const struct article *a, struct search_pattern *pat, const char *text);
void filter_free(struct filter *f);

/* The same pattern over another article (the one shown changed, or was
 * made again): what was found is forgotten. */
void filter_restart(struct filter *f, const struct article *a);

/* The article grew (article_feed): what was found stays, the line that
 * was last is looked at again, and the scan goes on over the new bytes. */
void filter_grew(struct filter *f);

/* Scans on for about budget_us microseconds (at least one step).
 * Returns whether it found more units. */
bool filter_work(struct filter *f, long budget_us);
bool filter_done(const struct filter *f);
/* How many matching units are known, and how far the scan is (0-100). */
size_t filter_count(const struct filter *f);
int filter_progress(const struct filter *f);

/* The view offset below which every matching unit is known (SIZE_MAX
 * once the scan is done): filter_holds is final for offsets below it. */
size_t filter_known(const struct filter *f);
/* Whether view offset pos is in a matching unit known, scanning nothing. */
bool filter_holds(const struct filter *f, size_t pos);

/* Whether view offset pos is in a matching unit (as far as known). */
bool filter_shows(struct filter *f, size_t pos);

/* The shown row that holds pos, else the first one after it, else the
 * last one before it.  False (out untouched) when no row is known. */
bool filter_line_at(struct filter *f, struct layout *l, size_t pos, struct dline *out);
/* The shown row after (before) cur, a row filter_* gave; false at the
 * end (start) of what is known. */
bool filter_next(struct filter *f, struct layout *l, const struct dline *cur, struct dline *out);
bool filter_prev(struct filter *f, struct layout *l, const struct dline *cur, struct dline *out);
/* Moves n shown rows from the one filter_line_at gives for pos (negative
 * n moves up), stopping at either end of what is known; returns the start
 * of the row reached (pos when no row is known) and the rows moved in
 * *moved when not NULL. */
size_t filter_move(struct filter *f, struct layout *l, size_t pos, long n, long *moved);

/* Writes the display lines of d for width columns that a filter by pat
 * shows (pat borrowed; its time budget is lifted), as dump_doc writes them all, with before
 * written first when there is one; scans the whole document.  Returns how
 * many units matched. */
size_t filter_dump_doc(
    struct doc *d, int width, struct search_pattern *pat, const char *before, FILE *out);

#endif
