#include "config.h"

#include "app.h"
#include "doc.h"
#include "layout.h"
#include "pager.h"
#include "readview.h"

unsigned
readview_toggle_wrap(struct app *app, long count)
{
	struct layout_options o = app->opt.layout;

	(void)count;
	o.chop = !o.chop;
	app->opt.layout = o;
	pager_set_layout(&app->pager, &o);
	if (app->pager.doc != NULL && app->pager.doc->rendered)
		app_message(app, false, "%s (in plain text; this document flows)",
		    o.chop ? "Lines that are not prose are chopped" : "Lines are wrapped");
	else
		app_message(app, false, "%s",
		    o.chop ? "Lines that are not prose are chopped; scroll sideways to see them"
			   : "Lines are wrapped");
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

/* Scrolls by count columns, or half the text width, to the right
 * (dir 1) or left (-1). */
static unsigned
hscroll(struct app *app, long count, int dir)
{
	struct pager *pg = &app->pager;
	long step = count > 0 ? count : (pg->text_cols + 1) / 2;

	if (!pg->lopts.chop) {
		app_message(
		    app, false, "Lines are wrapped: toggle-wrap chops them to scroll sideways");
		return DIRTY_STATUS;
	}
	if (step > PAGER_HSCROLL_MAX)
		step = PAGER_HSCROLL_MAX;
	return pager_hscroll_by(pg, dir * step) ? DIRTY_ARTICLE | DIRTY_STATUS : 0;
}

unsigned
readview_scroll_right(struct app *app, long count)
{
	return hscroll(app, count, 1);
}

unsigned
readview_scroll_left(struct app *app, long count)
{
	return hscroll(app, count, -1);
}
