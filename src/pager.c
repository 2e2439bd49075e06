#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "filter.h"
#include "info.h"
#include "layout.h"
#include "pager.h"
#include "timing.h"
#include "xmalloc.h"

/* Line numbers are counted only this far from a known point (the top's
 * last line number, the start, or a step of the index), so that no key
 * waits on counting the lines of a huge article. */
#define COUNT_LIMIT PAGER_COUNT_AT_OPEN

void
pager_init(struct pager *p)
{
	memset(p, 0, sizeof *p);
	p->rows = 1;
	p->text_cols = 80;
	p->total_lines = -1;
	p->ln_num = 1;
	p->words_per_byte = -1;
}

void
pager_clear(struct pager *p)
{
	filter_free(p->filter);
	p->filter = NULL;
	layout_free(p->layout);
	doc_free(p->doc);
	p->layout = NULL;
	p->doc = NULL;
	p->article = NULL;
	p->top = 0;
	p->anchor = 0;
	p->hscroll = 0;
	p->words_per_byte = -1;
	p->max_top_known = false;
	p->ln_pos = 0;
	p->ln_num = 1;
	p->total_lines = -1;
	free(p->lines_before);
	p->lines_before = NULL;
	p->nindexed = 0;
	article_window_free(&p->count_window);
}

