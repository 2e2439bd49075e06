#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "filter.h"
#include "finder.h"
#include "search.h"
#include "timing.h"
#include "xmalloc.h"

/* Bytes searched between looks at the clock, unless set otherwise. */
#define SLICE (1u << 20)
/* Bytes before a slice that a regular expression may look back at. */
#define LOOKBACK 4096u
/* Match starts remembered for numbering and for n/N without searching. */
#define STARTS_MAX (1u << 20)
/* Time one find of a slow regular expression may take (search.h). */
#define STEP_US 3000
/* Time the count may take in the call of finder_work that ends a find:
 * a small article's count still shows with its first match. */
#define AFTER_FIND_US 2000

void
finder_init(struct finder *f)
{
	memset(f, 0, sizeof *f);
}

void
finder_clear(struct finder *f)
{
	struct article_window w = f->win;
	size_t slice = f->slice;

	search_free(f->pat);
	free(f->starts);
	finder_init(f);
	f->win = w;
	f->slice = slice;
}

void
finder_free(struct finder *f)
{
	finder_clear(f);
	article_window_free(&f->win);
	finder_init(f);
}

bool
finder_find_in(const struct article *a, struct article_window *w, const struct search_pattern *pat,
    size_t from, size_t limit, size_t *s, size_t *e)
{
	/* A regular expression sees the bytes before from (a look-behind,
	 * and ^ or \A, which must not take the window's start for the text's
	 * or a line's), up to LOOKBACK of them. */
	size_t back = search_is_regex(pat) ? (from < LOOKBACK ? from : LOOKBACK) : 0, len;
	size_t base = from - back;
	const char *p = article_window(a, w, base, limit, &len);

	if (!search_find(pat, p, len, back, limit - base, s, e)) {
		if (search_stopped(pat))
			*s = *e = *s + base;
		return false;
	}
	*s += base;
	*e += base;
	return true;
}

static bool
find_in(struct finder *f, size_t from, size_t limit, size_t *s, size_t *e)
{
	return finder_find_in(f->a, &f->win, f->pat, from, limit, s, e);
}

/* The bytes of one step. */
static size_t
slice_of(const struct finder *f)
{
	return f->slice != 0 ? f->slice : SLICE;
}

/* Moves p forward to the start of a character. */
static size_t
char_boundary(const char *d, size_t size, size_t p)
{
	while (p < size && ((unsigned char)d[p] & 0xC0) == 0x80)
		p++;
	return p;
}

/* Moves p back to the start of a character, but not below stop. */
static size_t
char_start(const char *d, size_t stop, size_t p)
{
	while (p > stop && ((unsigned char)d[p] & 0xC0) == 0x80)
		p--;
	return p;
}

void
finder_start(struct finder *f, const struct article *a, struct search_pattern *pat, bool backward,
    size_t pos, bool wrap)
{
	finder_clear(f);
	f->pat = pat;
	f->a = a;
	f->wrap = wrap;
	f->counting = !search_is_empty(pat);
	search_set_budget(pat, STEP_US);
	finder_step(f, backward, pos);
}

void
finder_step(struct finder *f, bool backward, size_t pos)
{
	if (f->pat == NULL || search_is_empty(f->pat))
		return;
	if (f->have_cur)
		pos = backward ? f->cur_start
			       : char_boundary(f->a->data, f->a->size, f->cur_start + 1);
	f->finding = true;
	f->backward = backward;
	f->wrapped = false;
	f->find_origin = pos;
	f->find_pos = pos;
	f->back_busy = false;
}

static void
set_cur(struct finder *f, size_t s, size_t e)
{
	f->have_cur = true;
	f->cur_start = s;
	f->cur_end = e;
	f->finding = false;
	f->events |= FINDER_FOUND;
}

/* Ends a find that reached an end of the article (or, after wrapping, its
 * starting point): wraps around, or stops. */
static void
reach_end(struct finder *f)
{
	if (!f->wrap || f->wrapped) {
		f->finding = false;
		f->events |= f->wrap ? FINDER_NOT_FOUND : FINDER_AT_END;
		return;
	}
	f->wrapped = true;
	f->events |= FINDER_WRAPPED;
	f->find_pos = f->backward ? f->a->size : 0;
}

/* One slice of a forward find. */
static void
find_forward(struct finder *f)
{
	const struct article *a = f->a;
	size_t end = f->wrapped ? f->find_origin : a->size, slice = slice_of(f), lim, s, e;

	lim =
	    f->find_pos + slice < end ? char_boundary(a->data, a->size, f->find_pos + slice) : end;
	if (find_in(f, f->find_pos, lim, &s, &e)) {
		set_cur(f, s, e);
		return;
	}
	if (search_stopped(f->pat)) {
		article_let_go(a, f->find_pos, s);
		f->find_pos = s;
		return;
	}
	article_let_go(a, f->find_pos, lim);
	f->find_pos = lim;
	if (lim >= end)
		reach_end(f);
}

/* One step of a backward find: the last match starting in the slice
 * below find_pos.  A slow regular expression can stop before the slice
 * is looked at whole (search.h), and a pattern found every few bytes
 * stops between two matches at deadline; the next step goes on from
 * there, with the last match found so far kept in the finder.  The
 * step's bytes are read once, as count_slice reads its own. */
