#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "app.h"
#include "article.h"
#include "doc.h"
#include "finder.h"
#include "growview.h"
#include "library.h"
#include "listfmt.h"
#include "menuview.h"
#include "pager.h"
#include "xmalloc.h"

/* The growing article shown, or NULL when the one shown is whole. */
static struct article *
growing(const struct app *app)
{
	const struct pager *pg = &app->pager;
	struct article *a = pg->doc != NULL ? pg->doc->source : NULL;

	return a != NULL && !a->complete ? a : NULL;
}

bool
growview_busy(const struct app *app)
{
	const struct article *a = growing(app);

	return a != NULL && article_feed_ready(a);
}

bool
growview_waiting(const struct app *app)
{
	return app->feed_wait || app->follow;
}

/* The size of the article shown, 0 when none. */
static size_t
shown_size(const struct app *app)
{
	const struct pager *pg = &app->pager;

	return pg->doc != NULL && pg->doc->source != NULL ? pg->doc->source->size : 0;
}

/* The article just became complete: its reader shows it, and what cut it
 * short is said. */
static unsigned
completed(struct app *app, struct article *a)
{
	struct pager *pg = &app->pager;
	const struct article *view = pg->article;
	struct doc_options o;

	doc_options_of(pg->doc, &o);
	o.width = pg->text_cols;
	pager_remake(pg, &o);
	/* A rendered view is new bytes: what pointed into the old one goes. */
	if (pg->article != view) {
		finder_clear(&app->finder);
		menuview_close(&app->menu);
	}
	if (a->notice != NULL)
		app_message(app, true, "%s", a->notice);
	if (app->feed_wait) {
		app->feed_wait = false;
		pager_goto_end(pg);
	}
	/* Nothing more comes after the end of a stream. */
	if (app->follow) {
		app->follow = false;
		pager_goto_end(pg);
		app_message(app, false, "The input ended; stopped following");
	}
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

unsigned
growview_idle(struct app *app, long budget_us)
{
	struct pager *pg = &app->pager;
	struct article *a = growing(app);
	unsigned dirty = DIRTY_STATUS;
	size_t was;

	if (a == NULL) {
		app->feed_wait = false;
		return 0;
	}
	was = a->size;
	/* Only a screen that shows the end has anything new to show. */
	if (pager_bottom(pg) >= was)
		dirty |= DIRTY_ARTICLE;
	if (!article_feed(a, budget_us))
		return 0;
	if (was < ARTICLE_TITLE_HEAD && app->current >= 0) {
		article_find_title(a, app->lib->skip);
		library_retitle(app->lib, (size_t)app->current, a->data, a->size);
		dirty |= DIRTY_LIST | DIRTY_ARTICLE;
	}
	pager_grew(pg);
	if (app->follow) {
		app->follow_size = a->size;
		pager_goto_end(pg);
		dirty |= DIRTY_ARTICLE;
	}
	if (a->complete)
		dirty |= completed(app, a);
	return dirty;
}

unsigned
growview_end(struct app *app)
{
	if (growing(app) == NULL)
		return pager_goto_end(&app->pager) ? DIRTY_ARTICLE | DIRTY_STATUS : 0;
	app->feed_wait = true;
	return DIRTY_STATUS;
}

unsigned
growview_stop(struct app *app)
{
	if (app->follow) {
		app->follow = false;
		app_message(app, false, "Stopped following");
		return DIRTY_STATUS;
	}
	app->feed_wait = false;
	app_message(app, false, "Stopped waiting for the end (it is still read between keys)");
	return DIRTY_STATUS;
}

unsigned
growview_follow(struct app *app, long count)
{
	if (app->current < 0 || app->pager.doc == NULL) {
		app_message(app, true, "No article to follow");
		return DIRTY_STATUS;
	}
	app->feed_wait = false;
	pager_goto_end(&app->pager);
	/* A stream that has ended brings nothing more; a file, decoded or
	 * not, may be written again. */
	if (app->pager.doc->source->complete && !app->pager.doc->source->from_file) {
		app_message(app, false, "Nothing more comes: the input has ended");
		return DIRTY_ARTICLE | DIRTY_STATUS;
	}
	app->follow = true;
	app->follow_size = shown_size(app);
	pager_goto_end(&app->pager);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

void
growview_reloaded(struct app *app)
{
	size_t now = shown_size(app);

	if (!app->follow) {
		app_message(app, true, "The article changed on disk; reloaded");
		return;
	}
	pager_goto_end(&app->pager);
	if (now < app->follow_size)
		app_message(app, true, "The article shrank on disk; reloaded, following its end");
	app->follow_size = now;
}

char *
growview_status(const struct app *app)
{
	const struct article *a = growing(app);
	char size[8];

	if (a == NULL)
		return xstrdup(app->follow ? "following (a key stops)  " : "");
	listfmt_size((uint64_t)a->size, size);
	if (app->follow)
		return xasprintf("following, reading %s (a key stops)  ", size);
	return xasprintf(
	    app->feed_wait ? "reading %s to the end (a key stops)  " : "reading %s  ", size);
}
