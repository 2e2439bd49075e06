#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unilbrk.h>

#include "article.h"
#include "doc.h"
#include "layout.h"
#include "reader.h"
#include "reflow.h"
#include "text.h"
#include "timing.h"
#include "xmalloc.h"

/* Blocks kept laid out; a screen needs a handful, search and resize a few
 * more.  Each holds at most about a segment and its look-ahead of raw bytes. */
#define CACHE_BLOCKS 48
/* Long lines whose seams are remembered; a screen shows a few at most. */
#define LONG_LINES 16
/* Raw bytes past a wrapping decision that must lie inside the piece looked
 * at for the decision to be the one the whole line gives: the line-break
 * and grapheme rules look a character or two ahead, and the sanitizer's
 * last few bytes may belong to a sequence the piece cuts. */
#define SEAM_MARGIN 64
/* The most a block of a long line looks ahead for a display-line start
 * before it gives up and ends where a line would not. */
#define MAX_LOOK (64u << 10)

/* Internal lline flag, above the DLINE_* ones: the line starts where
 * UAX #14 allows a break (or after a hard break), not inside a word. */
#define LL_AT_BREAK (1u << 8)
#define DLINE_MASK 0xFFu

struct lline {
	uint32_t off; /* start in the block's sanitized text */
	uint32_t len; /* shown bytes (trailing spaces trimmed) */
	uint32_t raw; /* raw start, relative to the block start */
	uint32_t dec; /* raw end of what deciding this line's start looked at */
	int cols;
	unsigned flags;
};

struct block {
	size_t start, end; /* raw range; end == start only for an empty article */
	struct sanbuf sb;
	uint8_t *roles; /* a role per byte of sb.text, when styled */
	size_t roles_cap;
	bool styled;
	const char *lead; /* the lead of its wrapped rows (the document's
	                     hang, or leadbuf), lead_cols > 0; else NULL */
	size_t lead_len;
	int lead_cols;
	char *leadbuf; /* owned: a plain-text line's lead */
	size_t leadbuf_cap;
	struct lline *lines;
	size_t nlines, cap;
	unsigned long stamp; /* 0: slot unused */
};

/* Where a block of a long line starts: a display-line start of the whole
 * line's layout, with what the sanitizer and the wrapper carry over. */
struct seam {
	size_t pos;
	struct sanstate st;
	unsigned flags; /* DLINE_CONTINUED when the seam is inside a paragraph */
	size_t win;     /* raw end of the window the block before it was laid
	                   out from */
};

/* A source line longer than a segment, laid out block after block from its
 * start: block k is [seams[k].pos, seams[k + 1].pos). */
struct longline {
	size_t start;
	struct seam *seams; /* seams[0].pos == start; n >= 1 when in use */
	size_t n, cap;
	bool done;           /* seams[n - 1].pos is the end of the line */
	unsigned long stamp; /* 0: slot unused */
};

struct layout {
	const struct article *a;
	const struct doc *doc; /* NULL: no roles, no hangs */
	int width;
	int cont_width;          /* of wrapped lines in the block being built */
	size_t seg, slack, look; /* seg 0: every line is one block */
	struct block cache[CACHE_BLOCKS];
	struct longline longs[LONG_LINES];
	unsigned long clock;
	size_t built;
	/* Scratch for the break tables of one piece, and for re-sanitizing a
	 * block up to its seam to learn the state there. */
	char *brk;
	char *gb;
	size_t scratch_cap;
	struct sanbuf scratch;
	struct block warm; /* where layout_warm lays blocks out, off the cache */
	struct layout_options opts;
	bool plain;   /* the view is plain text: the options apply */
	int wrap;     /* the article's wrap width, 0 none, -1 not looked for */
	bool joining; /* paragraphs are joined: wrap > 0 and the reflow says so */
	bool nowrap;  /* the block being built is chopped, not wrapped */
};

struct layout *
layout_create_seamed(const struct article *a, int width, size_t segment)
{
	struct layout *l = xcalloc(1, sizeof *l);

	l->a = a;
	l->width = width < 1 ? 1 : width;
	l->cont_width = l->width;
	l->seg = segment;
	l->slack = segment / 32;
	/* The look-ahead grows when it holds no line start, so small test
	 * segments start with a small one. */
	l->look = segment / 8 + (segment < 256 ? 2 * segment : 512);
	return l;
}

