#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "article.h"
#include "doc.h"
#include "finder.h"
#include "library.h"
#include "listview.h"
#include "menuview.h"
#include "pager.h"
#include "rescanview.h"
#include "scan.h"
#include "state.h"
#include "timing.h"
#include "xmalloc.h"

/* Files the idle check stats in one slice: a few milliseconds at most,
 * so a key pressed meanwhile is not kept waiting. */
#define SWEEP_FILES 1024

/* A per-entry flag array of old_n entries renumbered by map into one of
 * n + 1 (the shape app_init gives them); freed, and NULL stays NULL. */
static bool *
remap_flags(bool *v, const size_t *map, size_t old_n, size_t n)
{
	bool *w;

	if (v == NULL)
		return NULL;
	w = xcalloc(n + 1, sizeof *w);
	for (size_t e = 0; e < old_n; e++)
		if (map[e] != LIBRARY_GONE)
			w[map[e]] = v[e];
	free(v);
	return w;
}

/* Where entry e was left, from the reading state (0 when nowhere). */
static size_t
left_at(struct app *app, long e)
{
	struct state_article rec;

	if (app->state == NULL || !app->opt.remember_position ||
	    !state_get(app->state, app->lib->entries[e].path, 0, &rec))
		return 0;
	return (size_t)rec.position;
}

/* Scans the library again and puts every view back over it; *added and
 * *removed count the entries that came and went. */
static unsigned
rescan(struct app *app, size_t *added, size_t *removed)
{
	struct listview_keep *k;
	size_t *map, old_n, kept = 0;
	long cur = app->current;
	unsigned dirty = DIRTY_ALL | DIRTY_LIST | DIRTY_ARTICLE | DIRTY_STATUS;

	if (app->filtered || scan_busy(&app->scan)) {
		scan_clear(&app->scan);
		app->filtered = false;
		app->scan_pending = false;
		listview_set_filter(&app->list, NULL);
	}
	/* The position of the article shown goes into the state, in case its
	 * file went and a neighbour replaces it. */
	dirty |= app_save(app, false);
	k = listview_keep(&app->list);
	map = library_rescan(app->lib, &old_n);
	app->rescan_next = 0;
	for (size_t e = 0; e < old_n; e++)
		kept += map[e] != LIBRARY_GONE;
	*removed = old_n - kept;
	*added = app->lib->n - kept;
	app->read_known = remap_flags(app->read_known, map, old_n, app->lib->n);
	app->undo_read = remap_flags(app->undo_read, map, old_n, app->lib->n);
	jumps_remap(&app->jumps, map, old_n);
	listview_restore(&app->list, k, map, old_n);
	if (cur >= 0 && map[cur] != LIBRARY_GONE) {
		app->current = (long)map[cur];
	} else {
		/* The article shown went (or none was): its nearest neighbour,
		 * else the selection, shows where it was left. */
		long next = cur >= 0 ? listview_nearest(map, old_n, cur)
				     : listview_selected_entry(&app->list);

		app->current = -1;
		app->follow = false;
		/* What pointed into the article gone goes with it. */
		finder_clear(&app->finder);
		menuview_close(&app->menu);
		pager_clear(&app->pager);
		if (next >= 0)
			dirty |= app_go_to(app, (struct position){ next, left_at(app, next) });
	}
	free(map);
	return dirty;
}

/* Whether an automatic rescan would get in the reader's way now. */
static bool
in_the_way(const struct app *app)
{
	return library_scanning(app->lib) || app->prompting != PROMPT_NONE || app->filtered ||
	    scan_busy(&app->scan) || app->menu.open || app->help || app->pending != PENDING_NONE;
}

unsigned
rescanview_rescan(struct app *app, long count)
{
	size_t added, removed;
	unsigned dirty;
	const struct article *a;

	(void)count;
	dirty = rescan(app, &added, &removed);
	app->rescan_us = timing_now_us();
	/* The article shown is read again even when stat sees no change (a
	 * write within the same time stamp), a compressed file or an archive
	 * member decoded again; standard input is as read. */
	a = app->pager.doc != NULL ? app->pager.doc->source : NULL;
	if (app->current >= 0 && a != NULL &&
	    !(app->lib->entries[app->current].flags & ENTRY_STDIN))
		dirty |= app_reload(app);
	app_message(app, false, "Rescanned: %zu article%s, %zu new, %zu gone", app->lib->n,
	    app->lib->n == 1 ? "" : "s", added, removed);
	return dirty;
}

unsigned
rescanview_idle(struct app *app, bool now)
{
	long t = timing_now_us();
	size_t added, removed;
	unsigned dirty;

	if (app->opt.rescan_interval <= 0)
		return 0;
	if (!now && app->rescan_next == 0 &&
	    t - app->rescan_us < app->opt.rescan_interval * 1000000L)
		return 0;
	if (in_the_way(app))
		return 0;
	if (app->rescan_next == 0)
		app->rescan_us = t;
	if (!library_stale(app->lib, app->current, &app->rescan_next, now ? 0 : SWEEP_FILES))
		return 0;
	dirty = rescan(app, &added, &removed);
	if (added > 0 || removed > 0)
		app_message(app, false, "The folders changed: %zu new, %zu gone", added, removed);
	return dirty;
}
