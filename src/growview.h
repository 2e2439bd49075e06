/* growview.h - the reader's side of a growing article (article.h):
 * standard input, or a compressed file or archive member being decoded.
 *
 * Between keys the shown article is fed in slices that never wait for
 * input (a pipe with nothing in it costs one poll), and the pager is told
 * when it grew, so the first screen shows before the input ends and the
 * rest comes in behind it.  G on an incomplete article waits for its end,
 * showing how much has been read; any key stops the wait (the reading
 * goes on between keys).  When the article is complete, its reader
 * renders it (a Markdown file on standard input shows as Markdown), and a
 * notice says when it ended early: damaged or truncated input, or the
 * input_max limit reached.
 *
 * Like every handler, these return the DIRTY_* bits of what they changed.
 */
#ifndef FOLIO_GROWVIEW_H
#define FOLIO_GROWVIEW_H

#include <stdbool.h>

struct app;

/* Whether the shown article has bytes to take in now, or G is waiting. */
bool growview_busy(const struct app *app);

/* Takes in what is there, for about budget_us microseconds. */
unsigned growview_idle(struct app *app, long budget_us);

/* G with no count in the article pane: the end, once there is one. */
unsigned growview_end(struct app *app);

/* Whether a key is to stop G's wait or following; then it is taken for
 * that. */
bool growview_waiting(const struct app *app);
unsigned growview_stop(struct app *app);

/* F: follows the article shown, as less +F does: the pane goes to its
 * end and stays there as it grows (standard input as it comes in, a file
 * as app_watch reloads it), until a key stops it (growview_waiting) or
 * the input ends.  The status says so. */
unsigned growview_follow(struct app *app, long count);

/* Says what a reload of the shown article (app_reload) did: while
 * following, it quietly shows the new end, or says the file shrank (it
 * was truncated or replaced by a shorter one); else that it changed. */
void growview_reloaded(struct app *app);

/* What the status says of the shown article while it grows ("reading
 * 12.5M  "), "" otherwise.  The caller frees it. */
char *growview_status(const struct app *app);

#endif