struct layout *
layout_create(const struct article *a, int width)
{
	return layout_create_seamed(a, width, LAYOUT_SEGMENT);
}

void
layout_free(struct layout *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < CACHE_BLOCKS; i++) {
		sanbuf_free(&l->cache[i].sb);
		free(l->cache[i].lines);
		free(l->cache[i].roles);
		free(l->cache[i].leadbuf);
	}
	for (size_t i = 0; i < LONG_LINES; i++)
		free(l->longs[i].seams);
	sanbuf_free(&l->scratch);
	sanbuf_free(&l->warm.sb);
	free(l->warm.lines);
	free(l->warm.roles);
	free(l->warm.leadbuf);
	free(l->brk);
	free(l->gb);
	free(l);
}

struct layout *
layout_create_doc(const struct doc *d, int width)
{
	return layout_create_with(d, width, NULL);
}

struct layout *
layout_create_with(const struct doc *d, int width, const struct layout_options *o)
{
	struct layout *l = layout_create(d->view, width);

	l->doc = d;
	if (o != NULL)
		l->opts = *o;
	l->plain = !d->rendered;
	l->wrap = -1;
	return l;
}

int
layout_wrap_width(struct layout *l)
{
	if (l->wrap < 0) {
		const struct article *a = l->a;

		l->wrap = 0;
		if (l->plain && l->opts.reflow != LAYOUT_REFLOW_OFF)
			l->wrap = reflow_wrap_width(
			    a->data, a->size < REFLOW_SAMPLE ? a->size : REFLOW_SAMPLE);
		l->joining =
		    l->wrap > 0 && (l->opts.reflow == LAYOUT_REFLOW_ON || l->width < l->wrap);
	}
	return l->wrap;
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

/* Adds a line of sanitized text [off, off + len) starting at raw offset raw
 * (relative to the block) whose start was decided by looking up to
 * sanitized offset dec. */
static void
add_line_raw(struct block *b, size_t off, size_t len, unsigned flags, size_t raw, size_t dec)
{
	struct lline *ll;

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
	ll->dec = b->sb.map[dec < b->sb.len ? dec : b->sb.len];
	ll->cols = (flags & DLINE_PLACEHOLDER) ? 1 : text_width(b->sb.text + off, len);
	ll->flags = flags;
}

static void
add_line(struct block *b, size_t off, size_t len, unsigned flags, size_t dec)
{
	add_line_raw(b, off, len, flags, b->sb.map[off], dec);
}

/* Grapheme-cluster starts of s[0..n) (sanitized, no controls), as
 * u8_grapheme_breaks gives them: between two ASCII characters there is
 * always a boundary, so only the stretches around other characters are
 * handed to libunistring, each with the ASCII character on either side. */
static void
grapheme_breaks(const char *s, size_t n, char *gb)
{
	size_t i = 0;

	while (i < n) {
		size_t a, e;

		if ((unsigned char)s[i] < 0x80) {
			gb[i++] = 1;
			continue;
		}
		a = i > 0 ? i - 1 : 0;
		e = i;
		while (e < n &&
		    !((unsigned char)s[e] < 0x80 && (e + 1 >= n || (unsigned char)s[e + 1] < 0x80)))
			e++;
		if (e < n)
			e++;
		u8_grapheme_breaks((const uint8_t *)s + a, e - a, gb + a);
		i = e;
	}
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

/* Lays out a unit [i, j) wider than the whole line: pieces at code points
 * where the raw offset advances, and a placeholder for any piece still too
 * wide.  Returns the column reached on the last line. */
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
		if (w > l->cont_width) {
			if (a > *ls)
				add_line(b, ps + *ls, a - *ls, *flags, ps + j);
			*flags = (*flags | DLINE_CONTINUED) & ~LL_AT_BREAK;
			add_line(b, ps + a, c - a, *flags | DLINE_PLACEHOLDER, ps + j);
			*ls = c;
			col = 0;
		} else if (col + w > l->cont_width) {
			add_line(b, ps + *ls, a - *ls, *flags, ps + j);
			*flags = (*flags | DLINE_CONTINUED) & ~LL_AT_BREAK;
			*ls = a;
			col = w;
		} else {
			col += w;
		}
		a = c;
	}
	return col;
}

/* Wraps one piece of sanitized text [ps, pe) (no '\n' in it) into display
 * lines; its first line has flags. */