/* Counts the '\n' bytes in data[from, to). */
static size_t
count_newlines(const char *data, size_t from, size_t to)
{
	size_t n = 0;
	const char *p = data + from, *end = data + to;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* The number of lines of a, which holds newlines '\n' bytes: an empty
 * article still shows one (empty) line, and so does an unended last one. */
static long
lines_total(const struct article *a, size_t newlines)
{
	return (long)newlines + (a->size == 0 || a->data[a->size - 1] != '\n');
}

/* Sets the line count up for the article shown: counted now when small,
 * else indexed between keys; not while it grows, as its end moves. */
static void
count_setup(struct pager *p)
{
	const struct article *a = p->article;

	free(p->lines_before);
	p->lines_before = NULL;
	p->nindexed = 0;
	p->total_lines = -1;
	article_window_free(&p->count_window);
	if (!a->complete)
		return;
	if (a->size <= PAGER_COUNT_AT_OPEN) {
		p->total_lines = lines_total(a, count_newlines(a->data, 0, a->size));
	} else {
		p->lines_before = xcalloc(a->size / PAGER_INDEX_STEP + 2, sizeof *p->lines_before);
		p->nindexed = 1;
	}
}

void
pager_open(struct pager *p, struct article *a, size_t pos)
{
	pager_open_doc(p, doc_plain(a), pos);
}

void
pager_open_doc(struct pager *p, struct doc *d, size_t pos)
{
	struct article *a = d->view;
	struct filter *f = p->filter;

	/* The filter stays, over the new view. */
	p->filter = NULL;
	pager_clear(p);
	p->filter = f;
	if (f != NULL)
		filter_restart(f, a);
	p->doc = d;
	p->article = a;
	p->layout = layout_create_with(d, p->text_cols, &p->lopts);
	count_setup(p);
	pager_goto(p, pos);
}

void
pager_grew(struct pager *p)
{
	if (p->doc == NULL)
		return;
	layout_free(p->layout);
	p->layout = layout_create_with(p->doc, p->text_cols, &p->lopts);
	p->max_top_known = false;
	p->words_per_byte = -1;
	if (p->filter != NULL)
		filter_grew(p->filter);
	count_setup(p);
}

size_t
pager_source_pos(const struct pager *p)
{
	return p->doc != NULL ? doc_source_pos(p->doc, p->anchor) : 0;
}

bool
pager_goto_source(struct pager *p, size_t src)
{
	if (p->doc == NULL)
		return false;
	return pager_goto(p, doc_view_pos(p->doc, src));
}

void
pager_remake(struct pager *p, const struct doc_options *o)
{
	size_t src = pager_source_pos(p);
	struct doc *d = p->doc;

	if (d == NULL)
		return;
	/* The old document goes only once its source is the new one's. */
	p->doc = NULL;
	pager_open_doc(p, doc_reopen(d, o), 0);
	pager_goto_source(p, src);
}

void
pager_reload_doc(struct pager *p, struct doc *d)
{
	size_t src = pager_source_pos(p);

	pager_open_doc(p, d, 0);
	pager_goto_source(p, src);
}

bool
pager_warming(const struct pager *p)
{
	return p->article != NULL && p->warming;
}

bool
pager_warm(struct pager *p, long budget_us)
{
	p->warming = p->article != NULL && layout_warm(p->layout, p->top, budget_us);
	return p->warming;
}

bool
pager_counting(const struct pager *p)
{
	return p->lines_before != NULL && p->total_lines < 0;
}

bool
pager_count_lines(struct pager *p, long budget_us)
{
	const struct article *a = p->article;
	long until = timing_now_us() + budget_us;
	size_t from, to, len;
	const char *w;

	if (!pager_counting(p))
		return false;
	do {
		from = (p->nindexed - 1) * (size_t)PAGER_INDEX_STEP;
		to = a->size - from > PAGER_INDEX_STEP ? from + PAGER_INDEX_STEP : a->size;
		w = article_window(a, &p->count_window, from, to, &len);
		if (len > to - from)
			len = to - from;
		p->lines_before[p->nindexed] =
		    p->lines_before[p->nindexed - 1] + count_newlines(w, 0, len);
		if (to == a->size) {
			p->total_lines = lines_total(a, p->lines_before[p->nindexed]);
			article_window_free(&p->count_window);
			return true;
		}
		p->nindexed++;
	} while (timing_now_us() < until);
	return false;
}

/* The newest known source line start at or before pos that is near it, as
 * a byte offset and a line number; false when none is within COUNT_LIMIT. */
static bool
known_line_before(const struct pager *p, size_t pos, size_t *at, size_t *line)
{
	size_t k = pos / PAGER_INDEX_STEP;

	if (p->ln_pos <= pos && pos - p->ln_pos <= COUNT_LIMIT) {
		*at = p->ln_pos;
		*line = p->ln_num;
	} else if (p->lines_before != NULL && k < p->nindexed) {
		*at = k * (size_t)PAGER_INDEX_STEP;
		*line = 1 + p->lines_before[k];
	} else if (pos <= COUNT_LIMIT) {
		*at = 0;
		*line = 1;
	} else {
		return false;
	}
	return true;
}

bool
pager_line_at(struct pager *p, size_t pos, struct dline *out)
{
	if (p->article == NULL)
		return false;
	if (p->filter != NULL)
		return filter_line_at(p->filter, p->layout, pos, out);
	layout_line_at(p->layout, pos, out);
	return true;
}

bool
pager_next(struct pager *p, const struct dline *cur, struct dline *out)
{
	if (p->filter != NULL)
		return filter_next(p->filter, p->layout, cur, out);
	return layout_next(p->layout, cur, out);
}

/* layout_move over the rows shown. */
static size_t
move_rows(struct pager *p, size_t pos, long n)
{
	if (p->filter != NULL)
		return filter_move(p->filter, p->layout, pos, n, NULL);
	return layout_move(p->layout, pos, n, NULL);
}

static size_t
max_top(struct pager *p)
{
	/* Under a filter still scanning, the end is where it has got to. */
	if (!p->max_top_known) {
		p->max_top = move_rows(p, p->article->size, -(long)(p->rows - 1));
		p->max_top_known = p->filter == NULL || filter_done(p->filter);
	}
	return p->max_top;
}

void
pager_set_filter(struct pager *p, struct filter *f)
{
	size_t top = p->top;

	filter_free(p->filter);
	p->filter = f;
	p->max_top_known = false;
	if (f != NULL)
		filter_restart(f, p->article);
	if (p->article != NULL)
		pager_goto(p, top);
}

bool
pager_resize(struct pager *p, int rows, int text_cols)
{
	struct dline d;

	if (rows < 1)
		rows = 1;
	if (text_cols < 1)
		text_cols = 1;
	if (rows == p->rows && text_cols == p->text_cols)
		return false;
	p->rows = rows;
	p->max_top_known = false;
	if (text_cols != p->text_cols) {
		p->text_cols = text_cols;
		if (p->doc != NULL && p->doc->width_dependent && p->doc->width != text_cols) {
			struct doc_options o;

			doc_options_of(p->doc, &o);
			o.width = text_cols;
			pager_remake(p, &o);
			return true;
		} else if (p->article != NULL) {
			layout_free(p->layout);
			p->layout = layout_create_with(p->doc, text_cols, &p->lopts);
		}
	}
	if (p->article != NULL) {
		size_t anchor = p->anchor;

		if (pager_line_at(p, anchor, &d))
			pager_goto(p, d.start);
		p->anchor = anchor;
	}
	return true;
}

bool
pager_goto(struct pager *p, size_t pos)
{
	struct dline d, next;
	size_t old = p->top, d0, d0_end;
	bool full = true;

	if (p->article == NULL)
		return false;
	if (!pager_line_at(p, pos, &d)) {
		/* A filter that shows nothing (yet): the top stays. */
		p->anchor = p->top;
		return false;
	}
	p->top = d0 = d.start;
	d0_end = d.end > d.start ? d.end : d.start + 1;
	p->warming = true;
	/* Only when the screen would run past the end is the end looked at: the
	 * first screen of a huge article never touches its last block. */
	for (int r = 1; r < p->rows && full; r++) {
		full = pager_next(p, &d, &next);
		d = next;
	}
	if (!full && p->top > max_top(p))
		p->top = max_top(p);
	/* Keep the exact offset asked for, unless the end of the article
	 * pulled the top above it, or a filter hides it: the position is
	 * then the text shown. */
	p->anchor =
	    p->top == d0 && (p->filter == NULL || (pos >= d0 && pos < d0_end)) ? pos : p->top;
	return p->top != old;
}

bool
pager_scroll(struct pager *p, long n)
{
	if (p->article == NULL || n == 0)
		return false;
	return pager_goto(p, move_rows(p, p->top, n));
}

bool
pager_goto_line(struct pager *p, long n)
{
	const char *d;
	size_t pos = 0;
	long line = 1;

	if (p->article == NULL)
		return false;
	d = p->article->data;
	if (n > 1 && (long)p->ln_num < n) {
		pos = p->ln_pos;
		line = (long)p->ln_num;
	}
	/* From the last step of the index still before line n: its offset may
	 * be inside a line, so at least one newline is walked past. */
	if (p->lines_before != NULL) {
		size_t lo = 0, hi = p->nindexed, mid;

		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if ((long)p->lines_before[mid] + 1 < n)
				lo = mid;
			else
				hi = mid;
		}
		if ((long)p->lines_before[lo] + 1 < n && lo * (size_t)PAGER_INDEX_STEP > pos) {
			pos = lo * (size_t)PAGER_INDEX_STEP;
			line = (long)p->lines_before[lo] + 1;
		}
	}
	while (line < n && pos < p->article->size) {
		const char *nl = memchr(d + pos, '\n', p->article->size - pos);

		if (nl == NULL || (size_t)(nl - d) + 1 >= p->article->size)
			break;
		pos = (size_t)(nl - d) + 1;
		line++;
	}
	p->ln_pos = pos;
	p->ln_num = (size_t)line;
	return pager_goto(p, pos);
}

