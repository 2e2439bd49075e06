#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "library.h"
#include "listsort.h"
#include "sortview.h"
#include "state.h"
#include "xmalloc.h"

/* Looks up every entry's read flag, which an order or a hiding by read
 * needs. */
static void
know_read(struct app *app)
{
	for (size_t e = 0; e < app->lib->n; e++)
		app_is_read(app, e);
}

/* Sorts the list in order s, keeping the selection on its article. */
static void
apply(struct app *app, enum list_sort s)
{
	if (s == LIST_SORT_UNREAD)
		know_read(app);
	listview_set_sort(&app->list, s);
}

unsigned
sortview_cycle(struct app *app, long count)
{
	enum list_sort s = (enum list_sort)((app->list.sort + 1) % LIST_SORT_COUNT);
	char *key = library_collection_key(app->lib);

	apply(app, s);
	if (app->state != NULL && key != NULL)
		state_set_view(app->state, key, listsort_names[s]);
	free(key);
	app_message(app, false, "Sorted %s", listsort_says(s));
	return DIRTY_LIST | DIRTY_STATUS;
}

unsigned
sortview_hide_read(struct app *app, long count)
{
	bool hide = !app->list.hide_read;
	size_t n;

	if (hide)
		know_read(app);
	n = listview_set_hide_read(&app->list, hide);
	if (hide)
		app_message(app, false, "Read articles hidden (%zu); a shows them again", n);
	else
		app_message(app, false, "Read articles shown");
	return DIRTY_LIST | DIRTY_STATUS | app_show_entry(app, listview_selected_entry(&app->list));
}

enum list_sort
sortview_saved(const struct library *lib, struct state *st, enum list_sort def)
{
	char *key = st != NULL ? library_collection_key(lib) : NULL;
	const char *v = key != NULL ? state_view(st, key) : NULL;
	int s = v != NULL ? listsort_lookup(v) : -1;

	free(key);
	return s >= 0 ? (enum list_sort)s : def;
}

void
sortview_init(struct app *app, enum list_sort sort, bool hide)
{
	struct listview *lv = &app->list;

	if (sort == LIST_SORT_NAME && !hide)
		return;
	apply(app, sort);
	if (hide) {
		know_read(app);
		listview_set_hide_read(lv, true);
	}
	/* Start on the first article of the order, as with the natural one. */
	listview_select_row(lv, 0);
	while (lv->sel + 1 < lv->nrows && lv->rows[lv->sel].kind == ROW_GROUP)
		listview_move(lv, 1);
	app_show_entry(app, listview_selected_entry(&app->list));
}

size_t
sortview_group_unread(struct app *app, size_t r)
{
	const struct listview *lv = &app->list;
	size_t g = lv->rows[r].group, n = 0;

	for (size_t e = lv->rows[r].entry; e < app->lib->n && lv->group_of[e] == g; e++)
		if ((lv->filter == NULL || lv->filter[e] > 0) && !app_is_read(app, e))
			n++;
	return n;
}

size_t
sortview_list(
    const struct library *lib, struct state *st, enum list_sort sort, bool unread, size_t *order)
{
	bool *read = NULL;
	struct state_article rec;
	size_t n = 0;

	if (st != NULL && (unread || sort == LIST_SORT_UNREAD)) {
		read = xcalloc(lib->n + 1, sizeof *read);
		for (size_t e = 0; e < lib->n; e++)
			read[e] = state_get(st, lib->entries[e].path, 0, &rec) && rec.read;
	}
	listsort_order(lib, sort, read, order);
	if (!unread) {
		free(read);
		return lib->n;
	}
	for (size_t i = 0; i < lib->n; i++)
		if (read == NULL || !read[order[i]])
			order[n++] = order[i];
	free(read);
	return n;
}