static void
wrap_piece(struct layout *l, struct block *b, size_t ps, size_t pe, unsigned flags)
{
	const char *s = b->sb.text + ps;
	size_t n = pe - ps, i = 0, ls = 0, last = 0, dec = ps;
	/* Wrapped lines leave room for their lead. */
	int col = 0,
	    width = l->nowrap           ? INT_MAX / 2
	    : (flags & DLINE_CONTINUED) ? l->cont_width
					: l->width;

	if (n == 0) {
		add_line(b, ps, 0, flags, dec);
		return;
	}
	if (n > l->scratch_cap) {
		l->scratch_cap = n;
		l->brk = xreallocarray(l->brk, n, 1);
		l->gb = xreallocarray(l->gb, n, 1);
	}
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", l->brk);
	grapheme_breaks(s, n, l->gb);
	while (i < n) {
		size_t j = unit_end(b, ps, n, l->gb, i);
		int w = j == i + 1 && (unsigned char)s[i] < 0x80 ? 1 : text_width(s + i, j - i);

		if (i > ls && l->brk[i] != UC_BREAK_PROHIBITED)
			last = i;
		if (all_spaces(s + i, j - i) || col + w <= width) {
			col += w;
			i = j;
			continue;
		}
		if (last > ls) {
			add_line(b, ps + ls, last - ls, flags, dec);
			flags = DLINE_CONTINUED | LL_AT_BREAK;
			i = ls = last;
			dec = ps + j;
			col = 0;
			width = l->cont_width;
			continue;
		}
		if (i > ls) {
			add_line(b, ps + ls, i - ls, flags, dec);
			flags = DLINE_CONTINUED;
			ls = i;
			dec = ps + j;
			col = 0;
			width = l->cont_width;
			continue;
		}
		col = split_unit(l, b, ps, &ls, i, j, &flags);
		if (flags & DLINE_CONTINUED)
			width = l->cont_width;
		dec = ps + j;
		i = j;
		/* After a placeholder the new line would start with the spaces
		 * that follow it: they stay with the placeholder, unseen, as
		 * spaces do wherever a line wraps. */
		while (col == 0 && ls == i && i < n) {
			size_t k = unit_end(b, ps, n, l->gb, i);

			if (!all_spaces(s + i, k - i))
				break;
			ls = i = k;
		}
	}
	if (ls < n || b->nlines == 0)
		add_line(b, ps + ls, n - ls, flags, dec);
}

/* Roles for b's sanitized text: the document's runs, or in plain text
 * its URLs. */
static void
style_block(const struct layout *l, struct block *b)
{
	const struct doc *d = l->doc;
	size_t n = b->sb.len;

	b->styled = false;
	if (d == NULL || n == 0)
		return;
	if (d->rendered && d->nruns == 0)
		return;
	if (n > b->roles_cap) {
		b->roles = xreallocarray(b->roles, n, 1);
		b->roles_cap = n;
	}
	if (d->rendered) {
		size_t end = 0;
		enum role r = ROLE_TEXT;

		for (size_t i = 0; i < n; i++) {
			size_t pos = b->start + b->sb.map[i];

			if (i == 0 || pos >= end || pos < b->start + b->sb.map[i - 1])
				r = doc_role_at(d, pos, &end);
			b->roles[i] = (uint8_t)r;
			if (r != ROLE_TEXT)
				b->styled = true;
		}
		return;
	}
	{
		size_t from = 0, us, ue;

		while (from < n && text_find_url(b->sb.text, n, from, &us, &ue)) {
			if (!b->styled)
				memset(b->roles, ROLE_TEXT, n);
			b->styled = true;
			memset(b->roles + us, ROLE_LINK, ue - us);
			from = ue > us ? ue : us + 1;
		}
	}
}

/* Gives b the lead s[0..prefix) then spaces more blanks, cols wide in
 * all, when it leaves the text room enough (else none). */
static void
put_lead(
    const struct layout *l, struct block *b, const char *s, size_t prefix, int spaces, int cols)
{
	b->lead = NULL;
	b->lead_len = 0;
	b->lead_cols = 0;
	if (cols <= 0 || cols > REFLOW_MAX_LEAD || cols > l->width / 2)
		return;
	xgrow((void **)&b->leadbuf, &b->leadbuf_cap, prefix + (size_t)spaces + 1, 1);
	memcpy(b->leadbuf, s, prefix);
	memset(b->leadbuf + prefix, ' ', (size_t)spaces);
	b->lead = b->leadbuf;
	b->lead_len = prefix + (size_t)spaces;
	b->lead_cols = cols;
}

