#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "info.h"
#include "library.h"
#include "listfmt.h"
#include "listview.h"
#include "xmalloc.h"

/* Rebuilds the rows from the groups and their folding. */
static void
build_rows(struct listview *lv)
{
	const struct library *lib = lv->lib;
	size_t last_group = (size_t)-1;

	lv->nrows = 0;
	for (size_t e = 0; e < lib->n; e++) {
		size_t g = lv->group_of[e];

		if (lv->filter != NULL && lv->filter[e] == 0)
			continue;
		if (g != last_group && lib->entries[e].group[0] != '\0') {
			xgrow((void **)&lv->rows, &lv->cap, lv->nrows + 1, sizeof *lv->rows);
			lv->rows[lv->nrows++] = (struct listrow){ ROW_GROUP, e, g };
		}
		last_group = g;
		if (lv->folded[g])
			continue;
		xgrow((void **)&lv->rows, &lv->cap, lv->nrows + 1, sizeof *lv->rows);
		lv->rows[lv->nrows++] = (struct listrow){ ROW_ENTRY, e, g };
	}
}

void
listview_init(struct listview *lv, const struct library *lib)
{
	memset(lv, 0, sizeof *lv);
	lv->lib = lib;
	lv->group_of = xcalloc(lib->n + 1, sizeof *lv->group_of);
	lv->read = xcalloc(lib->n + 1, sizeof *lv->read);
	for (size_t e = 0; e < lib->n; e++) {
		if (e > 0 && strcmp(lib->entries[e].group, lib->entries[e - 1].group) != 0)
			lv->ngroups++;
		lv->group_of[e] = lv->ngroups;
	}
	lv->ngroups++;
	lv->folded = xcalloc(lv->ngroups, sizeof *lv->folded);
	lv->words = info_cache_create(lib->n);
	lv->height = 1;
	build_rows(lv);
	/* Start on the first article rather than on a header. */
	while (lv->sel + 1 < lv->nrows && lv->rows[lv->sel].kind == ROW_GROUP)
		lv->sel++;
}

void
listview_free(struct listview *lv)
{
	free(lv->rows);
	free(lv->group_of);
	free(lv->folded);
	free(lv->read);
	listfmt_free(lv->fmt);
	info_cache_free(lv->words);
	memset(lv, 0, sizeof *lv);
}

/* Scrolls so the selected row is shown. */
static void
keep_visible(struct listview *lv)
{
	size_t h = lv->height > 0 ? (size_t)lv->height : 1;

	if (lv->nrows == 0) {
		lv->sel = lv->top = 0;
		return;
	}
	if (lv->sel >= lv->nrows)
		lv->sel = lv->nrows - 1;
	if (lv->sel < lv->top)
		lv->top = lv->sel;
	if (lv->sel >= lv->top + h)
		lv->top = lv->sel - h + 1;
	if (lv->top + h > lv->nrows)
		lv->top = lv->nrows > h ? lv->nrows - h : 0;
}

void
listview_set_height(struct listview *lv, int height)
{
	lv->height = height < 1 ? 1 : height;
	keep_visible(lv);
}

bool
listview_select_row(struct listview *lv, size_t r)
{
	size_t old = lv->sel;

	if (lv->nrows == 0)
		return false;
	lv->sel = r >= lv->nrows ? lv->nrows - 1 : r;
	keep_visible(lv);
	return lv->sel != old;
}

bool
listview_move(struct listview *lv, long n)
{
	long r = (long)lv->sel + n;

	if (r < 0)
		r = 0;
	return listview_select_row(lv, (size_t)r);
}

bool
listview_select_entry(struct listview *lv, size_t e)
{
	if (e >= lv->lib->n)
		return false;
	if (lv->folded[lv->group_of[e]]) {
		lv->folded[lv->group_of[e]] = false;
		build_rows(lv);
	}
	for (size_t r = 0; r < lv->nrows; r++)
		if (lv->rows[r].kind == ROW_ENTRY && lv->rows[r].entry == e)
			return listview_select_row(lv, r) || true;
	return false;
}

long
listview_selected_entry(const struct listview *lv)
{
	if (lv->nrows == 0 || lv->rows[lv->sel].kind != ROW_ENTRY)
		return -1;
	return (long)lv->rows[lv->sel].entry;
}

bool
listview_toggle_group(struct listview *lv)
{
	size_t g;

	if (lv->nrows == 0 || lv->lib->entries[lv->rows[lv->sel].entry].group[0] == '\0')
		return false;
	g = lv->rows[lv->sel].group;
	lv->folded[g] = !lv->folded[g];
	build_rows(lv);
	for (size_t r = 0; r < lv->nrows; r++)
		if (lv->rows[r].kind == ROW_GROUP && lv->rows[r].group == g) {
			lv->sel = r;
			break;
		}
	keep_visible(lv);
	return true;
}

