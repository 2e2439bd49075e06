#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "filter.h"
#include "filterview.h"
#include "finder.h"
#include "growview.h"
#include "pager.h"
#include "search.h"
#include "searchcmd.h"
#include "xmalloc.h"

/* The scan done at once when a filter is accepted, so that a small
 * article's count is known and a miss is said at once (microseconds). */
#define FIRST_US 20000

unsigned
filterview_prompt(struct app *app, long count)
{
	if (app->pager.article == NULL) {
		app_message(app, true, "No article to filter");
		return DIRTY_STATUS;
	}
	app->prompting = PROMPT_FILTER;
	app->prompt_backward = false;
	prompt_free(&app->prompt);
	prompt_init(&app->prompt);
	app->not_found = false;
	return DIRTY_STATUS;
}

/* Drops the filter, keeping the text at the top where it is. */
static unsigned
filter_off(struct app *app)
{
	app->filter_wait = false;
	if (app->pager.filter == NULL)
		return DIRTY_STATUS;
	pager_set_filter(&app->pager, NULL);
	finder_set_filter(&app->finder, NULL);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

unsigned
filterview_accept(struct app *app)
{
	const char *text = app->prompt.text;
	struct search_pattern *pat;
	struct filter *f;

	if (*text == '\0' || app->pager.article == NULL)
		return filter_off(app);
	pat = search_compile(text, strlen(text), &app->opt.search);
	if (search_error(pat) != NULL || search_is_empty(pat)) {
		searchcmd_not_found(app, pat);
		search_free(pat);
		return DIRTY_STATUS;
	}
	app_history_add(app, text);
	f = filter_create(app->pager.article, pat, text);
	filter_work(f, FIRST_US);
	if (filter_done(f) && filter_count(f) == 0) {
		filter_free(f);
		app_message(app, true, "Pattern not found");
		return DIRTY_STATUS;
	}
	app_record_jump(app);
	app->filter_wait = false;
	pager_set_filter(&app->pager, f);
	/* The search's count is of the lines shown from now on. */
	finder_set_filter(&app->finder, f);
	return DIRTY_ARTICLE | DIRTY_STATUS;
}

unsigned
filterview_cancel(struct app *app)
{
	return DIRTY_STATUS;
}

bool
filterview_busy(const struct app *app)
{
	const struct filter *f = app->pager.filter;

	return f != NULL && (!filter_done(f) || f->told != filter_count(f) || !f->told_done);
}

unsigned
filterview_idle(struct app *app, long budget_us)
{
	struct pager *pg = &app->pager;
	struct filter *f = pg->filter;
	unsigned dirty = DIRTY_STATUS;

	if (!filterview_busy(app))
		return 0;
	if (!filter_done(f))
		filter_work(f, budget_us);
	/* Matches found since the screen was drawn, by this slice or by a
	 * move or a draw that looked further: the top goes to the first
	 * shown line when it was on none. */
	if (f->told != filter_count(f)) {
		f->told = filter_count(f);
		if (!filter_shows(f, pg->top))
			pager_goto(pg, pg->top);
		dirty |= DIRTY_ARTICLE;
	}
	if (!filter_done(f))
		return dirty;
	f->told_done = true;
	if (filter_count(pg->filter) == 0) {
		app_message(app, true, "Pattern not found");
		return dirty | filter_off(app);
	}
	if (app->filter_wait) {
		app->filter_wait = false;
		pager_goto_end(pg);
	}
	return dirty | DIRTY_ARTICLE;
}

unsigned
filterview_end(struct app *app)
{
	if (!filterview_busy(app))
		return growview_end(app);
	app->filter_wait = true;
	return DIRTY_STATUS;
}

bool
filterview_waiting(const struct app *app)
{
	return app->filter_wait && filterview_busy(app);
}

unsigned
filterview_stop(struct app *app)
{
	app->filter_wait = false;
	app_message(app, false, "Stopped waiting for the filter (it goes on between keys)");
	return DIRTY_STATUS;
}

bool
filterview_skip_hidden(struct app *app)
{
	struct finder *f = &app->finder;

	if (app->pager.filter == NULL || !f->have_cur ||
	    filter_shows(app->pager.filter, f->cur_start)) {
		app->filter_skipping = false;
		return false;
	}
	if (app->filter_skipping && f->cur_start == app->filter_skip_at) {
		/* Round the article and back: every match is hidden. */
		app->filter_skipping = false;
		f->have_cur = false;
		f->finding = false;
		/* While the pattern is typed, the prompt says so, as for a
		 * pattern found nowhere; Enter looks again and says it. */
		if (app->prompting == PROMPT_ARTICLE) {
			app->not_found = true;
			pager_goto(&app->pager, app->origin);
		} else {
			app_message(app, true, "Pattern not found in the lines shown");
		}
		return true;
	}
	if (!app->filter_skipping) {
		app->filter_skipping = true;
		app->filter_skip_at = f->cur_start;
	}
	finder_step(f, f->backward, f->cur_start);
	return true;
}

char *
filterview_status(const struct app *app)
{
	const struct filter *f = app->pager.filter;
	char *safe, *s;

	if (f == NULL)
		return xstrdup("");
	safe = article_safe_line(f->text, strlen(f->text));
	if (app->filter_wait && !filter_done(f))
		s = xasprintf("  &%s  %zu+ lines, %d%% (a key stops)", safe, filter_count(f),
		    filter_progress(f));
	else
		s = xasprintf("  &%s  %zu%s %s", safe, filter_count(f), filter_done(f) ? "" : "+",
		    filter_count(f) == 1 && filter_done(f) ? "line" : "lines");
	free(safe);
	return s;
}
