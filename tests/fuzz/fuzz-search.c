/* libFuzzer target: a pattern and a text (split at the first NUL byte),
 * searched in every mode.  Matches must lie in the text, start at or after
 * where the search began, and agree with search_count.  Then the text is
 * searched in slices shorter than itself, as the finder searches a long
 * article: with limits that cut the text (a match may run past its limit),
 * and by the finder itself in steps of that length, counting, stepping
 * forward, stepping backward and wrapping around.  Every way must give
 * exactly the matches of one unsliced search.
 *
 * The first byte holds the options: bits 0-1 the case mode, bit 2 whether
 * accents are ignored, bits 3-7 the slice length (1 to 962 bytes). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "finder.h"
#include "search.h"
#include "text.h"
#include "xmalloc.h"

/* Steps checked backward, and round the ends: a backward step scans its
 * whole slice, so walking every match back would be quadratic. */
#define BACK_STEPS 64
#define ROUND_STEPS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct match {
	size_t s, e;
};

struct matches {
	struct match *v;
	size_t n, cap;
};

static void
add(struct matches *m, size_t s, size_t e)
{
	xgrow((void **)&m->v, &m->cap, m->n + 1, sizeof *m->v);
	m->v[m->n].s = s;
	m->v[m->n].e = e;
	m->n++;
}

static bool
same(const struct matches *a, const struct matches *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].s != b->v[i].s || a->v[i].e != b->v[i].e)
			return false;
	return true;
}

/* As the finder moves to the start of a character. */
static size_t
boundary(const char *d, size_t size, size_t p)
{
	while (p < size && ((unsigned char)d[p] & 0xC0) == 0x80)
		p++;
	return p;
}

/* Every match in one unsliced search: non-overlapping ones (each search
 * goes on from the end of the last match) into *flat, and every place a
 * match starts (each search goes on from the next character) into *all. */
static void
unsliced(const struct search_pattern *p, const char *t, size_t n, struct matches *flat,
    struct matches *all)
{
	size_t pos = 0, s, e;

	while (pos < n && search_find(p, t, n, pos, n, &s, &e)) {
		if (s < pos || e <= s || e > n)
			abort();
		add(flat, s, e);
		pos = e;
	}
	if (flat->n != search_count(p, t, n))
		abort();
	pos = 0;
	while (pos < n && search_find(p, t, n, pos, n, &s, &e)) {
		add(all, s, e);
		pos = boundary(t, n, s + 1);
	}
}

/* Counting as the finder counts, with search_find alone: slice after
 * slice [pos, lim), each search going on from the end of the last match
 * (which may lie past lim) or else from lim. */
static void
sliced_count(const struct search_pattern *p, const char *t, size_t n, size_t k, struct matches *out)
{
	size_t pos = 0, lim, s, e;

	while (pos < n) {
		lim = pos + k < n ? boundary(t, n, pos + k) : n;
		while (pos < lim && search_find(p, t, n, pos, lim, &s, &e)) {
			if (s < pos || s >= lim || e <= s || e > n)
				abort();
			add(out, s, e);
			pos = e;
		}
		if (pos < lim)
			pos = lim;
	}
}

/* The index in all of the first match starting at or after pos. */
static size_t
first_from(const struct matches *all, size_t pos)
{
	size_t i = 0;

	while (i < all->n && all->v[i].s < pos)
		i++;
	return i;
}

/* The 1-based number among the counted matches of the one the finder
 * shows, or 0 when it shows none or one that counting passed over. */
static size_t
number(const struct matches *flat, const struct finder *f)
{
	for (size_t i = 0; f->have_cur && i < flat->n; i++)
		if (flat->v[i].s == f->cur_start)
			return i + 1;
	return 0;
}

/* Runs the finder to the end of its work; returns the events. */
static unsigned
finish(struct finder *f)
{
	unsigned ev = 0;

	while (finder_busy(f))
		ev |= finder_work(f, 1000000);
	return ev;
}

/* Whether the finder shows match m. */
static bool
shows(const struct finder *f, const struct match *m)
{
	return f->have_cur && f->cur_start == m->s && f->cur_end == m->e;
}

/* The finder in steps of k bytes, without wrapping: from the start
 * forward it must visit every match, each numbered as counting numbers
 * it, and stop at the end; then back from the last match, the matches
 * before it in turn. */