bool
pager_goto_percent(struct pager *p, long percent)
{
	if (p->article == NULL)
		return false;
	if (percent < 0)
		percent = 0;
	if (percent > 100)
		percent = 100;
	return pager_goto(p, (size_t)((double)p->article->size * (double)percent / 100.0));
}

bool
pager_goto_end(struct pager *p)
{
	return p->article != NULL && pager_goto(p, p->article->size);
}

size_t
pager_bottom(struct pager *p)
{
	struct dline cur, next;

	if (p->article == NULL || !pager_line_at(p, p->top, &cur))
		return p->top;
	for (int r = 1; r < p->rows && pager_next(p, &cur, &next); r++)
		cur = next;
	return cur.end;
}

int
pager_percent(struct pager *p)
{
	size_t size;

	if (p->article == NULL || (size = p->article->size) == 0)
		return 100;
	return (int)((double)pager_bottom(p) * 100.0 / (double)size);
}

long
pager_line(struct pager *p)
{
	const char *d;
	size_t from, line, to = p->top;

	if (p->article == NULL)
		return -1;
	d = p->article->data;
	if (to < p->ln_pos && p->ln_pos - to <= COUNT_LIMIT) {
		p->ln_num -= count_newlines(d, to, p->ln_pos);
	} else if (known_line_before(p, to, &from, &line)) {
		p->ln_num = line + count_newlines(d, from, to);
	} else {
		return -1;
	}
	p->ln_pos = to;
	return (long)p->ln_num;
}

/* Whether the source line starting at pos is blank (spaces, tabs, CR). */
static bool
blank_line(const char *d, size_t size, size_t pos, size_t *next)
{
	size_t i = pos;
	bool blank = true;

	while (i < size && d[i] != '\n') {
		if (d[i] != ' ' && d[i] != '\t' && d[i] != '\r')
			blank = false;
		i++;
	}
	*next = i < size ? i + 1 : size;
	return blank;
}

