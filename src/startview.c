#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "library.h"
#include "listview.h"
#include "scan.h"
#include "startview.h"
#include "state.h"
#include "xmalloc.h"

/* The start of the status the scan writes, to know it is its own. */
#define SCANNING "Scanning: "

/* n with a comma every three digits, as a person reads a count. */
static char *
grouped(size_t n)
{
	char digits[32], *out;
	size_t len, o = 0;

	snprintf(digits, sizeof digits, "%zu", n);
	len = strlen(digits);
	out = xmalloc(len + len / 3 + 1);
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

/* Whether the status shows the scan's own message (or none), which the
 * scan may then replace. */
static bool
status_free(const struct app *app)
{
	return app->message == NULL || strncmp(app->message, SCANNING, strlen(SCANNING)) == 0;
}

/* A per-entry flag array of old_n + 1 made one of n + 1, the new ones
 * false; NULL stays NULL. */
static bool *
grow_flags(bool *v, size_t old_n, size_t n)
{
	bool *w;

	if (v == NULL)
		return NULL;
	w = xcalloc(n + 1, sizeof *w);
	memcpy(w, v, old_n * sizeof *w);
	free(v);
	return w;
}

/* Puts the views over the entries old_n.. just added; k is what the list
 * kept before they came (taken: listview_keep reads the views, which
 * know old_n entries). */
static void
grown(struct app *app, struct listview_keep *k, size_t old_n)
{
	struct library *lib = app->lib;
	size_t *map = xcalloc(old_n + 1, sizeof *map);
	struct state_article rec;

	for (size_t e = 0; e < old_n; e++)
		map[e] = e;
	/* The titles the reader gave, as listcmd_load_titles gave the first. */
	if (app->state != NULL && state_title_count(app->state) > 0)
		for (size_t e = old_n; e < lib->n; e++)
			if (state_get(app->state, lib->entries[e].path, 0, &rec) &&
			    rec.title != NULL)
				library_set_own_title(lib, e, rec.title);
	app->read_known = grow_flags(app->read_known, old_n, lib->n);
	app->undo_read = grow_flags(app->undo_read, old_n, lib->n);
	listview_restore(&app->list, k, map, old_n);
	free(map);
}

unsigned
startview_finish(struct app *app)
{
	size_t old_n = app->lib->n;
	struct listview_keep *k;

	if (!library_scanning(app->lib))
		return 0;
	k = listview_keep(&app->list);
	while (library_scanning(app->lib))
		library_scan_more(app->lib, 0, NULL);
	grown(app, k, old_n);
	if (app->message != NULL && status_free(app)) {
		free(app->message);
		app->message = NULL;
	}
	return DIRTY_LIST | DIRTY_STATUS;
}

bool
startview_busy(const struct app *app)
{
	return library_scanning(app->lib);
}

unsigned
startview_idle(struct app *app, long budget_us)
{
	size_t old_n = app->lib->n;
	struct listview_keep *k;
	unsigned dirty = 0;
	char *count;

	if (!library_scanning(app->lib) || app->filtered || scan_busy(&app->scan))
		return 0;
	k = listview_keep(&app->list);
	/* What is met from now on is skipped silently, as in a rescan: the
	 * terminal is the screen's. */
	if (library_scan_more(app->lib, budget_us, NULL)) {
		grown(app, k, old_n);
		dirty |= DIRTY_LIST | DIRTY_STATUS;
	} else {
		listview_keep_free(k);
	}
	if (status_free(app)) {
		count = grouped(app->lib->n);
		if (library_scanning(app->lib))
			app_message(app, false, SCANNING "%s article%s\xe2\x80\xa6", count,
			    app->lib->n == 1 ? "" : "s");
		else {
			free(app->message);
			app->message = NULL;
		}
		free(count);
		dirty |= DIRTY_STATUS;
	}
	return dirty;
}
