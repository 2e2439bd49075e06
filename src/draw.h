/* draw.h - the only code that paints: view-models in, curses cells out.
 *
 * Everything drawn comes from sanitized text, so no article byte, title or
 * file name can reach the terminal as a control.  draw() paints what dirty
 * names into stdscr and calls wnoutrefresh; the caller does the doupdate.
 */
#ifndef FOLIO_DRAW_H
#define FOLIO_DRAW_H

#include <stdbool.h>
#include <stdio.h>

struct app;

/* utf8: whether the terminal takes UTF-8; otherwise only ASCII is drawn.
 * hyperlinks: whether links in the article pane are terminal hyperlinks
 * (see draw_hyperlinks). */
void draw_init(bool utf8, bool hyperlinks);
void draw(struct app *app, unsigned dirty);

/* Make the links the article pane shows terminal hyperlinks (OSC 8):
 * draw_hyperlinks_before just before each doupdate, with full true when
 * that update repaints the whole screen (a resize, a redraw, a resume),
 * and draw_hyperlinks just after it, with out the terminal curses writes
 * to.  curses cannot hold escapes in its cells, so the cells of a link
 * are written again after the update, as curses believes they are,
 * between the link's opening and closing sequences, with the terminal's
 * own cursor moves; then the cursor and the attributes go back to where
 * curses believes they are, so its model of the screen stays right.
 * Only links the terminal lacks are written: a row curses left alone, or
 * scrolled (its scroll decision is modelled, see hyperlink_moves), keeps
 * the links it had.  To write a link's cells once rather than twice,
 * draw_hyperlinks_before hands curses those cells as the terminal shows
 * them before the update (so it leaves them alone) when that does not
 * change what it scrolls, and draw_hyperlinks puts them back into
 * curses' screens as it writes them.  Nothing happens when hyperlinks
 * are off. */
void draw_hyperlinks_before(bool full);
void draw_hyperlinks(FILE *out);

#endif