static void
find_backward(struct finder *f, long deadline)
{
	const struct article *a = f->a;
	size_t stop = f->wrapped ? f->find_origin : 0, slice = slice_of(f), s = 0, e, back, base,
	       len;
	unsigned n = 0;
	const char *p;

	if (!f->back_busy) {
		size_t from = f->find_pos > stop + slice ? f->find_pos - slice : stop;

		if (from > stop) {
			/* Start after a line end, else at a character; never
			 * at find_pos itself, or the find would stand still. */
			const char *nl = memchr(a->data + from, '\n', f->find_pos - from);

			if (nl != NULL && (size_t)(nl - a->data) + 1 < f->find_pos)
				from = (size_t)(nl - a->data) + 1;
			else
				from = char_start(a->data, stop, from);
		}
		f->back_busy = true;
		f->back_got = false;
		f->back_from = f->back_at = from;
	}
	back = search_is_regex(f->pat) ? (f->back_at < LOOKBACK ? f->back_at : LOOKBACK) : 0;
	base = f->back_at - back;
	p = article_window(a, &f->win, base, f->find_pos, &len);
	while (f->back_at < f->find_pos) {
		if (!search_find(f->pat, p, len, f->back_at - base, f->find_pos - base, &s, &e)) {
			s += base;
			break;
		}
		f->back_got = true;
		f->back_s = s + base;
		f->back_e = e + base;
		f->back_at = char_boundary(a->data, a->size, f->back_s + 1);
		if ((++n & 31) == 0 && timing_now_us() >= deadline)
			return;
	}
	if (f->back_at < f->find_pos && search_stopped(f->pat)) {
		f->back_at = s;
		return;
	}
	f->back_busy = false;
	if (f->back_got) {
		set_cur(f, f->back_s, f->back_e);
		return;
	}
	article_let_go(a, f->back_from, f->find_pos);
	f->find_pos = f->back_from;
	if (f->back_from <= stop)
		reach_end(f);
}

/* One slice of counting, stopping between two matches at deadline.  The
 * slice's bytes are read once (a window per match would read the slice
 * again at each one: a second for a pattern found every few bytes). */
static void
count_slice(struct finder *f, long deadline)
{
	const struct article *a = f->a;
	size_t slice = slice_of(f), s = 0, e, start = f->count_pos, back, base, len;
	size_t lim = f->count_pos + slice < a->size
	    ? char_boundary(a->data, a->size, f->count_pos + slice)
	    : a->size;
	bool late = false, got;
	unsigned n = 0;
	const char *p;

	if (f->only != NULL && filter_known(f->only) < lim) {
		/* Matches past what the filter knows wait for its scan. */
		if (filter_known(f->only) <= f->count_pos) {
			filter_work(f->only, 0);
			return;
		}
		lim = filter_known(f->only);
	}
	back = search_is_regex(f->pat) ? (start < LOOKBACK ? start : LOOKBACK) : 0;
	base = start - back;
	p = article_window(a, &f->win, base, lim, &len);
	while (f->count_pos < lim) {
		got = search_find(f->pat, p, len, f->count_pos - base, lim - base, &s, &e);
		s += base;
		e += base;
		if (!got)
			break;
		if (f->only == NULL || filter_holds(f->only, s)) {
			f->total++;
			if (f->nstarts < STARTS_MAX) {
				xgrow((void **)&f->starts, &f->cap, f->nstarts + 1,
				    sizeof *f->starts);
				f->starts[f->nstarts++] = s;
			} else {
				f->starts_full = true;
			}
		}
		f->count_pos = e > s ? e : char_boundary(a->data, a->size, s + 1);
		if ((++n & 31) == 0 && timing_now_us() >= deadline) {
			late = true;
			break;
		}
	}
	/* A slow regular expression stopped where it is to go on; else the
	 * rest of the slice holds no match. */
	if (!late && f->count_pos < lim)
		f->count_pos = search_stopped(f->pat) ? s : lim;
	/* Its pages were touched at every match: see article_let_go. */
	article_let_go(a, start, f->count_pos);
	if (f->count_pos >= a->size)
		f->counting = false;
	f->events |= FINDER_COUNTED;
}

void
finder_set_filter(struct finder *f, struct filter *flt)
{
	if (f->only == flt)
		return;
	f->only = flt;
	f->total = 0;
	f->nstarts = 0;
	f->starts_full = false;
	f->count_pos = 0;
	f->counting = f->pat != NULL && !search_is_empty(f->pat);
	f->events |= FINDER_COUNTED;
}

bool
finder_busy(const struct finder *f)
{
	return f->pat != NULL && (f->finding || f->counting);
}

unsigned
finder_work(struct finder *f, long budget_us)
{
	long deadline = timing_now_us() + budget_us, now;
	unsigned ev;

	while (finder_busy(f)) {
		if (f->finding) {
			if (f->backward)
				find_backward(f, deadline);
			else
				find_forward(f);
			/* The frame that shows the match waits little for the
			 * count: it goes on in the next calls. */
			if (!f->finding && (now = timing_now_us()) + AFTER_FIND_US < deadline)
				deadline = now + AFTER_FIND_US;
		} else {
			count_slice(f, deadline);
		}
		if (timing_now_us() >= deadline)
			break;
	}
	ev = f->events;
	f->events = 0;
	return ev;
}

size_t
finder_index(const struct finder *f)
{
	size_t lo = 0, hi = f->nstarts;

	if (!f->have_cur || f->count_pos <= f->cur_start)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->starts[mid] < f->cur_start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->nstarts && f->starts[lo] == f->cur_start)
		return lo + 1;
	return 0;
}

bool
finder_counted(const struct finder *f)
{
	return f->pat != NULL && !f->counting;
}
