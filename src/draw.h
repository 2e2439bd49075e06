/* draw.h - the only code that paints: view-models in, curses cells out.
 *
 * Everything drawn comes from sanitized text, so no article byte, title or
 * file name can reach the terminal as a control.  draw() paints what dirty
 * names into stdscr and calls wnoutrefresh; the caller does the doupdate.
 */
#ifndef FOLIO_DRAW_H
#define FOLIO_DRAW_H

#include <stdbool.h>

struct app;

/* utf8: whether the terminal takes UTF-8; otherwise only ASCII is drawn.
 * hyperlinks: whether links in the article pane are terminal hyperlinks
 * (see draw_hyperlinks). */
void draw_init(bool utf8, bool hyperlinks);
void draw(struct app *app, unsigned dirty);

/* Makes the links the article pane shows terminal hyperlinks (OSC 8), to
 * be called after each doupdate, with fd the terminal curses writes to
 * and full true when that update repainted the whole screen (a resize, a
 * redraw, a resume).  curses cannot hold escapes in its cells, so the
 * cells of each link are written again, as curses believes they are,
 * between the link's opening and closing sequences, with the terminal's
 * own cursor moves; then the cursor and the attributes go back to where
 * curses believes they are, so its model of the screen stays right.  Only
 * rows whose links the terminal lost or lacks are written: a row curses
 * left alone, or scrolled, keeps the links it had.  Nothing happens when
 * hyperlinks are off. */
void draw_hyperlinks(int fd, bool full);

#endif