/* The lead of the wrapped rows of the block of source line line: the
 * document's hang, or in plain text (with hang on) the line's indent and
 * list marker; and the width those rows wrap at. */
static void
set_lead(struct layout *l, struct block *b, size_t line)
{
	const struct doc_hang *h = l->doc != NULL ? doc_hang_at(l->doc, line) : NULL;

	b->lead = NULL;
	b->lead_len = 0;
	b->lead_cols = 0;
	if (h != NULL && l->width - h->lead_cols >= 1) {
		b->lead = h->lead;
		b->lead_len = h->lead_len;
		b->lead_cols = h->lead_cols;
	} else if (h == NULL && l->plain && l->opts.hang && !l->nowrap) {
		const char *d = l->a->data + line;
		size_t n = l->a->size - line, pl;
		const char *nl;
		int sp, cols;

		/* A lead is a few dozen bytes: no need to look further. */
		if (n > 256)
			n = 256;
		nl = memchr(d, '\n', n);
		if (nl != NULL)
			n = (size_t)(nl - d);
		cols = reflow_lead(d, n, &pl, &sp);
		put_lead(l, b, d, pl, sp, cols);
	}
	l->cont_width = l->width - b->lead_cols;
}

/* Lays the joined paragraph p out into slot b: its lines sanitized one by
 * one and joined by a space that stands for the line end, the prefix of
 * each line after the first left out, and the whole wrapped as one line
 * whose rows after the first show that prefix as their lead. */
static void
build_para(struct layout *l, struct block *b, const struct reflow_para *p)
{
	const char *d = l->a->data;
	struct sanbuf *sb = &b->sb;
	size_t ls = p->start;

	b->start = p->start;
	b->end = p->end;
	b->nlines = 0;
	sb->len = 0;
	while (ls < p->end) {
		const char *nl = memchr(d + ls, '\n', p->end - ls);
		size_t le = nl != NULL ? (size_t)(nl - d) : p->end, te = le, from;
		size_t need;

		if (te > ls && d[te - 1] == '\r')
			te--;
		from = ls == p->start ? ls : ls + p->prefix_len;
		article_sanitize_from(d + from, te - from, from == 0, NULL, &l->scratch);
		need = sb->len + l->scratch.len + 2;
		if (need > sb->cap) {
			size_t cap = sb->cap;

			xgrow((void **)&sb->text, &cap, need, 1);
			sb->map = xreallocarray(sb->map, cap, sizeof *sb->map);
			sb->cap = cap;
		}
		if (ls > p->start) {
			/* The joining space stands for the line end before it. */
			sb->text[sb->len] = ' ';
			sb->map[sb->len++] = (uint32_t)(ls - 1 - p->start);
		}
		memcpy(sb->text + sb->len, l->scratch.text, l->scratch.len);
		for (size_t i = 0; i < l->scratch.len; i++)
			sb->map[sb->len + i] = l->scratch.map[i] + (uint32_t)(from - p->start);
		sb->len += l->scratch.len;
		ls = le + 1;
	}
	sb->text[sb->len] = '\0';
	sb->map[sb->len] = (uint32_t)(p->end - p->start);
	{
		/* The lead is the prefix of the paragraph's second line. */
		const char *nl = memchr(d + p->start, '\n', p->end - p->start);

		put_lead(l, b, nl + 1, p->prefix_len, 0, p->prefix_cols);
	}
	l->cont_width = l->width - b->lead_cols;
	style_block(l, b);
	wrap_piece(l, b, 0, sb->len, 0);
	for (size_t i = 0; i < b->nlines; i++)
		b->lines[i].flags |= DLINE_JOINED;
}

/* Marks the rows of b chopped: each a whole line (or the piece of one
 * before a hard break), scrolled sideways as one. */
static void
mark_chopped(struct block *b)
{
	for (size_t i = 0; i < b->nlines; i++)
		b->lines[i].flags |= DLINE_CHOPPED;
}

/* Sanitizes raw [bs, be) from state st and wraps it into slot b, its first
 * line with flags.  A hard break right before the raw line end gives an
 * empty line of its own, which stands for the line end. */
