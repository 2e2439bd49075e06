/* sortview.h - the handlers of the source list's order and of what it
 * hides: the sort order (listsort.h) and the read articles.
 *
 * Each handler has the shape of those of app.c, which lists them in its
 * table: it changes the app and returns the DIRTY_* bits of what changed.
 * The order chosen is kept in the reading state per collection
 * (library_collection_key), so the same folders open in the same order;
 * --list takes its order from the same place (sortview_list).
 */
#ifndef FOLIO_SORTVIEW_H
#define FOLIO_SORTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "listsort.h"

struct app;
struct library;
struct state;

/* Sorts the list in the next order (name, title, date, size, unread,
 * then name again), keeps it for the collection, and says which. */
unsigned sortview_cycle(struct app *app, long count);
/* Hides the read articles, or shows them again. */
unsigned sortview_hide_read(struct app *app, long count);

/* The order the collection of lib opens in: the one st keeps for it
 * (st may be NULL), else def. */
enum list_sort sortview_saved(const struct library *lib, struct state *st, enum list_sort def);

/* Sets the list up as the app starts: in order sort, with the read
 * articles hidden when hide is true. */
void sortview_init(struct app *app, enum list_sort sort, bool hide);

/* The unread articles of the group of list row r (whose read flags are
 * looked up as needed). */
size_t sortview_group_unread(struct app *app, size_t r);

/* For --list: fills order[0..lib->n) with lib's entries in order sort,
 * as the list shows them, and returns how many of them to print: with
 * unread set, only those st (may be NULL) does not know as read, moved
 * to the front in the same order. */
size_t sortview_list(
    const struct library *lib, struct state *st, enum list_sort sort, bool unread, size_t *order);

#endif
