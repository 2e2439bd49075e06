/* copycmd.h - the handlers that copy a passage to the clipboard: the
 * copy prefix (y) and the key after it, the paragraph, the lines from a
 * mark to here.
 *
 * The copy action waits for one more key, looked up in the copy context
 * of the keymap (y y the paragraph, y ' and a letter the lines from that
 * mark, y l a link, y f the path); a count typed before y goes to what
 * the key after it does.  A passage is taken from the document's view,
 * the text the pane shows, as passage_safe makes it safe, and goes to the
 * clipboard as outcmd's copies do (OSC 52 or outside.copy_command, cut at
 * outside.copy_limit with a message).  Each handler has the shape of
 * those of app.c, which lists them in its tables.
 */
#ifndef FOLIO_COPYCMD_H
#define FOLIO_COPYCMD_H

#include <stdbool.h>

struct app;
struct passage;

/* Waits for the key that says what to copy (app->pending). */
unsigned copycmd_prefix(struct app *app, long count);

/* The key after the copy prefix, or the letter after copy-range; Esc
 * cancels, a key that is no copy action says so. */
unsigned copycmd_key(struct app *app, int key);

/* Copies count paragraphs (passage_paragraphs): from the one holding the
 * current search match when it is on screen, else from the one at the top
 * of the pane (the first below it when the top line is blank). */
unsigned copycmd_paragraph(struct app *app, long count);

/* Waits for the letter of a mark, then copies the lines from that mark to
 * the line at the top of the pane, both included. */
unsigned copycmd_range(struct app *app, long count);

/* The view lines from mark letter (of the article shown) to the line at
 * the top of the pane, both included; false with a message when the mark
 * is not set or is in another article. */
bool copycmd_marked(struct app *app, int letter, struct passage *out);

#endif
