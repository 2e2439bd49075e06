/* docview.h - the handlers of documents: source or rendered, the outline
 * and links menus, moving by headings.
 *
 * They live beside the views they drive (pager, menuview) rather than in
 * app.c; each returns the DIRTY_* bits of what it changed, like every
 * handler, and app.c's table of handlers points at them.
 */
#ifndef FOLIO_DOCVIEW_H
#define FOLIO_DOCVIEW_H

struct app;
struct doc_options;

/* The options a document of the app is opened with: the configuration's,
 * at the pager's width. */
void app_doc_options(const struct app *app, struct doc_options *o);

/* Shows the article's source text in place of its rendering, or back. */
unsigned docview_toggle_source(struct app *app, long count);
/* Opens the menu of the article's headings, or of its links. */
unsigned docview_outline(struct app *app, long count);
unsigned docview_links(struct app *app, long count);
/* Goes to the count-th next (previous) heading. */
unsigned docview_next_heading(struct app *app, long count);
unsigned docview_prev_heading(struct app *app, long count);

/* A key while a menu is open: moves (the list's moving keys), chooses
 * (open, accept: goes to the row's place and closes), or closes. */
unsigned docview_menu_key(struct app *app, int key);

#endif
