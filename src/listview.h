/* listview.h - the source list's view-model: rows, selection, scrolling.
 *
 * Articles in folders are grouped under a header row per folder (a group
 * is a run of entries with the same group string); a folded group shows
 * only its header.  The selection is a row; it may rest on a header.
 *
 * The entries show in an order (listsort.h), sorted within each group;
 * read articles can be hidden.  Both are decided when they are set, from
 * the read flags then known (read[]): an article read since stays where
 * it is until the next set, so nothing moves under the reader.  A
 * narrowed list (a search of the collection) shows the articles whose
 * titles match first in each group, and each article's snippet on a row
 * of its own under it, which the selection skips.
 */
#ifndef FOLIO_LISTVIEW_H
#define FOLIO_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "listsort.h"

struct info_cache;
struct library;
struct listfmt;
struct snippet;

enum row_kind { ROW_GROUP, ROW_ENTRY, ROW_SNIPPET };

struct listrow {
	enum row_kind kind;
	size_t entry; /* the entry (ROW_GROUP: the group's first entry;
	                 ROW_SNIPPET: the entry of the row above) */
	size_t group; /* index of the group */
};

struct listview {
	const struct library *lib; /* borrowed */
	struct listrow *rows;      /* owned, nrows */
	size_t nrows, cap;
	size_t *group_of; /* owned: group index of each entry */
	bool *folded;     /* owned: per group */
	size_t ngroups;
	bool *read;                      /* owned: per entry */
	const size_t *filter;            /* borrowed: when set, only entries with
	                              filter[e] > 0 are shown */
	const bool *title_hit;           /* borrowed, with filter: the entries whose
	                             titles match, shown first; NULL none */
	struct snippet *const *snippets; /* borrowed, with filter: each
	                             entry's snippet, or NULL */
	enum list_sort sort;             /* the order of the entries */
	size_t *order;                   /* owned: the entries in that order */
	size_t *rank;                    /* owned: rank[order[i]] == i */
	bool hide_read;                  /* the entries read when it was set are hidden */
	bool *hidden;                    /* owned: per entry */
	struct listfmt *fmt;             /* owned: what an entry's row shows;
	                              NULL: its title */
	struct info_cache *words;        /* owned: the words counted (info.h) */
	size_t sel;                      /* selected row */
	size_t top;                      /* first shown row */
	int height;                      /* rows shown */
};

void listview_init(struct listview *lv, const struct library *lib);
void listview_free(struct listview *lv);

/* Sets the number of rows shown and keeps the selection in view. */
void listview_set_height(struct listview *lv, int height);

/* Moves the selection by n rows (clamped); returns whether it moved. */
bool listview_move(struct listview *lv, long n);
/* Selects row r (clamped). */
bool listview_select_row(struct listview *lv, size_t r);
/* The rows that are articles or headers: snippet rows are not counted. */
size_t listview_count(const struct listview *lv);
/* Selects the nth of those rows, from 0 (clamped: the last one past the
 * end), as 10G and 50% count them. */
bool listview_select_nth(struct listview *lv, size_t n);
/* Selects the row of entry e, unfolding its group if needed. */
bool listview_select_entry(struct listview *lv, size_t e);
/* The selected entry, or -1 when a group header is selected. */
long listview_selected_entry(const struct listview *lv);
/* Folds or unfolds the group of the selected row; the selection moves to
 * the group's header.  Returns whether anything changed. */
bool listview_toggle_group(struct listview *lv);
/* Shows only the entries e with hits[e] > 0 (hits borrowed, may fill in
 * later: call again to refresh), or every entry when hits is NULL.  Keeps
 * the selected entry selected when it stays shown. */
void listview_set_filter(struct listview *lv, const size_t *hits);

/* Shows the entries in order s (the read flags known now decide
 * LIST_SORT_UNREAD), the selection kept on its article (or header). */
void listview_set_sort(struct listview *lv, enum list_sort s);
/* Hides the entries read now (hide true) or shows every entry again.
 * The selection stays on its article when it still shows, else moves to
 * the nearest row that does (the next one, else the one before).
 * Returns the number of entries hidden. */
size_t listview_set_hide_read(struct listview *lv, bool hide);
/* Whether entry e shows with the read ones hidden. */
bool listview_shown(const struct listview *lv, size_t e);
/* The entry n places after e (before, n < 0) in the list's order,
 * hidden entries skipped, clamped to the first and last (wrap: going
 * round); e itself when there is none other. */
size_t listview_step(const struct listview *lv, size_t e, long n, bool wrap);
/* The place of entry e in the list's order, from 0. */
size_t listview_rank(const struct listview *lv, size_t e);
/* Narrows the list with hits (as listview_set_filter), the entries with
 * title_hit[e] first in each group (NULL: none), each with snippets[e]
 * under it (NULL: none); all borrowed. */
void listview_set_hits(struct listview *lv, const size_t *hits, const bool *title_hit,
    struct snippet *const *snippets);

/* Makes fmt (ownership taken; NULL: titles alone) the format of rows. */
void listview_set_format(struct listview *lv, struct listfmt *fmt);
/* The text of entry e's row, unread or not (safe; the caller frees it). */
char *listview_row_text(const struct listview *lv, size_t e, bool unread);

/* The group name shown for group row r. */
const char *listview_group_name(const struct listview *lv, size_t r);
/* The number of entries of the group of row r (those the search of the
 * collection narrowed it to, hidden read ones included). */
size_t listview_group_size(const struct listview *lv, size_t r);

/* What of the list outlives a rescan of the library (library_rescan):
 * the selected entry (or group header), the first row shown and the
 * folded groups, by name.  Taken before the rescan, given back after. */
struct listview_keep {
	long entry;  /* selected entry, -1 when a header is */
	char *group; /* owned: the header selected, or NULL */
	size_t top;
	char **folded; /* owned: names of the folded groups */
	size_t nfolded;
};

struct listview_keep *listview_keep(const struct listview *lv);
/* Builds the rows again over the rescanned library, map saying where each
 * of the old_n entries went (library_rescan): read and hidden flags go
 * with their entries, the order stays the one set, folded groups stay
 * folded, the same entry stays selected (its
 * nearest neighbour when it went, the next one first, shown even when its
 * group is folded: then its header) and the first row shown stays.  The
 * filter is dropped.  Frees k. */
void listview_restore(
    struct listview *lv, struct listview_keep *k, const size_t *map, size_t old_n);
void listview_keep_free(struct listview_keep *k);

/* The entry now of old entry e, or of its nearest neighbour that stayed
 * (the ones after it first): -1 when none did or e is -1. */
long listview_nearest(const size_t *map, size_t old_n, long e);

#endif
