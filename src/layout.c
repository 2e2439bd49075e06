#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unilbrk.h>

#include "article.h"
#include "layout.h"
#include "text.h"
#include "xmalloc.h"

/* Blocks kept laid out; a screen needs a handful, search and resize a few
 * more.  Each holds at most about LAYOUT_SEGMENT raw bytes. */
#define CACHE_BLOCKS 48
/* How far past a nominal segment boundary we look for a space. */
#define SEGMENT_SLACK 512

struct lline {
	uint32_t off; /* start in the block's sanitized text */
	uint32_t len; /* shown bytes (trailing spaces trimmed) */
	uint32_t raw; /* raw start, relative to the block start */
	int cols;
	unsigned flags;
};

struct block {
	size_t start, end; /* raw range; end == start only for an empty article */
	struct sanbuf sb;
	struct lline *lines;
	size_t nlines, cap;
	unsigned long stamp; /* 0: slot unused */
};

struct layout {
	const struct article *a;
	int width;
	struct block cache[CACHE_BLOCKS];
	unsigned long clock;
	size_t built;
	/* Scratch for the break tables of one piece. */
	char *brk;
	char *gb;
	size_t scratch_cap;
};

struct layout *
layout_create(const struct article *a, int width)
{
	struct layout *l = xcalloc(1, sizeof *l);

	l->a = a;
	l->width = width < 1 ? 1 : width;
	return l;
}

void
layout_free(struct layout *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < CACHE_BLOCKS; i++) {
		sanbuf_free(&l->cache[i].sb);
		free(l->cache[i].lines);
	}
	free(l->brk);
	free(l->gb);
	free(l);
}

int
layout_width(const struct layout *l)
{
	return l->width;
}

