#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "info.h"
#include "library.h"
#include "listcmd.h"
#include "prompt.h"
#include "state.h"
#include "xmalloc.h"

/* The entry an action is about: the selected one when the list has the
 * focus, else the one shown; -1 when there is none. */
static long
target(const struct app *app)
{
	return app->focus == FOCUS_LIST ? listview_selected_entry(&app->list) : app->current;
}

/* The fingerprint the state files entry e under: only the shown article's
 * bytes are at hand. */
static uint64_t
fp_of(const struct app *app, long e)
{
	return e == app->current ? app->fp : 0;
}

unsigned
listcmd_toggle_read(struct app *app, long count)
{
	long e = target(app);

	if (e < 0)
		return 0;
	app_set_read(app, (size_t)e, !app_is_read(app, (size_t)e));
	app_message(app, false, app->list.read[e] ? "Marked read" : "Marked unread");
	return DIRTY_LIST | DIRTY_STATUS;
}

unsigned
listcmd_mark_all_read(struct app *app, long count)
{
	size_t n = app->lib->n, changed = 0;

	free(app->undo_read);
	app->undo_read = xcalloc(n + 1, sizeof *app->undo_read);
	for (size_t e = 0; e < n; e++) {
		app->undo_read[e] = app_is_read(app, e);
		if (!app->undo_read[e]) {
			app_set_read(app, e, true);
			changed++;
		}
	}
	app_message(app, false, "Marked %zu %s read; U undoes it", changed,
	    changed == 1 ? "article" : "articles");
	return DIRTY_LIST | DIRTY_STATUS;
}

unsigned
listcmd_undo(struct app *app, long count)
{
	if (app->undo_read == NULL) {
		app_message(app, false, "Nothing to undo");
		return DIRTY_STATUS;
	}
	for (size_t e = 0; e < app->lib->n; e++)
		if (!app->undo_read[e])
			app_set_read(app, e, false);
	free(app->undo_read);
	app->undo_read = NULL;
	app_message(app, false, "Undone: the articles are unread again");
	return DIRTY_LIST | DIRTY_STATUS;
}

/* The info of entry e, its words counted unless the cache has them for
 * the file as it is now (same size and time).  False with *err (the
 * caller frees it) when the article cannot be read. */
static bool
entry_info(struct app *app, long e, struct info *in, char **err)
{
	const struct article *a = e == app->current ? app->pager.article : NULL;
	struct article *opened = NULL;

	/* Opening maps a big file without reading it: only counting reads. */
	if (a == NULL && (a = opened = library_open(app->lib, (size_t)e, false, err)) == NULL)
		return false;
	info_of_article(a, true, in);
	in->per_minute = app->opt.reading_speed;
	if (in->mtime == 0 ||
	    !info_cache_get(app->list.words, (size_t)e, in->size, in->mtime, &in->words)) {
		in->words = info_article_words(a);
		if (in->mtime != 0)
			info_cache_put(app->list.words, (size_t)e, in->size, in->mtime, in->words);
	}
	article_free(opened);
	return true;
}

unsigned
listcmd_info(struct app *app, long count)
{
	long e = target(app);
	struct info in = { 0 };
	char *err = NULL, *line;

	if (e < 0) {
		app_message(app, true, "No article selected");
		return DIRTY_STATUS;
	}
	if (!entry_info(app, e, &in, &err)) {
		app_message(app, true, "%s", err);
		free(err);
		return DIRTY_STATUS;
	}
	line = info_line(app->lib->entries[e].path, &in);
	app_message(app, false, "%s", line);
	free(line);
	return DIRTY_STATUS;
}

unsigned
listcmd_set_title(struct app *app, long count)
{
	long e = target(app);

	if (e < 0) {
		app_message(app, true, "No article selected");
		return DIRTY_STATUS;
	}
	app->prompting = PROMPT_TITLE;
	app->prompt_backward = false;
	app->title_entry = e;
	prompt_free(&app->prompt);
	prompt_init(&app->prompt);
	prompt_set(&app->prompt, library_title(&app->lib->entries[e]));
	return DIRTY_STATUS;
}

unsigned
listcmd_title_accept(struct app *app)
{
	long e = app->title_entry;
	const char *kept;
	bool had;

	if (e < 0 || (size_t)e >= app->lib->n)
		return DIRTY_STATUS;
	had = app->lib->entries[e].own_title != NULL;
	kept = library_set_own_title(app->lib, (size_t)e, app->prompt.text);
	if (app->state != NULL)
		state_set_title(app->state, app->lib->entries[e].path, fp_of(app, e), kept);
	app_message(app, false,
	    kept != NULL ? "Title set"
		: had    ? "Title removed: the one found in the file shows again"
			 : "No title set");
	return DIRTY_LIST | DIRTY_STATUS;
}

void
listcmd_load_titles(struct library *lib, struct state *st)
{
	struct state_article rec;

	if (st == NULL || state_title_count(st) == 0)
		return;
	for (size_t e = 0; e < lib->n; e++)
		if (state_get(st, lib->entries[e].path, 0, &rec) && rec.title != NULL)
			library_set_own_title(lib, e, rec.title);
}
