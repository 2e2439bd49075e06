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

/* utf8: whether the terminal takes UTF-8; otherwise only ASCII is drawn. */
void draw_init(bool utf8);
void draw(struct app *app, unsigned dirty);

#endif