static bool
is_cont_byte(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Where the segment near absolute offset k * LAYOUT_SEGMENT begins: moved
 * forward to just after a space (or, failing that, to a character that
 * does not combine with the one before), so that any block can be found
 * from any position without looking further than a couple of segments. */
static size_t
segment_start(const char *d, size_t size, size_t k)
{
	size_t p, lim;

	if (k == 0)
		return 0;
	p = k * LAYOUT_SEGMENT;
	if (p >= size)
		return size;
	lim = p + SEGMENT_SLACK < size ? p + SEGMENT_SLACK : size;
	for (size_t q = p; q < lim; q++)
		if (d[q - 1] == ' ' && d[q] != ' ' && d[q] != '\n' &&
		    !is_cont_byte((unsigned char)d[q]) && (unsigned char)d[q] < 0xCC)
			return q;
	while (p < size && is_cont_byte((unsigned char)d[p]))
		p++;
	/* Skip zero-width code points (combining marks, joiners) so a base
	 * character keeps its marks. */
	while (p < size) {
		uint32_t cp;
		size_t n = text_decode(d + p, size - p, &cp);

		if (cp < 0x300 || text_cp_width(cp) != 0 || p + n >= size)
			break;
		p += n;
	}
	return p;
}

/* The raw range of the block holding pos (pos < size): its source line when
 * that is short, else the piece of it between two segment starts.  Line
 * ends are looked for only within WINDOW bytes, which is enough to tell a
 * short line from a long one and to clip a segment to its line, so a
 * 20 MB line costs no more than a short one. */
static void
block_bounds(struct layout *l, size_t pos, size_t *bs, size_t *be)
{
	const size_t WINDOW = 2 * LAYOUT_SEGMENT + SEGMENT_SLACK;
	const char *d = l->a->data, *p;
	size_t size = l->a->size, lo, hi, ls, le, k, s, e;
	bool have_ls, have_le;

	lo = pos > WINDOW ? pos - WINDOW : 0;
	p = pos > lo ? memrchr(d + lo, '\n', pos - lo) : NULL;
	have_ls = p != NULL || lo == 0;
	ls = p != NULL ? (size_t)(p - d) + 1 : lo;
	hi = size - pos > WINDOW ? pos + WINDOW : size;
	p = memchr(d + pos, '\n', hi - pos);
	have_le = p != NULL || hi == size;
	le = p != NULL ? (size_t)(p - d) + 1 : hi;
	if (have_ls && have_le && le - ls <= LAYOUT_SEGMENT + SEGMENT_SLACK) {
		*bs = ls;
		*be = le;
		return;
	}
	k = pos / LAYOUT_SEGMENT;
	s = segment_start(d, size, k);
	while (pos < s && k > 0)
		s = segment_start(d, size, --k);
	e = segment_start(d, size, k + 1);
	while (pos >= e) {
		k++;
		s = e;
		e = segment_start(d, size, k + 1);
	}
	*bs = have_ls && ls > s ? ls : s;
	*be = have_le && le < e ? le : e;
}

static void
add_line(struct block *b, size_t off, size_t len, unsigned flags)
{
	struct lline *ll;
	size_t raw = b->sb.map[off];

	/* A line must start past the previous one in raw bytes. */
	if (b->nlines > 0 && raw <= b->lines[b->nlines - 1].raw)
		return;
	if (b->nlines > 0 && raw >= b->end - b->start)
		return;
	xgrow((void **)&b->lines, &b->cap, b->nlines + 1, sizeof *b->lines);
	ll = &b->lines[b->nlines++];
	ll->off = (uint32_t)off;
	while (len > 0 && b->sb.text[off + len - 1] == ' ')
		len--;
	ll->len = (uint32_t)len;
	ll->raw = b->nlines == 1 ? 0 : (uint32_t)raw;
	ll->cols = (flags & DLINE_PLACEHOLDER) ? 1 : text_width(b->sb.text + off, len);
	ll->flags = flags;
}

/* The end of the display unit starting at i: a grapheme cluster, extended
 * over following clusters produced by the same raw byte (an expanded tab, a
 * "<U+XXXX>" form), which must stay on one line. */
static size_t
unit_end(const struct block *b, size_t ps, size_t n, const char *gb, size_t i)
{
	size_t j = i + 1;

	for (;;) {
		while (j < n && !gb[j])
			j++;
		if (j >= n || b->sb.map[ps + j] != b->sb.map[ps + i])
			return j;
		j++;
	}
}

static bool
all_spaces(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

/* Lays out a unit wider than the whole line: pieces at code points where
 * the raw offset advances, and a placeholder for any piece still too wide.
 * Returns the column reached on the last line. */
static int
split_unit(
    struct layout *l, struct block *b, size_t ps, size_t *ls, size_t i, size_t j, unsigned *flags)
{
	const char *s = b->sb.text + ps;
	int col = 0;
	size_t a = i;

	while (a < j) {
		size_t c = a;
		int w = 0;

		/* One piece: code points up to where the raw offset changes. */
		do {
			uint32_t cp;
			size_t n = text_decode(s + c, j - c, &cp);
			int cw = text_cp_width(cp);

			w += cw > 0 ? cw : 0;
			c += n;
		} while (c < j && b->sb.map[ps + c] == b->sb.map[ps + a]);
		if (w > l->width) {
			if (a > *ls)
				add_line(b, ps + *ls, a - *ls, *flags);
			*flags |= DLINE_CONTINUED;
			add_line(b, ps + a, c - a, *flags | DLINE_PLACEHOLDER);
			*ls = c;
			col = 0;
		} else if (col + w > l->width) {
			add_line(b, ps + *ls, a - *ls, *flags);
			*flags |= DLINE_CONTINUED;
			*ls = a;
			col = w;
		} else {
			col += w;
		}
		a = c;
	}
	return col;
}

/* Wraps one piece of sanitized text (no '\n' in it) into display lines. */
static void
wrap_piece(struct layout *l, struct block *b, size_t ps, size_t pe, unsigned flags)
{
	const char *s = b->sb.text + ps;
	size_t n = pe - ps, i = 0, ls = 0, last = 0;
	int col = 0, width = l->width;

	if (n == 0) {
		add_line(b, ps, 0, flags);
		return;
	}
	if (n > l->scratch_cap) {
		l->scratch_cap = n;
		l->brk = xreallocarray(l->brk, n, 1);
		l->gb = xreallocarray(l->gb, n, 1);
	}
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", l->brk);
	u8_grapheme_breaks((const uint8_t *)s, n, l->gb);
	while (i < n) {
		size_t j = unit_end(b, ps, n, l->gb, i);
		int w = text_width(s + i, j - i);

		if (i > ls && l->brk[i] != UC_BREAK_PROHIBITED)
			last = i;
		if (all_spaces(s + i, j - i) || col + w <= width) {
			col += w;
			i = j;
			continue;
		}
		if (last > ls) {
			add_line(b, ps + ls, last - ls, flags);
			flags |= DLINE_CONTINUED;
			i = ls = last;
			col = 0;
			continue;
		}
		if (i > ls) {
			add_line(b, ps + ls, i - ls, flags);
			flags |= DLINE_CONTINUED;
			ls = i;
			col = 0;
			continue;
		}
		col = split_unit(l, b, ps, &ls, i, j, &flags);
		i = j;
	}
	if (ls < n || b->nlines == 0)
		add_line(b, ps + ls, n - ls, flags);
}

/* Sanitizes and wraps the raw range [bs, be) into slot b. */
static void
build_block(struct layout *l, struct block *b, size_t bs, size_t be)
{
	const struct article *a = l->a;
	unsigned flags = 0;
	size_t ps = 0;

	b->start = bs;
	b->end = be;
	b->nlines = 0;
	article_sanitize(a->data + bs, be - bs, bs == 0, &b->sb);
	if (a->title_end > a->title_start && bs < a->title_end && be > a->title_start)
		flags |= DLINE_TITLE;
	for (size_t i = 0; i <= b->sb.len; i++) {
		if (i < b->sb.len && b->sb.text[i] != '\n')
			continue;
		wrap_piece(l, b, ps, i, flags);
		ps = i + 1;
	}
}

/* The cached block holding pos, laid out now if needed. */
static struct block *
get_block(struct layout *l, size_t pos)
{
	struct block *victim = &l->cache[0];
	size_t size = l->a->size, bs, be;

	if (pos >= size)
		pos = size > 0 ? size - 1 : 0;
	for (size_t i = 0; i < CACHE_BLOCKS; i++) {
		struct block *b = &l->cache[i];

		if (b->stamp != 0 &&
		    ((pos >= b->start && pos < b->end) || (size == 0 && b->start == 0))) {
			b->stamp = ++l->clock;
			return b;
		}
		if (b->stamp < victim->stamp)
			victim = b;
	}
	if (size == 0)
		bs = be = 0;
	else
		block_bounds(l, pos, &bs, &be);
	build_block(l, victim, bs, be);
	l->built++;
	victim->stamp = ++l->clock;
	return victim;
}

static void
fill(const struct block *b, size_t k, struct dline *out)
{
	const struct lline *ll = &b->lines[k];

	out->start = b->start + ll->raw;
	out->end = k + 1 < b->nlines ? b->start + b->lines[k + 1].raw : b->end;
	out->flags = ll->flags;
	out->cols = ll->cols;
	out->base = b->start;
	if (ll->flags & DLINE_PLACEHOLDER) {
		out->text = LAYOUT_PLACEHOLDER;
		out->len = sizeof LAYOUT_PLACEHOLDER - 1;
		out->map = NULL;
	} else {
		out->text = b->sb.text + ll->off;
		out->len = ll->len;
		out->map = b->sb.map + ll->off;
	}
}

/* Index of the line of b that holds pos. */
static size_t
line_index(const struct block *b, size_t pos)
{
	size_t lo = 0, hi = b->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->start + b->lines[mid].raw <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t
layout_blocks_built(const struct layout *l)
{
	return l->built;
}

void
layout_line_at(struct layout *l, size_t pos, struct dline *out)
{
	struct block *b = get_block(l, pos);

	if (pos >= l->a->size)
		fill(b, b->nlines - 1, out);
	else
		fill(b, line_index(b, pos), out);
}

bool
layout_next(struct layout *l, const struct dline *cur, struct dline *out)
{
	struct block *b;
	size_t k;

	if (cur->end >= l->a->size)
		return false;
	b = get_block(l, cur->start);
	k = line_index(b, cur->start);
	if (k + 1 < b->nlines) {
		fill(b, k + 1, out);
		return true;
	}
	b = get_block(l, b->end);
	fill(b, 0, out);
	return true;
}

bool
layout_prev(struct layout *l, const struct dline *cur, struct dline *out)
{
	struct block *b;
	size_t k;

	if (cur->start == 0)
		return false;
	b = get_block(l, cur->start);
	k = line_index(b, cur->start);
	if (k > 0) {
		fill(b, k - 1, out);
		return true;
	}
	b = get_block(l, b->start - 1);
	fill(b, b->nlines - 1, out);
	return true;
}

size_t
layout_move(struct layout *l, size_t pos, long n, long *moved)
{
	struct dline cur, next;
	long done = 0;

	layout_line_at(l, pos, &cur);
	while (done < n && layout_next(l, &cur, &next)) {
		cur = next;
		done++;
	}
	while (done > n && layout_prev(l, &cur, &next)) {
		cur = next;
		done--;
	}
	if (moved != NULL)
		*moved = done;
	return cur.start;
}