static void
build_block(struct layout *l, struct block *b, size_t bs, size_t be, struct sanstate *st,
    unsigned flags, size_t line)
{
	const struct article *a = l->a;
	size_t ps = 0;

	b->start = bs;
	b->end = be;
	b->nlines = 0;
	article_sanitize_from(a->data + bs, be - bs, bs == 0, st, &b->sb);
	set_lead(l, b, line);
	if (l->nowrap)
		l->cont_width = INT_MAX / 2;
	style_block(l, b);
	for (size_t i = 0; i <= b->sb.len; i++) {
		if (i < b->sb.len && b->sb.text[i] != '\n')
			continue;
		if (i == b->sb.len && i == ps && i > 0 && be > bs && a->data[be - 1] == '\n') {
			size_t le = be - 1 - bs;

			if (le > 0 && a->data[be - 2] == '\r')
				le--;
			add_line_raw(b, ps, 0, flags | LL_AT_BREAK, le, ps);
			break;
		}
		wrap_piece(l, b, ps, i, flags);
		flags = LL_AT_BREAK;
		ps = i + 1;
	}
}

/* The end of the source line that holds pos: the byte after its '\n', or
 * the article's end. */
static size_t
line_end(const struct article *a, size_t pos)
{
	const char *p = memchr(a->data + pos, '\n', a->size - pos);

	return p != NULL ? (size_t)(p - a->data) + 1 : a->size;
}

static size_t
line_start(const struct article *a, size_t pos)
{
	const char *p = pos > 0 ? memrchr(a->data, '\n', pos) : NULL;

	return p != NULL ? (size_t)(p - a->data) + 1 : 0;
}

/* Whether pos is in the short source line [*ls, *le), found by looking no
 * further than a couple of segments either way, so that a 20 MB line costs
 * no more than a short one. */
static bool
short_line(const struct layout *l, size_t pos, size_t *ls, size_t *le)
{
	const size_t window = 2 * l->seg + l->slack;
	const char *d = l->a->data, *p;
	size_t size = l->a->size, lo, hi;

	lo = pos > window ? pos - window : 0;
	p = pos > lo ? memrchr(d + lo, '\n', pos - lo) : NULL;
	if (p == NULL && lo > 0)
		return false;
	*ls = p != NULL ? (size_t)(p - d) + 1 : 0;
	hi = size - pos > window ? pos + window : size;
	p = memchr(d + pos, '\n', hi - pos);
	if (p == NULL && hi < size)
		return false;
	*le = p != NULL ? (size_t)(p - d) + 1 : size;
	return *le - *ls <= l->seg + l->slack;
}

/* The record of the long line holding pos, made (from the line's start)
 * when there is none. */
static struct longline *
long_line(struct layout *l, size_t pos)
{
	const struct article *a = l->a;
	struct longline *victim = &l->longs[0], *ll;

	for (size_t i = 0; i < LONG_LINES; i++) {
		ll = &l->longs[i];
		if (ll->stamp != 0 && pos >= ll->start) {
			size_t last = ll->seams[ll->n - 1].pos;

			if (pos < last ||
			    (!ll->done && memchr(a->data + last, '\n', pos - last) == NULL)) {
				ll->stamp = ++l->clock;
				return ll;
			}
		}
		if (ll->stamp < victim->stamp)
			victim = ll;
	}
	ll = victim;
	ll->start = line_start(a, pos);
	xgrow((void **)&ll->seams, &ll->cap, 1, sizeof *ll->seams);
	memset(&ll->seams[0], 0, sizeof ll->seams[0]);
	ll->seams[0].pos = ll->start;
	ll->n = 1;
	ll->done = false;
	ll->stamp = ++l->clock;
	return ll;
}

/* Where a block of a long line that no line start ends in reach must end:
 * past the middle of the look-ahead, at a code point that is not a
 * combining mark and not a space, so the next block starts as a line
 * would. */
static size_t
forced_seam(const struct article *a, size_t from, size_t lim)
{
	size_t p = from;

	while (p < lim && is_cont_byte((unsigned char)a->data[p]))
		p++;
	while (p < lim) {
		uint32_t cp;
		size_t n = text_decode(a->data + p, lim - p, &cp);

		if (cp != ' ' && (cp < 0x300 || text_cp_width(cp) != 0))
			break;
		p += n;
	}
	return p;
}