static void
walk(const struct article *a, struct search_pattern *pat, size_t k, const struct matches *flat,
    const struct matches *all)
{
	struct finder f;
	unsigned ev;
	size_t i = 0;

	finder_init(&f);
	f.slice = k;
	finder_start(&f, a, pat, false, 0, false);
	for (ev = finish(&f); ev & FINDER_FOUND; ev = finish(&f)) {
		if (i >= all->n || !shows(&f, &all->v[i]))
			abort();
		if (finder_index(&f) != number(flat, &f))
			abort();
		i++;
		finder_step(&f, false, 0);
	}
	if (i != all->n || !(ev & FINDER_AT_END) || !finder_counted(&f) || f.total != flat->n)
		abort();
	if (i > 0)
		i--;
	for (int step = 0; step < BACK_STEPS; step++) {
		finder_step(&f, true, 0);
		ev = finish(&f);
		if (!(ev & FINDER_FOUND)) {
			if (i != 0 || !(ev & FINDER_AT_END))
				abort();
			break;
		}
		if (i == 0 || !shows(&f, &all->v[i - 1]))
			abort();
		i--;
	}
	finder_free(&f);
}

/* The finder in steps of k bytes, wrapping around the ends, from pos
 * (a character boundary) backward or forward: for ROUND_STEPS steps it
 * must go round the matches in turn, and say when it passes an end. */
static void
go_round(const struct article *a, struct search_pattern *pat, size_t k, const struct matches *all,
    size_t pos, bool backward)
{
	struct finder f;
	long n = (long)all->n, i = (long)first_from(all, pos);
	unsigned ev;
	bool wrapped;

	/* i: the match that comes next in the direction of travel, before
	 * going round (n or -1 when that takes a wrap) */
	if (backward)
		i--;
	finder_init(&f);
	f.slice = k;
	finder_start(&f, a, pat, backward, pos, true);
	for (int step = 0; step < ROUND_STEPS; step++) {
		ev = finish(&f);
		if (n == 0) {
			if (f.have_cur || !(ev & FINDER_NOT_FOUND))
				abort();
			break;
		}
		wrapped = i < 0 || i >= n;
		if (wrapped)
			i = backward ? n - 1 : 0;
		if (!(ev & FINDER_FOUND) || !shows(&f, &all->v[i]) ||
		    ((ev & FINDER_WRAPPED) != 0) != wrapped)
			abort();
		i += backward ? -1 : 1;
		finder_step(&f, backward, 0);
	}
	finder_free(&f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *nul, *pat, *text;
	size_t plen, tlen, k, after_last, first;
	bool empty;
	struct search_options o = { 0 };
	struct search_pattern *p;
	struct article *a;
	struct matches flat = { 0 }, all = { 0 }, got = { 0 };

	if (!ready) {
		text_init();
		ready = 1;
	}
	if (size < 1)
		return 0;
	o.case_mode = (enum search_case)(data[0] % 3);
	o.ignore_accents = (data[0] & 4) != 0;
	k = 1 + (size_t)(data[0] >> 3) * (data[0] >> 3);
	data++;
	size--;
	pat = (const char *)data;
	nul = memchr(data, '\0', size);
	plen = nul != NULL ? (size_t)(nul - pat) : size;
	text = pat + plen + (nul != NULL);
	tlen = size - plen - (nul != NULL);

	p = search_compile(pat, plen, &o);
	empty = search_is_empty(p);
	unsliced(p, text, tlen, &flat, &all);
	sliced_count(p, text, tlen, k, &got);
	if (!same(&got, &flat))
		abort();
	search_free(p);
	/* The scan that skips to a pattern's ASCII bytes finds what the scan
	 * that looks at every character does. */
	p = search_compile(pat, plen, &o);
	search_plain(p);
	got.n = 0;
	sliced_count(p, text, tlen, tlen + 1, &got);
	if (!same(&got, &flat))
		abort();
	search_free(p);

	/* Each finder owns and frees its pattern. */
	if (tlen > 0 && !empty) {
		a = article_from_buffer("fuzz", text, tlen);
		walk(a, search_compile(pat, plen, &o), k, &flat, &all);
		/* the first step wraps: forward from after the last match,
		 * backward from the first; and backward from the end */
		after_last = all.n > 0 ? boundary(text, tlen, all.v[all.n - 1].s + 1)
				       : boundary(text, tlen, tlen / 3);
		first = all.n > 0 ? all.v[0].s : 0;
		go_round(a, search_compile(pat, plen, &o), k, &all, after_last, false);
		go_round(a, search_compile(pat, plen, &o), k, &all, first, true);
		go_round(a, search_compile(pat, plen, &o), k, &all, tlen, true);
		article_free(a);
	}

	free(flat.v);
	free(all.v);
	free(got.v);
	return 0;
}
