/* listview.h - the source list's view-model: rows, selection, scrolling.
 *
 * Articles in folders are grouped under a header row per folder (a group
 * is a run of entries with the same group string); a folded group shows
 * only its header.  The selection is a row; it may rest on a header.
 */
#ifndef FOLIO_LISTVIEW_H
#define FOLIO_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>

struct info_cache;
struct library;
struct listfmt;

enum row_kind { ROW_GROUP, ROW_ENTRY };

struct listrow {
	enum row_kind kind;
	size_t entry; /* the entry (ROW_GROUP: the group's first entry) */
	size_t group; /* index of the group */
};

struct listview {
	const struct library *lib; /* borrowed */
	struct listrow *rows;      /* owned, nrows */
	size_t nrows, cap;
	size_t *group_of; /* owned: group index of each entry */
	bool *folded;     /* owned: per group */
	size_t ngroups;
	bool *read;               /* owned: per entry */
	const size_t *filter;     /* borrowed: when set, only entries with
	                              filter[e] > 0 are shown */
	struct listfmt *fmt;      /* owned: what an entry's row shows;
	                              NULL: its title */
	struct info_cache *words; /* owned: the words counted (info.h) */
	size_t sel;               /* selected row */
	size_t top;               /* first shown row */
	int height;               /* rows shown */
};

void listview_init(struct listview *lv, const struct library *lib);
void listview_free(struct listview *lv);

/* Sets the number of rows shown and keeps the selection in view. */
void listview_set_height(struct listview *lv, int height);

/* Moves the selection by n rows (clamped); returns whether it moved. */
bool listview_move(struct listview *lv, long n);
/* Selects row r (clamped). */
bool listview_select_row(struct listview *lv, size_t r);
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

/* Makes fmt (ownership taken; NULL: titles alone) the format of rows. */
void listview_set_format(struct listview *lv, struct listfmt *fmt);
/* The text of entry e's row, unread or not (safe; the caller frees it). */
char *listview_row_text(const struct listview *lv, size_t e, bool unread);

/* The group name shown for group row r. */
const char *listview_group_name(const struct listview *lv, size_t r);
/* The number of entries of the group of row r. */
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
 * of the old_n entries went (library_rescan): read flags go with their
 * entries, folded groups stay folded, the same entry stays selected (its
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
