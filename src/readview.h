/* readview.h - the handlers of reading comfort: chopping the lines that
 * are not prose instead of wrapping them, and scrolling them sideways.
 *
 * They drive the pager's layout options (pager_set_layout) and its
 * horizontal scroll; each returns the DIRTY_* bits of what it changed,
 * and app.c's table of handlers points at them.
 */
#ifndef FOLIO_READVIEW_H
#define FOLIO_READVIEW_H

struct app;

/* Chops the lines the reflow leaves alone (tables, art, code), or wraps
 * them again; the choice holds for the articles opened after. */
unsigned readview_toggle_wrap(struct app *app, long count);
/* Scrolls chopped lines right (left) by count columns, or half the text
 * width without a count; says how to chop them when they wrap. */
unsigned readview_scroll_right(struct app *app, long count);
unsigned readview_scroll_left(struct app *app, long count);

#endif
