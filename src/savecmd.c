#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "article.h"
#include "doc.h"
#include "dump.h"
#include "keymap.h"
#include "keys.h"
#include "pager.h"
#include "prompt.h"
#include "reader.h"
#include "save.h"
#include "savecmd.h"
#include "xmalloc.h"

/* The name proposed for the article shown in the mode of app->save. */
static char *
proposed(const struct app *app, bool source)
{
	return save_default_name(app_current_path(app), !source);
}

/* The prompt's lead: what is saved, and the key that switches. */
static void
set_label(struct app *app)
{
	char name[KEY_NAME_MAX];
	int key;
	const char *what = app->save.source ? "the source" : "the text";
	const char *other = app->save.source ? "text" : "source";

	free(app->save.label);
	if (keymap_keys(app->keymap, CTX_PROMPT, ACT_SAVE_FORMAT, &key, 1) > 0)
		app->save.label =
		    xasprintf("Save %s (%s: %s) as: ", what, keys_name(key, name), other);
	else
		app->save.label = xasprintf("Save %s as: ", what);
}

unsigned
savecmd_save(struct app *app, long count)
{
	char *name;

	if (app->current < 0 || app->pager.doc == NULL) {
		app_message(app, true, "No article shown");
		return DIRTY_STATUS;
	}
	save_ask_clear(&app->save);
	app->save.source = !app->pager.doc->rendered;
	set_label(app);
	app->prompting = PROMPT_SAVE;
	prompt_free(&app->prompt);
	prompt_init(&app->prompt);
	name = proposed(app, app->save.source);
	prompt_set(&app->prompt, name);
	free(name);
	return DIRTY_STATUS;
}

unsigned
savecmd_format(struct app *app, long count)
{
	char *was;

	if (app->prompting != PROMPT_SAVE)
		return 0;
	was = proposed(app, app->save.source);
	app->save.source = !app->save.source;
	if (strcmp(app->prompt.text, was) == 0) {
		char *now = proposed(app, app->save.source);

		prompt_set(&app->prompt, now);
		free(now);
	}
	free(was);
	set_label(app);
	return DIRTY_STATUS;
}

unsigned
savecmd_cancel(struct app *app)
{
	save_ask_clear(&app->save);
	return DIRTY_STATUS;
}

struct fill {
	const struct article *source; /* the bytes, when they are saved */
	struct doc *doc;              /* else the document to render */
	int width;
	long size; /* what was written */
};

static bool
fill(FILE *f, void *arg)
{
	struct fill *w = arg;

	if (w->source != NULL) {
		if (fwrite(w->source->data, 1, w->source->size, f) != w->source->size)
			return false;
	} else {
		dump_doc(w->doc, w->width, f);
	}
	w->size = ftell(f);
	return !ferror(f);
}

/* Writes the file at path, and says how it went. */
static unsigned
write_to(struct app *app, const char *path)
{
	struct doc *d = app->pager.doc, *made = NULL;
	struct fill w = { .width = app->pager.text_cols, .size = 0 };
	char *err = NULL;
	unsigned dirty;
	bool ok, growing;

	if (d == NULL) {
		app_message(app, true, "No article shown");
		return DIRTY_STATUS;
	}
	if (app->save.source) {
		w.source = d->source;
	} else if (d->rendered || d->reader->render == NULL) {
		w.doc = d;
	} else {
		/* Shown as its source: the rendering is made for the save. */
		struct doc_options o;

		doc_options_of(d, &o);
		o.width = app->pager.text_cols;
		o.raw = false;
		o.source_formats = 0;
		w.doc = made = doc_open(article_ref(d->source), &o);
	}
	ok = save_write(path, fill, &w, &err);
	growing = !d->source->complete;
	doc_free(made);
	/* Saved over the article itself: it shows what the file holds now
	 * (d may be gone), and the message says what was saved. */
	dirty = DIRTY_STATUS | app_watch(app);
	if (!ok)
		app_message(app, true, "%s", err);
	else
		app_message(app, false, "Saved %s to %s (%ld bytes%s)",
		    app->save.source ? "the source" : "the text", path, w.size,
		    growing ? ", all read so far" : "");
	free(err);
	save_ask_clear(&app->save);
	return dirty;
}

/* Whether path names the file of the article shown. */
static bool
is_article(const struct app *app, const struct stat *st)
{
	struct stat a;

	return stat(app_current_path(app), &a) == 0 && a.st_dev == st->st_dev &&
	    a.st_ino == st->st_ino;
}

unsigned
savecmd_accept(struct app *app)
{
	char *name = proposed(app, app->save.source);
	char *path = save_target(app->prompt.text, name);
	struct stat st;
	unsigned dirty;

	free(name);
	if (path == NULL) {
		app_message(app, false, "Not saved");
		save_ask_clear(&app->save);
		return DIRTY_STATUS;
	}
	if (lstat(path, &st) == 0) {
		bool same = stat(path, &st) == 0 && is_article(app, &st);

		app->save.path = path;
		app->pending = PENDING_SAVE_CONFIRM;
		app_message(app, false, "%s %s: overwrite it? (y/n)", path,
		    same ? "is the article itself" : "exists");
		return DIRTY_STATUS;
	}
	dirty = write_to(app, path);
	free(path);
	return dirty;
}

unsigned
savecmd_key(struct app *app, int key)
{
	char *path = app->save.path;

	app->pending = PENDING_NONE;
	app->save.path = NULL;
	if (key != 'y' && key != 'Y') {
		app_message(app, false, "Not saved");
		free(path);
		save_ask_clear(&app->save);
		return DIRTY_STATUS;
	}
	{
		unsigned dirty = write_to(app, path);

		free(path);
		return dirty;
	}
}