/* Keeps the lines of b that start before raw offset cut (relative). */
static void
keep_before(struct block *b, size_t cut)
{
	size_t m = 0;

	while (m < b->nlines && b->lines[m].raw < cut)
		m++;
	b->nlines = m;
	b->end = b->start + cut;
}

static void
add_seam(struct longline *ll, struct seam s)
{
	xgrow((void **)&ll->seams, &ll->cap, ll->n + 1, sizeof *ll->seams);
	ll->seams[ll->n++] = s;
}

/* The first display line of b past a segment whose start was decided by
 * bytes all inside the raw window [b->start, we), preferring one at a break
 * opportunity; 0 when there is none. */
static size_t
pick_cut(const struct layout *l, const struct block *b, size_t we)
{
	size_t any = 0;

	for (size_t m = 1; m < b->nlines; m++) {
		const struct lline *x = &b->lines[m];

		if (x->raw < l->seg || x->dec + SEAM_MARGIN > we - b->start)
			continue;
		if (x->flags & LL_AT_BREAK)
			return m;
		if (any == 0)
			any = m;
	}
	return any;
}

/* Lays out block k of long line ll into slot b.  A known block is laid out
 * again from the same raw window as the first time, so it gets the same
 * lines.  A new one looks at a segment and a look-ahead past its seam (or
 * up to the line's end, which ends the line); it ends at the first display
 * line that pick_cut finds, the look-ahead growing when none is in reach,
 * and the seam there is recorded with the sanitizer's state. */
static void
build_long(struct layout *l, struct block *b, struct longline *ll, size_t k)
{
	const struct article *a = l->a;
	const struct seam *sm = &ll->seams[k];
	size_t bs = sm->pos, look, f;
	struct sanstate st;

	if (k + 1 < ll->n) {
		st = sm->st;
		build_block(l, b, bs, ll->seams[k + 1].win, &st, sm->flags, ll->start);
		keep_before(b, ll->seams[k + 1].pos - bs);
		return;
	}
	for (look = l->look;; look *= 4) {
		size_t we, m;
		const char *nl;
		struct seam next = { .st = sm->st };

		if (look > MAX_LOOK)
			look = MAX_LOOK;
		we = a->size - bs > l->seg + look ? bs + l->seg + look : a->size;
		nl = memchr(a->data + bs, '\n', we - bs);
		if (nl != NULL)
			we = (size_t)(nl - a->data) + 1;
		st = sm->st;
		build_block(l, b, bs, we, &st, sm->flags, ll->start);
		if (nl != NULL || we == a->size) {
			add_seam(ll, (struct seam){ .pos = we, .win = we });
			ll->done = true;
			return;
		}
		m = pick_cut(l, b, we);
		if (m != 0) {
			next.pos = bs + b->lines[m].raw;
			next.win = we;
			next.flags = b->lines[m].flags & DLINE_CONTINUED;
			article_sanitize_from(
			    a->data + bs, next.pos - bs, bs == 0, &next.st, &l->scratch);
			keep_before(b, next.pos - bs);
			add_seam(ll, next);
			return;
		}
		if (look == MAX_LOOK)
			break;
	}
	f = forced_seam(a, bs + l->seg + l->look / 2, bs + l->seg + MAX_LOOK);
	st = sm->st;
	build_block(l, b, bs, f, &st, sm->flags, ll->start);
	add_seam(ll, (struct seam){ .pos = f, .win = f, .st = st, .flags = DLINE_CONTINUED });
}

/* The least recently used cache slot, taken for a new block. */
static struct block *
take_slot(struct layout *l)
{
	struct block *victim = &l->cache[0];

	for (size_t i = 1; i < CACHE_BLOCKS; i++)
		if (l->cache[i].stamp < victim->stamp)
			victim = &l->cache[i];
	l->built++;
	victim->stamp = ++l->clock;
	return victim;
}

/* The cached block holding pos, laid out now if needed.  A block of a long
 * line needs the seams before it, so reaching far into a long line lays
 * out what comes before it in that line, once for each layout. */
