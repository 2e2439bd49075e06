/* finder.h - one search in one article, done in bounded slices.
 *
 * A finder looks for the match the view should show (forward or backward
 * from a position, wrapping around the article when allowed), then counts
 * every match from the start (under a filter, every match on the lines it
 * shows: finder_set_filter) so the status line can say "2/17".  Both run
 * in slices of bounded time, so that on a 200 MB article no key waits on
 * the search: the caller runs finder_work between keys while finder_busy
 * says there is work left, and a new search simply replaces the old one.
 *
 * The finder borrows the article; the caller restarts or clears the finder
 * when the article changes.
 */
#ifndef FOLIO_FINDER_H
#define FOLIO_FINDER_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"

struct filter;
struct search_pattern;

enum {
	FINDER_FOUND = 1 << 0,     /* the current match changed */
	FINDER_NOT_FOUND = 1 << 1, /* a find ended with no match at all */
	FINDER_WRAPPED = 1 << 2,   /* the find went past an end of the article */
	FINDER_COUNTED = 1 << 3,   /* the count moved on */
	FINDER_AT_END = 1 << 4,    /* a find reached an end and wrapping is off */
};

struct finder {
	struct search_pattern *pat; /* owned; NULL when there is no search */
	const struct article *a;    /* borrowed */
	bool wrap;                  /* wrap around the ends */
	bool have_cur;              /* a current match */
	size_t cur_start, cur_end;
	/* Finding the next match to show. */
	bool finding, backward, wrapped;
	size_t find_pos, find_origin;
	/* A backward step a slow regular expression left unfinished: the
	 * slice [back_from, find_pos) is looked at from back_at on, and its
	 * last match so far is [back_s, back_e) when back_got. */
	bool back_busy, back_got;
	size_t back_from, back_at, back_s, back_e;
	/* Counting every match from the start (only those on the lines
	 * only shows, when it is set). */
	struct filter *only; /* borrowed; see finder_set_filter */
	bool counting;
	size_t count_pos, total;
	size_t *starts; /* owned: starts of the first matches */
	size_t nstarts, cap;
	bool starts_full;          /* more matches than starts holds */
	unsigned events;           /* FINDER_* since the last finder_work */
	struct article_window win; /* the bytes being searched */
	/* Bytes of one step: 0 is 1 MiB.  Tests and fuzzers set less, to
	 * reach the seams between steps; finder_clear keeps it. */
	size_t slice;
};

void finder_init(struct finder *f);
/* Forgets the search (and frees the pattern); keeps its buffer. */
void finder_clear(struct finder *f);
/* Forgets the search and frees everything, leaving f as finder_init does. */
void finder_free(struct finder *f);

/* Starts searching a for pat (ownership taken) from pos: forward finds the
 * first match starting at or after pos, backward the last starting before
 * it. */
void finder_start(struct finder *f, const struct article *a, struct search_pattern *pat,
    bool backward, size_t pos, bool wrap);
/* Finds the next match after the current one (or after pos when there is
 * none) in the given direction. */
void finder_step(struct finder *f, bool backward, size_t pos);

/* Counts (and numbers) only the matches that start on a line filter flt
 * shows (NULL: every match); the count starts again when flt is another
 * filter than the one set.  The finder borrows flt: the caller sets it
 * again (or NULL) before the next finder_work whenever the filter it set
 * is freed.  The count waits on the filter's scan, and drives it (one
 * step at a time) where it has not been. */
void finder_set_filter(struct finder *f, struct filter *flt);

/* Does about budget_us microseconds of work, at least one step of a slice
 * (so a budget of 0 does exactly one); a slice of the count stops early,
 * between two matches, when the budget is spent.  Returns the FINDER_*
 * events. */
unsigned finder_work(struct finder *f, long budget_us);
bool finder_busy(const struct finder *f);

/* The first match of pat starting in [from, limit) of a (from a character
 * boundary), its bytes read through w: the raw range in *s, *e.  This is
 * how every bulk search of an article reads it (see article_window). */
bool finder_find_in(const struct article *a, struct article_window *w,
    const struct search_pattern *pat, size_t from, size_t limit, size_t *s, size_t *e);

/* The 1-based number of the current match, or 0 while it is not known. */
size_t finder_index(const struct finder *f);
/* Whether total is the final count. */
bool finder_counted(const struct finder *f);

#endif
