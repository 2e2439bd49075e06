#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "app.h"
#include "doc.h"
#include "docview.h"
#include "outcmd.h"
#include "keymap.h"
#include "menuview.h"
#include "pager.h"
#include "reader.h"
#include "xmalloc.h"

void
app_options_doc(const struct app_options *ao, int width, struct doc_options *o)
{
	doc_options_init(o);
	o->width = width;
	o->max_render = ao->max_render;
	o->link_numbers = ao->link_numbers;
	o->styles = ao->styles;
	o->source_formats = ao->source_formats;
	o->layout = ao->layout;
}

void
app_doc_options(const struct app *app, struct doc_options *o)
{
	app_options_doc(&app->opt, app->pager.text_cols, o);
}

static unsigned
moved(bool m)
{
	return m ? DIRTY_ARTICLE | DIRTY_STATUS : 0;
}

unsigned
docview_toggle_source(struct app *app, long count)
{
	struct pager *pg = &app->pager;
	struct doc_options o;
	struct doc *d = pg->doc;
	bool was_rendered;

	if (d == NULL)
		return 0;
	if (!d->rendered && d->reader->render == NULL) {
		app_message(app, false, "Plain text has no other view");
		return DIRTY_STATUS;
	}
	was_rendered = d->rendered;
	doc_options_of(d, &o);
	o.width = pg->text_cols;
	o.raw = was_rendered;
	o.source_formats = 0;
	/* The search's positions were in the other view. */
	finder_clear(&app->finder);
	pager_remake(pg, &o);
	d = pg->doc;
	if (d->notice != NULL)
		app_message(app, false, "%s", d->notice);
	else
		app_message(app, false, "%s: %s", d->reader->name,
		    d->rendered ? "rendered" : "source text");
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

/* Opens the menu with rows made by row(app, i, &dest) for i < n. */
static unsigned
open_menu(struct app *app, const char *title, size_t n,
    char *(*row)(struct app *, size_t, size_t *), const char *none)
{
	struct menuview *m = &app->menu;

	if (app->pager.doc == NULL)
		return 0;
	if (n == 0) {
		app_message(app, false, "%s", none);
		return DIRTY_STATUS;
	}
	menuview_open(m, title);
	menuview_set_height(m, app->panes.body_rows - 1);
	for (size_t i = 0; i < n; i++) {
		size_t dest;
		char *text = row(app, i, &dest);

		menuview_add(m, text, dest);
		free(text);
	}
	menuview_select_at(m, app->pager.top);
	return DIRTY_ALL;
}

static char *
heading_row(struct app *app, size_t i, size_t *dest)
{
	size_t n;
	const struct doc_heading *h = doc_outline(app->pager.doc, &n) + i;

	*dest = h->pos;
	return xasprintf("%*s%s", 2 * (h->level - 1), "", h->text);
}

static char *
link_row(struct app *app, size_t i, size_t *dest)
{
	size_t n;
	const struct doc_link *l = doc_links(app->pager.doc, &n) + i;

	*dest = l->start;
	if (strcmp(l->text, l->target) == 0)
		return xasprintf("%3zu  %s", i + 1, l->target);
	return xasprintf("%3zu  %s  %s", i + 1, l->text, l->target);
}

unsigned
docview_outline(struct app *app, long count)
{
	size_t n = 0;

	if (app->pager.doc != NULL)
		doc_outline(app->pager.doc, &n);
	return open_menu(app, "Outline", n, heading_row, "No headings in this article");
}

unsigned
docview_links(struct app *app, long count)
{
	size_t n = 0;

	if (app->pager.doc != NULL)
		doc_links(app->pager.doc, &n);
	return open_menu(app, "Links", n, link_row, "No links in this article");
}

/* Goes count headings down (dir 1) or up (dir -1) from the top line. */
static unsigned
heading_move(struct app *app, long count, int dir)
{
	struct pager *pg = &app->pager;
	const struct doc_heading *h;
	size_t n, i, to = 0;
	long left = count > 0 ? count : 1;
	bool found = false;

	if (pg->doc == NULL)
		return 0;
	h = doc_outline(pg->doc, &n);
	if (dir > 0) {
		for (i = 0; i < n && left > 0; i++)
			if (h[i].pos > pg->top) {
				to = h[i].pos;
				found = true;
				left--;
			}
	} else {
		for (i = n; i-- > 0 && left > 0;)
			if (h[i].pos < pg->top) {
				to = h[i].pos;
				found = true;
				left--;
			}
	}
	if (!found) {
		app_message(app, false,
		    n == 0        ? "No headings in this article"
			: dir > 0 ? "No heading below"
				  : "No heading above");
		return DIRTY_STATUS;
	}
	app_record_jump(app);
	return moved(pager_goto(pg, to));
}

unsigned
docview_next_heading(struct app *app, long count)
{
	return heading_move(app, count, 1);
}

unsigned
docview_prev_heading(struct app *app, long count)
{
	return heading_move(app, count, -1);
}

/* What the list's moving keys do in a menu: rows down (negative: up), in
 * units of MOVE_PAGE, MOVE_HALF or MOVE_ALL. */
enum { MOVE_ROW = 1, MOVE_HALF, MOVE_PAGE, MOVE_ALL };
static const struct {
	signed char dir, unit;
} menu_moves[ACT_COUNT] = {
	[ACT_LINE_DOWN] = { 1, MOVE_ROW },
	[ACT_LINE_UP] = { -1, MOVE_ROW },
	[ACT_HALF_DOWN] = { 1, MOVE_HALF },
	[ACT_HALF_UP] = { -1, MOVE_HALF },
	[ACT_PAGE_DOWN] = { 1, MOVE_PAGE },
	[ACT_PAGE_UP] = { -1, MOVE_PAGE },
	[ACT_TOP] = { -1, MOVE_ALL },
	[ACT_BOTTOM] = { 1, MOVE_ALL },
};
/* The keys that go to the selected row's place. */
static const bool menu_chooses[ACT_COUNT] = {
	[ACT_OPEN] = true,
	[ACT_ACCEPT] = true,
	[ACT_FOCUS_ARTICLE] = true,
};

unsigned
docview_menu_key(struct app *app, int key)
{
	struct menuview *m = &app->menu;
	long page = m->height > 1 ? m->height - 1 : 1;
	enum action a = keymap_lookup(app->keymap, CTX_LIST, key);
	size_t dest;

	if (menu_moves[a].dir != 0) {
		long units[] = { [MOVE_ROW] = 1,
			[MOVE_HALF] = page / 2 + 1,
			[MOVE_PAGE] = page,
			[MOVE_ALL] = (long)m->n };

		return menuview_move(m, menu_moves[a].dir * units[menu_moves[a].unit]) ? DIRTY_ALL
										       : 0;
	}
	if (a == ACT_OPEN_LINK && m->n > 0) {
		dest = m->dest[m->sel];
		menuview_close(m);
		return DIRTY_ALL | outcmd_open_link_at(app, dest);
	}
	if (menu_chooses[a] && m->n > 0) {
		dest = m->dest[m->sel];
		menuview_close(m);
		app_record_jump(app);
		pager_goto(&app->pager, dest);
		return DIRTY_ALL;
	}
	menuview_close(m);
	return DIRTY_ALL;
}