static struct block *
get_block(struct layout *l, size_t pos)
{
	size_t size = l->a->size, bs, be, k;
	struct longline *ll;
	struct block *b;

	if (pos >= size)
		pos = size > 0 ? size - 1 : 0;
	for (size_t i = 0; i < CACHE_BLOCKS; i++) {
		b = &l->cache[i];
		if (b->stamp != 0 &&
		    ((pos >= b->start && pos < b->end) || (size == 0 && b->start == 0))) {
			b->stamp = ++l->clock;
			return b;
		}
	}
	if (l->plain && size > 0 && layout_wrap_width(l) > 0 && l->joining) {
		struct reflow_para para;

		if (reflow_find(l->a->data, size, pos, l->wrap, &para)) {
			b = take_slot(l);
			build_para(l, b, &para);
			return b;
		}
	}
	if (size == 0 || l->seg == 0 || short_line(l, pos, &bs, &be)) {
		if (size == 0)
			bs = be = 0;
		else if (l->seg == 0)
			bs = line_start(l->a, pos), be = line_end(l->a, pos);
		b = take_slot(l);
		l->nowrap = l->opts.chop && (l->plain || doc_line_pre(l->doc, bs));
		build_block(l, b, bs, be, NULL, 0, bs);
		if (l->nowrap)
			mark_chopped(b);
		l->nowrap = false;
		return b;
	}
	ll = long_line(l, pos);
	for (;;) {
		size_t lo = 0, hi = ll->n - 1;

		/* The block k with seams[k].pos <= pos < seams[k + 1].pos. */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (ll->seams[mid].pos <= pos)
				lo = mid;
			else
				hi = mid;
		}
		k = ll->n > 1 && pos >= ll->seams[ll->n - 1].pos ? ll->n - 1 : lo;
		if (k + 1 < ll->n || ll->done) {
			b = take_slot(l);
			build_long(l, b, ll, k);
			return b;
		}
		/* Past the last known seam: lay the next block out, which finds
		 * the seam after it. */
		b = take_slot(l);
		build_long(l, b, ll, k);
		if (pos < b->end || ll->done)
			return b;
	}
}
static void
fill(const struct layout *l, const struct block *b, size_t k, struct dline *out)
{
	const struct lline *ll = &b->lines[k];
	const struct article *a = l->a;

	out->start = b->start + ll->raw;
	out->end = k + 1 < b->nlines ? b->start + b->lines[k + 1].raw : b->end;
	out->flags = ll->flags & DLINE_MASK;
	if (a->title_end > a->title_start && out->start < a->title_end && out->end > a->title_start)
		out->flags |= DLINE_TITLE;
	out->cols = ll->cols;
	out->base = b->start;
	out->roles = NULL;
	if (ll->flags & DLINE_PLACEHOLDER) {
		out->text = LAYOUT_PLACEHOLDER;
		out->len = sizeof LAYOUT_PLACEHOLDER - 1;
		out->map = NULL;
	} else {
		out->text = b->sb.text + ll->off;
		out->len = ll->len;
		out->map = b->sb.map + ll->off;
		if (b->styled)
			out->roles = b->roles + ll->off;
	}
	out->lead = NULL;
	out->lead_len = 0;
	out->lead_cols = 0;
	if ((ll->flags & DLINE_CONTINUED) && b->lead != NULL) {
		out->lead = b->lead;
		out->lead_len = b->lead_len;
		out->lead_cols = b->lead_cols;
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

/* The index of the document link holding view offset pos, or -1. */
static long
doc_link_at(const struct doc *d, size_t pos)
{
	size_t lo = 0, hi = d->nlinks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->links[mid].start <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && pos < d->links[lo - 1].end)
		return (long)lo - 1;
	return -1;
}

static void
add_dlink(struct dlink **v, size_t *n, size_t *cap, struct dlink k)
{
	xgrow((void **)v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = k;
}

/* Whether any byte of d shows in role ROLE_LINK. */
static bool
has_link_role(const struct dline *d)
{
	if (d->roles == NULL)
		return false;
	return memchr(d->roles, ROLE_LINK, d->len) != NULL;
}

size_t
layout_links(const struct layout *l, const struct dline *d, struct dlink **out)
{
	struct dlink *v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (d->map == NULL || d->len == 0 || l->doc == NULL)
		return 0;
	if (l->doc->rendered) {
		for (size_t i = 0; i < d->len;) {
			long k = doc_link_at(l->doc, d->base + d->map[i]);
			size_t j = i + 1;

			if (k < 0) {
				i++;
				continue;
			}
			while (j < d->len && doc_link_at(l->doc, d->base + d->map[j]) == k)
				j++;
			add_dlink(&v, &n, &cap,
			    (struct dlink){ .from = i,
				.to = j,
				.n = (unsigned long)k + 1,
				.whole = l->doc->links[k].start >= d->start &&
				    l->doc->links[k].end <= d->end,
				.target = xstrdup(l->doc->links[k].target) });
			i = j;
		}
		*out = v;
		return n;
	}
	if (!has_link_role(d))
		return 0;
	for (size_t i = 0; i < CACHE_BLOCKS; i++) {
		const struct block *b = &l->cache[i];
		size_t off, from = 0, us, ue;

		if (b->stamp == 0 || d->text < b->sb.text || d->text >= b->sb.text + b->sb.len)
			continue;
		off = (size_t)(d->text - b->sb.text);
		/* URLs are found in the block's text as the styling found them,
		 * so a URL cut over lines is one link. */
		while (
		    from < off + d->len && text_find_url(b->sb.text, b->sb.len, from, &us, &ue)) {
			if (us >= off + d->len)
				break;
			if (ue > off)
				add_dlink(&v, &n, &cap,
				    (struct dlink){ .from = us > off ? us - off : 0,
					.to = (ue < off + d->len ? ue : off + d->len) - off,
					.n = (unsigned long)(b->start + b->sb.map[us]) + 1,
					.whole = us >= off && ue <= off + d->len,
					.target = xstrndup(b->sb.text + us, ue - us) });
			from = ue > us ? ue : us + 1;
		}
		break;
	}
	*out = v;
	return n;
}

void
layout_links_free(struct dlink *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].target);
	free(v);
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
		fill(l, b, b->nlines - 1, out);
	else
		fill(l, b, line_index(b, pos), out);
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
		fill(l, b, k + 1, out);
		return true;
	}
	b = get_block(l, b->end);
	fill(l, b, 0, out);
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
		fill(l, b, k - 1, out);
		return true;
	}
	b = get_block(l, b->start - 1);
	fill(l, b, b->nlines - 1, out);
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

