#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "info.h"
#include "library.h"
#include "listfmt.h"
#include "listview.h"
#include "xmalloc.h"

static void
add_row(struct listview *lv, enum row_kind kind, size_t e, size_t g)
{
	xgrow((void **)&lv->rows, &lv->cap, lv->nrows + 1, sizeof *lv->rows);
	lv->rows[lv->nrows++] = (struct listrow){ kind, e, g };
}

/* Whether entry e has a row: the search narrowing to it, and not hidden. */
static bool
has_row(const struct listview *lv, size_t e)
{
	return (lv->filter == NULL || lv->filter[e] > 0) && listview_shown(lv, e);
}

/* Rebuilds the rows from the order, the groups and their folding: each
 * group's run of the order once, with a narrowed list's title matches
 * in a first pass. */
static void
build_rows(struct listview *lv)
{
	const struct library *lib = lv->lib;
	size_t n = lib->n;

	lv->nrows = 0;
	for (size_t i = 0, j; i < n; i = j) {
		size_t g = lv->group_of[lv->order[i]];
		bool header = lib->entries[lv->order[i]].group[0] == '\0';
		size_t least = lv->order[i];

		for (j = i; j < n && lv->group_of[lv->order[j]] == g; j++)
			if (lv->order[j] < least)
				least = lv->order[j];
		for (int pass = 0; pass < 2; pass++)
			for (size_t k = i; k < j; k++) {
				size_t e = lv->order[k];
				bool first =
				    lv->filter != NULL && lv->title_hit != NULL && lv->title_hit[e];

				if (!has_row(lv, e) || first != (pass == 0))
					continue;
				if (!header) {
					add_row(lv, ROW_GROUP, least, g);
					header = true;
				}
				if (lv->folded[g])
					continue;
				add_row(lv, ROW_ENTRY, e, g);
				if (lv->filter != NULL && lv->snippets != NULL &&
				    lv->snippets[e] != NULL)
					add_row(lv, ROW_SNIPPET, e, g);
			}
	}
}

void
listview_init(struct listview *lv, const struct library *lib)
{
	memset(lv, 0, sizeof *lv);
	lv->lib = lib;
	lv->group_of = xcalloc(lib->n + 1, sizeof *lv->group_of);
	lv->read = xcalloc(lib->n + 1, sizeof *lv->read);
	lv->hidden = xcalloc(lib->n + 1, sizeof *lv->hidden);
	lv->order = xcalloc(lib->n + 1, sizeof *lv->order);
	lv->rank = xcalloc(lib->n + 1, sizeof *lv->rank);
	for (size_t e = 0; e < lib->n; e++)
		lv->order[e] = lv->rank[e] = e;
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
	free(lv->hidden);
	free(lv->order);
	free(lv->rank);
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
	if (lv->rows[lv->sel].kind == ROW_SNIPPET && lv->sel > 0)
		lv->sel--;
	if (lv->sel < lv->top)
		lv->top = lv->sel;
	if (lv->sel >= lv->top + h)
		lv->top = lv->sel - h + 1;
	/* The snippet under the selection shows with it. */
	if (lv->sel + 1 < lv->nrows && lv->rows[lv->sel + 1].kind == ROW_SNIPPET && h > 1 &&
	    lv->sel + 1 >= lv->top + h)
		lv->top = lv->sel + 2 - h;
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
	if (lv->rows[lv->sel].kind == ROW_SNIPPET && lv->sel > 0)
		lv->sel--;
	keep_visible(lv);
	return lv->sel != old;
}

size_t
listview_count(const struct listview *lv)
{
	size_t n = 0;

	for (size_t r = 0; r < lv->nrows; r++)
		n += lv->rows[r].kind != ROW_SNIPPET;
	return n;
}

bool
listview_select_nth(struct listview *lv, size_t n)
{
	size_t r = 0;

	for (; r < lv->nrows; r++)
		if (lv->rows[r].kind != ROW_SNIPPET && n-- == 0)
			break;
	return listview_select_row(lv, r);
}

/* Snippet rows are not counted: n rows are n articles or headers. */
bool
listview_move(struct listview *lv, long n)
{
	size_t r = lv->sel;

	while (n > 0 && r + 1 < lv->nrows)
		if (lv->rows[++r].kind != ROW_SNIPPET)
			n--;
	while (n < 0 && r > 0)
		if (lv->rows[--r].kind != ROW_SNIPPET)
			n++;
	return listview_select_row(lv, r);
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
	listview_set_hits(lv, hits, NULL, NULL);
}

