#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "copycmd.h"
#include "doc.h"
#include "jumps.h"
#include "keymap.h"
#include "keys.h"
#include "outcmd.h"
#include "pager.h"
#include "passage.h"
#include "state.h"
#include "xmalloc.h"

/* What a key of the copy context may do. */
static const struct {
	enum action action;
	unsigned (*fn)(struct app *app, long count);
	const char *what; /* for the reminder after the prefix */
} copy_actions[] = {
	{ ACT_COPY_PARAGRAPH, copycmd_paragraph, "the paragraph" },
	{ ACT_COPY_RANGE, copycmd_range, "from a mark" },
	{ ACT_COPY_LINK, outcmd_copy_link, "a link" },
	{ ACT_COPY_PATH, outcmd_copy_path, "the path" },
};
#define NCOPY (sizeof copy_actions / sizeof copy_actions[0])

/* "Copy: y the paragraph, ' from a mark, l a link, f the path", from the
 * keys the copy context binds. */
static char *
reminder(const struct keymap *km)
{
	char *s = xstrdup("Copy:"), *t;
	const char *sep = " ";

	for (size_t i = 0; i < NCOPY; i++) {
		char name[KEY_NAME_MAX];
		int key;

		if (keymap_keys(km, CTX_COPY, copy_actions[i].action, &key, 1) == 0)
			continue;
		t = xasprintf("%s%s%s %s", s, sep, keys_name(key, name), copy_actions[i].what);
		free(s);
		s = t;
		sep = ", ";
	}
	return s;
}

unsigned
copycmd_prefix(struct app *app, long count)
{
	char *r = reminder(app->keymap);

	app->pending = PENDING_COPY;
	app->pending_count = count;
	app_message(app, false, "%s", r);
	free(r);
	return DIRTY_STATUS;
}

/* The document's view, or NULL with a message. */
static const struct article *
view(struct app *app)
{
	if (app->current < 0 || app->pager.article == NULL) {
		app_message(app, true, "No article shown");
		return NULL;
	}
	return app->pager.article;
}

/* Copies the view's passage p, named what in the message. */
static unsigned
copy_passage(struct app *app, const struct passage *p, const char *what)
{
	const struct article *v = app->pager.article;
	size_t n;
	char *text = passage_safe(v->data + p->start, p->end - p->start, &n);

	return outcmd_copy_text(app, text, n, what);
}

unsigned
copycmd_paragraph(struct app *app, long count)
{
	const struct article *v = view(app);
	struct passage p;
	size_t pos;
	char *what;
	unsigned dirty;

	if (v == NULL)
		return DIRTY_STATUS;
	pos = app->pager.top;
	/* After a search, the match is what the reader looks at. */
	if (app->finder.have_cur && app->finder.a == v &&
	    pager_shows(&app->pager, app->finder.cur_start))
		pos = app->finder.cur_start;
	if (!passage_paragraphs(v->data, v->size, pos, count, &p)) {
		app_message(app, true, "No paragraph from here to the end");
		return DIRTY_STATUS;
	}
	what = count > 1 ? xasprintf("%ld paragraphs", count) : xstrdup("the paragraph");
	dirty = copy_passage(app, &p, what);
	free(what);
	return dirty;
}

unsigned
copycmd_range(struct app *app, long count)
{
	if (view(app) == NULL)
		return DIRTY_STATUS;
	app->pending = PENDING_COPY_MARK;
	app_message(app, false, "copy from mark: ");
	return DIRTY_STATUS;
}

bool
copycmd_marked(struct app *app, int letter, struct passage *out)
{
	const struct article *v = view(app);
	const struct mark *m;

	if (v == NULL)
		return false;
	if (state_mark_index(letter) < 0) {
		app_message(app, true, "A mark is a letter");
		return false;
	}
	m = jumps_mark(&app->jumps, (char)letter, app->current);
	if (m == NULL) {
		app_message(app, true, "Mark %c is not set", letter);
		return false;
	}
	if (m->at.entry != app->current) {
		app_message(app, true, "Mark %c is in another article", letter);
		return false;
	}
	passage_lines(
	    v->data, v->size, doc_view_pos(app->pager.doc, m->at.pos), app->pager.top, out);
	return true;
}

unsigned
copycmd_key(struct app *app, int key)
{
	enum pending what = app->pending;
	long count = app->pending_count;
	enum action a;

	app->pending = PENDING_NONE;
	app->pending_count = -1;
	if (key == KEY_ESC_CODE)
		return DIRTY_STATUS;
	if (what == PENDING_COPY_MARK) {
		struct passage p;
		char *name;
		unsigned dirty;

		if (!copycmd_marked(app, key, &p))
			return DIRTY_STATUS;
		name = xasprintf("the lines from mark %c", key);
		dirty = copy_passage(app, &p, name);
		free(name);
		return dirty;
	}
	a = keymap_lookup(app->keymap, CTX_COPY, key);
	for (size_t i = 0; i < NCOPY; i++)
		if (copy_actions[i].action == a)
			return copy_actions[i].fn(app, count);
	app_message(app, true, "Nothing to copy on that key (h lists the copy keys)");
	return DIRTY_STATUS;
}
