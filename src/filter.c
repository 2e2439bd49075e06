#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "filter.h"
#include "finder.h"
#include "layout.h"
#include "search.h"
#include "timing.h"
#include "xmalloc.h"

/* Bytes one step of the scan looks at, unless set otherwise. */
#define SLICE (1u << 20)
/* Time one find of a slow regular expression may take (search.h). */
#define STEP_US 3000
/* Time a moving function may spend scanning on past what is known: the
 * rest is found between keys (filter_work). */
#define LOOK_US 4000

struct filter *
filter_create(const struct article *a, struct search_pattern *pat, const char *text)
{
	struct filter *f = xcalloc(1, sizeof *f);

	f->pat = pat;
	f->text = xstrdup(text != NULL ? text : "");
	if (pat != NULL)
		search_set_budget(pat, STEP_US);
	filter_restart(f, a);
	return f;
}

void
filter_free(struct filter *f)
{
	if (f == NULL)
		return;
	search_free(f->pat);
	free(f->text);
	free(f->units);
	article_window_free(&f->win);
	free(f);
}

void
filter_restart(struct filter *f, const struct article *a)
{
	f->a = a;
	f->n = 0;
	f->scan_pos = 0;
	f->line_start = 0;
	f->scanned = 0;
	f->done = a == NULL || a->size == 0;
	f->told = 0;
	f->told_done = false;
}

void
filter_grew(struct filter *f)
{
	/* What was found before the old end stays true but for its last
	 * line, which may go on: it is looked at again, with what follows. */
	if (f->n > 0 && f->units[f->n - 1].end == f->line_start &&
	    (f->line_start == 0 || f->a->data[f->line_start - 1] != '\n')) {
		f->n--;
		f->line_start = f->units[f->n].start;
	}
	f->scan_pos = f->line_start;
	f->done = f->scan_pos >= f->a->size;
	f->told_done = false;
}

/* The start of the line holding pos, knowing that none starts in
 * (from, pos] but after a '\n' found there. */
static size_t
line_start_of(const struct article *a, size_t from, size_t pos)
{
	const char *nl = pos > from ? memrchr(a->data + from, '\n', pos - from) : NULL;

	return nl != NULL ? (size_t)(nl - a->data) + 1 : from;
}

/* Moves p forward to the start of a character. */
static size_t
char_boundary(const struct article *a, size_t p)
{
	while (p < a->size && ((unsigned char)a->data[p] & 0xC0) == 0x80)
		p++;
	return p;
}

/* One step of the scan: the next matching unit within a slice, or the
 * slice passed over.  Returns whether a unit was found. */
static bool
step(struct filter *f)
{
	const struct article *a = f->a;
	size_t size = a->size, slice = f->slice != 0 ? f->slice : SLICE;
	size_t limit = size - f->scan_pos > slice ? char_boundary(a, f->scan_pos + slice) : size;
	size_t s, e, ls;
	const char *nl;

	if (finder_find_in(a, &f->win, f->pat, f->scan_pos, limit, &s, &e)) {
		ls = line_start_of(a, f->line_start, s);
		nl = memchr(a->data + s, '\n', size - s);
		xgrow((void **)&f->units, &f->cap, f->n + 1, sizeof *f->units);
		f->units[f->n].start = ls;
		f->units[f->n].end = nl != NULL ? (size_t)(nl - a->data) + 1 : size;
		f->scanned += f->units[f->n].end - f->scan_pos;
		f->scan_pos = f->line_start = f->units[f->n++].end;
		f->done = f->scan_pos >= size;
		return true;
	}
	/* A slow regular expression stopped where it is to go on; else the
	 * slice holds no match. */
	if (search_stopped(f->pat) && s > f->scan_pos && s < limit)
		limit = s;
	f->line_start = line_start_of(a, f->line_start, limit);
	f->scanned += limit - f->scan_pos;
	f->scan_pos = limit;
	f->done = limit >= size;
	return false;
}

bool
filter_work(struct filter *f, long budget_us)
{
	long until = timing_now_us() + budget_us;
	size_t was = f->n;

	while (!f->done) {
		step(f);
		if (timing_now_us() >= until)
			break;
	}
	return f->n > was;
}

bool
filter_done(const struct filter *f)
{
	return f->done;
}

size_t
filter_count(const struct filter *f)
{
	return f->n;
}

int
filter_progress(const struct filter *f)
{
	if (f->done || f->a == NULL || f->a->size == 0)
		return 100;
	return (int)((double)f->scan_pos * 100.0 / (double)f->a->size);
}

/* Scans on, for a bounded time, until unit k is known or the scan ends.
 * Returns whether unit k is known. */
static bool
want(struct filter *f, size_t k)
{
	long until = 0;

	while (k >= f->n && !f->done) {
		if (until == 0)
			until = timing_now_us() + LOOK_US;
		else if (timing_now_us() >= until)
			break;
		step(f);
	}
	return k < f->n;
}