bool
layout_warm(struct layout *l, size_t pos, long budget_us)
{
	long deadline = timing_now_us() + budget_us;
	struct longline *ll;
	size_t bs, be;

	if (l->a->size == 0 || l->seg == 0)
		return false;
	if (pos >= l->a->size)
		pos = l->a->size - 1;
	if (short_line(l, pos, &bs, &be))
		return false;
	ll = long_line(l, pos);
	while (!ll->done) {
		build_long(l, &l->warm, ll, ll->n - 1);
		if (timing_now_us() >= deadline)
			break;
	}
	return !ll->done;
}

bool
layout_hcut(const struct dline *in, int skip, int cols, struct dline *out)
{
	static const char blanks[] = "        ";
	const uint8_t *s = (const uint8_t *)in->text, *end = s + in->len, *p = s;
	int col = 0, pad = 0, used;
	size_t i, fit;

	*out = *in;
	out->lead = NULL;
	out->lead_len = 0;
	out->lead_cols = 0;
	if (cols < 1)
		cols = 1;
	while (p < end && skip > 0) {
		const uint8_t *q = u8_grapheme_next(p, end);
		int w = text_width((const char *)p, (size_t)(q - p));

		if (col + w > skip) {
			/* A cluster cut by the left edge is not shown in part. */
			pad = col + w - skip;
			if (pad > (int)sizeof blanks - 1)
				pad = (int)sizeof blanks - 1;
			p = q;
			break;
		}
		col += w;
		p = q;
		if (col == skip)
			break;
	}
	i = (size_t)(p - s);
	out->text = in->text + i;
	out->len = in->len - i;
	if (in->map != NULL)
		out->map = in->map + i;
	if (in->roles != NULL)
		out->roles = in->roles + i;
	if (pad > cols)
		pad = cols;
	if (pad > 0) {
		out->lead = blanks;
		out->lead_len = (size_t)pad;
		out->lead_cols = pad;
	}
	out->cols = text_width(out->text, out->len);
	if (pad + out->cols <= cols)
		return false;
	fit = text_fit(out->text, out->len, cols - pad - 1 > 0 ? cols - pad - 1 : 0, &used);
	out->len = fit;
	out->cols = used;
	return true;
}
