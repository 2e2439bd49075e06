/* searchview.h - the searches of the article and of the collection, and
 * the prompt (see searchview.c).
 *
 * A search only starts with a key: its matches are found in slices that
 * the ui runs between keys through app_idle, which calls the two runners
 * below.  The prompt's own keys (Enter, Esc, editing, history, C-r) come
 * to searchview_prompt_key while a prompt is open; what Enter and Esc do
 * depends on the prompt's kind (a search of the article, of the list, or
 * another question: set-title, a command, a save, the filter).
 */
#ifndef FOLIO_SEARCHVIEW_H
#define FOLIO_SEARCHVIEW_H

struct app;

/* / and ?: open the prompt for a search forward or backward in the
 * article, or (in the list) of the whole collection. */
unsigned searchview_forward(struct app *app, long count);
unsigned searchview_backward(struct app *app, long count);
/* n and N: the next match of the last search in its direction (N: the
 * other one), on through the narrowed list's articles. */
unsigned searchview_next(struct app *app, long count);
unsigned searchview_prev(struct app *app, long count);

/* About budget microseconds of the article's search, and of the
 * collection's; each returns the DIRTY_* bits of what it found (0 when
 * there is none running). */
unsigned searchview_run_finder(struct app *app, long budget);
unsigned searchview_run_scan(struct app *app, long budget);

/* A key while the prompt is open: an editing action, or a character. */
unsigned searchview_prompt_key(struct app *app, int key);

#endif