bool
pager_paragraph(struct pager *p, int dir)
{
	const char *d;
	size_t size, pos, next, target;
	bool seen_blank = false;

	if (p->article == NULL)
		return false;
	d = p->article->data;
	size = p->article->size;
	if (dir > 0) {
		/* Skip to the end of the current paragraph, then past blanks. */
		const char *nl = memrchr(d, '\n', p->top);

		pos = nl != NULL ? (size_t)(nl - d) + 1 : 0;
		target = size;
		while (pos < size) {
			bool blank = blank_line(d, size, pos, &next);

			if (blank)
				seen_blank = true;
			else if (seen_blank && pos > p->top) {
				target = pos;
				break;
			}
			pos = next;
		}
		return pager_goto(p, target);
	}
	/* Backwards: the start of the paragraph before the one at the top. */
	pos = p->top;
	target = 0;
	{
		size_t line = pos;
		bool in_text = false;

		while (line > 0) {
			const char *nl = line > 1 ? memrchr(d, '\n', line - 1) : NULL;
			size_t start = nl != NULL ? (size_t)(nl - d) + 1 : 0;
			bool blank = blank_line(d, size, start, &next);

			if (!blank && start < p->top)
				in_text = true;
			else if (blank && in_text) {
				target = next;
				break;
			}
			line = start;
		}
	}
	return pager_goto(p, target);
}

bool
pager_shows(struct pager *p, size_t pos)
{
	if (p->article == NULL || pos < p->top || pos >= pager_bottom(p))
		return false;
	return p->filter == NULL || filter_shows(p->filter, pos);
}

bool
pager_reveal(struct pager *p, size_t pos)
{
	if (p->article == NULL || pager_shows(p, pos))
		return false;
	return pager_goto(p, move_rows(p, pos, -(long)(p->rows / 4)));
}

bool
pager_set_layout(struct pager *p, const struct layout_options *o)
{
	size_t anchor = p->anchor;
	struct dline d;

	p->lopts = *o;
	if (!o->chop)
		p->hscroll = 0;
	if (p->article == NULL)
		return true;
	layout_free(p->layout);
	p->layout = layout_create_with(p->doc, p->text_cols, &p->lopts);
	p->max_top_known = false;
	if (pager_line_at(p, anchor, &d))
		pager_goto(p, d.start);
	p->anchor = anchor;
	return true;
}

bool
pager_hscroll_by(struct pager *p, long cols)
{
	long h = (long)p->hscroll + cols;

	if (h < 0)
		h = 0;
	if (h > PAGER_HSCROLL_MAX)
		h = PAGER_HSCROLL_MAX;
	if (!p->lopts.chop || h == p->hscroll)
		return false;
	p->hscroll = (int)h;
	return true;
}

bool
pager_chopped_on_screen(struct pager *p, bool *right)
{
	struct dline cur, next, cut;
	bool any = false;

	*right = false;
	if (p->article == NULL || !p->lopts.chop || !pager_line_at(p, p->top, &cur))
		return false;
	for (int r = 0; r < p->rows; r++) {
		if (cur.flags & DLINE_CHOPPED) {
			any = true;
			if (layout_hcut(&cur, p->hscroll, p->text_cols, &cut))
				*right = true;
		}
		if (!pager_next(p, &cur, &next))
			break;
		cur = next;
	}
	return any;
}

long
pager_minutes_left(struct pager *p, int words_per_minute)
{
	const struct article *a = p->article;
	size_t left, bottom;
	double words;

	if (a == NULL || words_per_minute <= 0)
		return -1;
	if (p->words_per_byte < 0) {
		/* The words of the article, or of its first bytes when it is
		 * big or still coming in: the rest is taken to hold as many
		 * words a byte. */
		size_t n = a->size <= ARTICLE_READ_MAX && a->complete ? a->size
		    : a->size < PAGER_WORDS_SAMPLE                    ? a->size
								      : PAGER_WORDS_SAMPLE;

		p->words_per_byte = n > 0 ? (double)info_count_words(a->data, n) / (double)n : 0;
	}
	bottom = pager_bottom(p);
	left = a->size > bottom ? a->size - bottom : 0;
	words = p->words_per_byte * (double)left;
	return (long)info_minutes(words, words_per_minute);
}