void
listview_set_filter(struct listview *lv, const size_t *hits)
{
	long keep = listview_selected_entry(lv);

	lv->filter = hits;
	build_rows(lv);
	lv->sel = 0;
	if (keep >= 0)
		for (size_t r = 0; r < lv->nrows; r++)
			if (lv->rows[r].kind == ROW_ENTRY && lv->rows[r].entry == (size_t)keep) {
				lv->sel = r;
				break;
			}
	if (lv->sel == 0)
		while (lv->sel + 1 < lv->nrows && lv->rows[lv->sel].kind == ROW_GROUP)
			lv->sel++;
	lv->top = 0;
	keep_visible(lv);
}

const char *
listview_group_name(const struct listview *lv, size_t r)
{
	return lv->lib->entries[lv->rows[r].entry].group;
}

size_t
listview_group_size(const struct listview *lv, size_t r)
{
	size_t g = lv->rows[r].group, n = 0;

	for (size_t e = lv->rows[r].entry; e < lv->lib->n && lv->group_of[e] == g; e++)
		if (lv->filter == NULL || lv->filter[e] > 0)
			n++;
	return n;
}

void
listview_set_format(struct listview *lv, struct listfmt *fmt)
{
	listfmt_free(lv->fmt);
	lv->fmt = fmt;
}

char *
listview_row_text(const struct listview *lv, size_t e, bool unread)
{
	return listfmt_row(lv->fmt, &lv->lib->entries[e], unread);
}

struct listview_keep *
listview_keep(const struct listview *lv)
{
	struct listview_keep *k = xcalloc(1, sizeof *k);

	k->entry = listview_selected_entry(lv);
	if (lv->nrows > 0 && k->entry < 0)
		k->group = xstrdup(listview_group_name(lv, lv->sel));
	k->top = lv->top;
	k->folded = xcalloc(lv->ngroups + 1, sizeof *k->folded);
	for (size_t e = 0; e < lv->lib->n; e++) {
		size_t g = lv->group_of[e];

		if (lv->folded[g] && (e == 0 || lv->group_of[e - 1] != g))
			k->folded[k->nfolded++] = xstrdup(lv->lib->entries[e].group);
	}
	return k;
}

long
listview_nearest(const size_t *map, size_t old_n, long e)
{
	if (e < 0 || (size_t)e >= old_n)
		return -1;
	for (size_t i = (size_t)e; i < old_n; i++)
		if (map[i] != (size_t)-1)
			return (long)map[i];
	for (size_t i = (size_t)e; i-- > 0;)
		if (map[i] != (size_t)-1)
			return (long)map[i];
	return -1;
}

void
listview_restore(struct listview *lv, struct listview_keep *k, const size_t *map, size_t old_n)
{
	struct listfmt *fmt = lv->fmt;
	bool *read = lv->read;
	int height = lv->height;
	const struct library *lib = lv->lib;
	long sel = listview_nearest(map, old_n, k->entry);

	lv->fmt = NULL;
	lv->read = NULL;
	listview_free(lv);
	listview_init(lv, lib);
	lv->fmt = fmt;
	lv->height = height;
	for (size_t e = 0; e < old_n; e++)
		if (map[e] != (size_t)-1)
			lv->read[map[e]] = read[e];
	free(read);
	for (size_t e = 0; e < lib->n; e++)
		for (size_t i = 0; i < k->nfolded; i++)
			if (strcmp(lib->entries[e].group, k->folded[i]) == 0)
				lv->folded[lv->group_of[e]] = true;
	build_rows(lv);
	lv->top = k->top;
	lv->sel = 0;
	if (k->group != NULL) {
		for (size_t r = 0; r < lv->nrows; r++)
			if (lv->rows[r].kind == ROW_GROUP &&
			    strcmp(listview_group_name(lv, r), k->group) == 0) {
				lv->sel = r;
				break;
			}
	} else if (sel >= 0) {
		size_t g = lv->group_of[sel];

		for (size_t r = 0; r < lv->nrows; r++)
			if ((lv->rows[r].kind == ROW_ENTRY && lv->rows[r].entry == (size_t)sel) ||
			    (lv->rows[r].kind == ROW_GROUP && lv->rows[r].group == g &&
				lv->folded[g])) {
				lv->sel = r;
				break;
			}
	}
	keep_visible(lv);
	listview_keep_free(k);
}

void
listview_keep_free(struct listview_keep *k)
{
	if (k == NULL)
		return;
	for (size_t i = 0; i < k->nfolded; i++)
		free(k->folded[i]);
	free(k->folded);
	free(k->group);
	free(k);
}
