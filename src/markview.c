#include "config.h"

#include <stdint.h>
#include <string.h>

#include "app.h"
#include "jumps.h"
#include "library.h"
#include "markview.h"
#include "pager.h"
#include "state.h"

unsigned
markview_set(struct app *app, long count)
{
	app->pending = PENDING_MARK_SET;
	app_message(app, false, "mark: ");
	return DIRTY_STATUS;
}

unsigned
markview_jump(struct app *app, long count)
{
	app->pending = PENDING_MARK_JUMP;
	app_message(app, false, "goto mark: ");
	return DIRTY_STATUS;
}

/* Where the state file puts global mark letter, set in an earlier session:
 * true with *to set when its article is in the library (found by its
 * canonical path, among the entries of the same file name). */
static bool
saved_global_mark(struct app *app, int letter, struct position *to)
{
	const char *canon, *name, *p;
	uint64_t pos;

	if (app->state == NULL || !state_global_mark(app->state, letter, &canon, &pos))
		return false;
	name = strrchr(canon, '/') + 1;
	for (size_t e = 0; e < app->lib->n; e++) {
		p = strrchr(app->lib->entries[e].path, '/');
		p = p != NULL ? p + 1 : app->lib->entries[e].path;
		if (strcmp(p, name) == 0 &&
		    state_same_article(app->state, app->lib->entries[e].path, canon)) {
			*to = (struct position){ (long)e, (size_t)pos };
			return true;
		}
	}
	return false;
}

unsigned
markview_key(struct app *app, int key)
{
	enum pending what = app->pending;
	bool letter = state_mark_index(key) >= 0;
	const struct mark *m;
	struct position to;

	app->pending = PENDING_NONE;
	if (what == PENDING_MARK_JUMP && (key == '\'' || key == '`')) {
		if (!jumps_swap(&app->jumps, app_here(app), &to)) {
			app_message(app, true, "No previous position");
			return DIRTY_STATUS;
		}
		return app_go_to(app, to);
	}
	if (!letter || app->current < 0) {
		app_message(app, true, "A mark is a letter");
		return DIRTY_STATUS;
	}
	if (what == PENDING_MARK_SET) {
		jumps_set_mark(&app->jumps, (char)key, app_here(app));
		if (app->state != NULL)
			state_set_mark(app->state, app_current_path(app), app->fp, key,
			    pager_source_pos(&app->pager));
		app_message(app, false, "Mark %c set", key);
		return DIRTY_STATUS;
	}
	m = jumps_mark(&app->jumps, (char)key, app->current);
	if (m == NULL && saved_global_mark(app, key, &to)) {
		app_record_jump(app);
		return app_go_to(app, to);
	}
	if (m == NULL) {
		app_message(app, true, "Mark %c is not set", key);
		return DIRTY_STATUS;
	}
	app_record_jump(app);
	return app_go_to(app, m->at);
}

unsigned
markview_back(struct app *app, long count)
{
	struct position to;

	if (!jumps_back(&app->jumps, app_here(app), &to)) {
		app_message(app, false, "At the oldest jump");
		return DIRTY_STATUS;
	}
	return app_go_to(app, to);
}

unsigned
markview_forward(struct app *app, long count)
{
	struct position to;

	if (!jumps_forward(&app->jumps, app_here(app), &to)) {
		app_message(app, false, "At the newest jump");
		return DIRTY_STATUS;
	}
	return app_go_to(app, to);
}
