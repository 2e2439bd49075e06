/* startview.h - the list shown while the collection is still scanned.
 *
 * At the terminal, folio shows its first screen as soon as the first
 * titles are known (library_add_start: the first rows' titles come first,
 * since the scan lists files in the list's own order), and the scan goes
 * on between keys in slices of a few milliseconds: the list grows as
 * entries come (the selection, the first row shown, folded groups and
 * read flags kept, as over a rescan), and the status says "Scanning:
 * 12,345 articles..." until it ends.  Keys work on what is known; a
 * search of the collection (/ in the list) first scans the rest at once,
 * so that it sees every article however soon it is typed, as does r (a
 * rescan).
 *
 * Like every handler, these return the DIRTY_* bits of what they changed.
 */
#ifndef FOLIO_STARTVIEW_H
#define FOLIO_STARTVIEW_H

#include <stdbool.h>

struct app;

/* Whether the collection is still being scanned. */
bool startview_busy(const struct app *app);

/* Scans on for about budget_us microseconds, when nothing is in the way,
 * and puts the views over the entries added. */
unsigned startview_idle(struct app *app, long budget_us);

/* Scans the rest at once (a search of the collection must see every
 * article, whenever it is typed), and puts the views over it. */
unsigned startview_finish(struct app *app);

#endif