/* The index of the first unit that ends after pos, scanning on as want
 * does when none known does: f->n when there is none (yet). */
static size_t
unit_after(struct filter *f, size_t pos)
{
	size_t lo = 0, hi = f->n;

	if (f->n == 0 || f->units[f->n - 1].end <= pos) {
		/* Past what is known: scan on until a unit ends after pos. */
		while (!f->done && (f->n == 0 || f->units[f->n - 1].end <= pos))
			if (!want(f, f->n))
				break;
		if (f->n == 0 || f->units[f->n - 1].end <= pos)
			return f->n;
		return f->n - 1;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->units[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
filter_known(const struct filter *f)
{
	return f->done ? SIZE_MAX : f->line_start;
}

bool
filter_holds(const struct filter *f, size_t pos)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->units[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n && f->units[lo].start <= pos;
}

bool
filter_shows(struct filter *f, size_t pos)
{
	size_t k = unit_after(f, pos);

	return k < f->n && f->units[k].start <= pos;
}

/* Whether display line d shows part of unit u. */
static bool
overlaps(const struct dline *d, const struct filter_unit *u)
{
	return d->start < u->end && (d->end > u->start || d->start >= u->start);
}

/* The last row of unit k. */
static void
last_row(struct filter *f, struct layout *l, size_t k, struct dline *out)
{
	const struct filter_unit *u = &f->units[k];

	layout_line_at(l, u->end > u->start ? u->end - 1 : u->start, out);
}

bool
filter_line_at(struct filter *f, struct layout *l, size_t pos, struct dline *out)
{
	size_t k = unit_after(f, pos);

	if (k < f->n) {
		const struct filter_unit *u = &f->units[k];

		layout_line_at(l, pos > u->start ? pos : u->start, out);
		return true;
	}
	if (f->n == 0)
		return false;
	last_row(f, l, f->n - 1, out);
	return true;
}

bool
filter_next(struct filter *f, struct layout *l, const struct dline *cur, struct dline *out)
{
	size_t k = unit_after(f, cur->start);
	struct dline d;

	if (k >= f->n)
		return false;
	if (f->units[k].start <= cur->start || overlaps(cur, &f->units[k])) {
		/* cur shows unit k: its next row, if it shows k too, else the
		 * first row of the unit after it. */
		if (layout_next(l, cur, &d) && overlaps(&d, &f->units[k])) {
			*out = d;
			return true;
		}
		if (!want(f, ++k))
			return false;
	}
	layout_line_at(l, f->units[k].start, &d);
	/* A row the reflow joined may show two units: it is shown once. */
	while (d.start <= cur->start) {
		struct dline nx;

		if (!layout_next(l, &d, &nx))
			return false;
		d = nx;
	}
	*out = d;
	return true;
}

bool
filter_prev(struct filter *f, struct layout *l, const struct dline *cur, struct dline *out)
{
	size_t k = unit_after(f, cur->start);
	struct dline d;

	if (k < f->n && overlaps(cur, &f->units[k]) && layout_prev(l, cur, &d) &&
	    overlaps(&d, &f->units[k])) {
		*out = d;
		return true;
	}
	if (k == 0 || f->n == 0)
		return false;
	if (k > f->n)
		k = f->n;
	last_row(f, l, k - 1, &d);
	while (d.start >= cur->start) {
		struct dline pv;

		if (!layout_prev(l, &d, &pv))
			return false;
		d = pv;
	}
	*out = d;
	return true;
}

size_t
filter_move(struct filter *f, struct layout *l, size_t pos, long n, long *moved)
{
	struct dline cur, next;
	long m = 0;

	if (!filter_line_at(f, l, pos, &cur)) {
		if (moved != NULL)
			*moved = 0;
		return pos;
	}
	while (m < n && filter_next(f, l, &cur, &next)) {
		cur = next;
		m++;
	}
	while (m > n && filter_prev(f, l, &cur, &next)) {
		cur = next;
		m--;
	}
	if (moved != NULL)
		*moved = m;
	return cur.start;
}

size_t
filter_dump_doc(struct doc *d, int width, struct search_pattern *pat, const char *before, FILE *out)
{
	struct layout *l = layout_create_with(d, width, &d->opts.layout);
	struct filter *f = filter_create(d->view, NULL, "");
	struct dline cur, next;
	bool have;
	size_t n;

	/* The pattern is borrowed: the filter gives it back before it goes. */
	f->pat = pat;
	search_set_budget(f->pat, 0);
	while (!f->done)
		step(f);
	have = filter_line_at(f, l, 0, &cur);
	if (have)
		fputs(before, out);
	while (have) {
		if (cur.lead != NULL)
			fwrite(cur.lead, 1, cur.lead_len, out);
		fwrite(cur.text, 1, cur.len, out);
		putc('\n', out);
		have = filter_next(f, l, &cur, &next);
		cur = next;
	}
	n = f->n;
	f->pat = NULL;
	filter_free(f);
	layout_free(l);
	return n;
}