void
listview_set_hits(
    struct listview *lv, const size_t *hits, const bool *title_hit, struct snippet *const *snippets)
{
	long keep = listview_selected_entry(lv);

	lv->filter = hits;
	lv->title_hit = hits != NULL ? title_hit : NULL;
	lv->snippets = hits != NULL ? snippets : NULL;
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
	bool *read = lv->read, *hidden = lv->hidden, hide = lv->hide_read;
	enum list_sort sort = lv->sort;
	int height = lv->height;
	const struct library *lib = lv->lib;
	long sel = listview_nearest(map, old_n, k->entry);

	lv->fmt = NULL;
	lv->read = NULL;
	lv->hidden = NULL;
	listview_free(lv);
	listview_init(lv, lib);
	lv->fmt = fmt;
	lv->height = height;
	/* Read flags and what was hidden go with their entries; new ones
	 * show; the order stays the one chosen. */
	for (size_t e = 0; e < old_n; e++)
		if (map[e] != (size_t)-1) {
			lv->read[map[e]] = read[e];
			lv->hidden[map[e]] = hidden[e];
		}
	free(read);
	free(hidden);
	lv->hide_read = hide;
	lv->sort = sort;
	listsort_order(lib, sort, lv->read, lv->order);
	for (size_t i = 0; i < lib->n; i++)
		lv->rank[lv->order[i]] = i;
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

/* The row of entry e, or of group g's header when e is -1; -1 when none. */
static long
row_of(const struct listview *lv, long e, size_t g)
{
	for (size_t r = 0; r < lv->nrows; r++) {
		const struct listrow *w = &lv->rows[r];

		if (e >= 0 ? w->kind == ROW_ENTRY && w->entry == (size_t)e
			   : w->kind == ROW_GROUP && w->group == g)
			return (long)r;
	}
	return -1;
}

void
listview_set_sort(struct listview *lv, enum list_sort s)
{
	long e = listview_selected_entry(lv), r;
	size_t g = lv->nrows > 0 ? lv->rows[lv->sel].group : 0;

	lv->sort = s < LIST_SORT_COUNT ? s : LIST_SORT_NAME;
	listsort_order(lv->lib, lv->sort, lv->read, lv->order);
	for (size_t i = 0; i < lv->lib->n; i++)
		lv->rank[lv->order[i]] = i;
	build_rows(lv);
	if ((r = row_of(lv, e, g)) >= 0)
		lv->sel = (size_t)r;
	keep_visible(lv);
}

bool
listview_shown(const struct listview *lv, size_t e)
{
	return !lv->hide_read || !lv->hidden[e];
}

size_t
listview_set_hide_read(struct listview *lv, bool hide)
{
	long e = listview_selected_entry(lv), r;
	size_t g = lv->nrows > 0 ? lv->rows[lv->sel].group : 0, n = 0, at, best = (size_t)-1;
	bool after = false;

	at = lv->nrows > 0 ? lv->rank[lv->rows[lv->sel].entry] : 0;
	lv->hide_read = hide;
	for (size_t i = 0; i < lv->lib->n; i++)
		n += lv->hidden[i] = hide && lv->read[i];
	build_rows(lv);
	if ((r = row_of(lv, e, g)) >= 0) {
		lv->sel = (size_t)r;
	} else {
		/* The nearest row in the order: the first after, else the last
		 * before. */
		lv->sel = 0;
		for (size_t i = 0; i < lv->nrows; i++) {
			size_t k = lv->rank[lv->rows[i].entry];

			if (lv->rows[i].kind == ROW_SNIPPET)
				continue;
			if (k >= at && (!after || k < best)) {
				lv->sel = i, best = k, after = true;
			} else if (!after && (best == (size_t)-1 || k >= best)) {
				lv->sel = i, best = k;
			}
		}
	}
	keep_visible(lv);
	return n;
}

size_t
listview_step(const struct listview *lv, size_t e, long n, bool wrap)
{
	size_t total = lv->lib->n, last = e;
	long dir = n < 0 ? -1 : 1, left = n < 0 ? -n : n;

	if (e >= total)
		return e;
	for (size_t i = 1; i <= total && left > 0; i++) {
		long r = (long)lv->rank[e] + dir * (long)i;

		if (!wrap && (r < 0 || r >= (long)total))
			break;
		r = (r % (long)total + (long)total) % (long)total;
		if (!listview_shown(lv, lv->order[r]))
			continue;
		last = lv->order[r];
		left--;
	}
	return last;
}

size_t
listview_rank(const struct listview *lv, size_t e)
{
	return e < lv->lib->n ? lv->rank[e] : e;
}
