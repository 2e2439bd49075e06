/* read-md.c - the Markdown reader: md4c's callbacks write the document.
 *
 * md4c parses (CommonMark with tables, strikethrough, task lists and
 * permissive autolinks; raw HTML blocks are read as paragraphs and every
 * HTML tag is dropped, so the text between tags shows and the markup does
 * not).  Its callbacks arrive in source order; each block opens a builder
 * block when its first text arrives, so empty blocks leave no trace, and
 * the text of a tight list item (which md4c gives outside any paragraph)
 * opens a paragraph of its own.
 *
 * md4c's text pointers point into the bytes it was given, which are the
 * article's own from the end of the front matter on: the offset of a
 * pointer is the text's source offset.  A few strings are md4c's own (the
 * indentation of code, say): they, entities and the decorations the reader
 * adds map to the last source offset seen, so source offsets never go
 * backwards along the view.
 *
 * A table is gathered whole (each cell a list of the inline operations it
 * would have made), measured, and then laid out in columns when it fits
 * the width, or else shown as its source lines.
 */
#include "config.h"

#include <md4c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "doc.h"
#include "extlib.h"
#include "frontmatter.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

#define MD_FLAGS \
	(MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | \
	    MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_NOHTMLBLOCKS)

static const char *const bullets[] = { "\xE2\x80\xA2 ", "\xE2\x97\xA6 ", "\xE2\x96\xAA " };

#define SEPARATOR " \xE2\x94\x82 "                      /* " │ " between columns */
#define UNDERLINE "\xE2\x94\x80"                        /* "─" under the header */
#define CROSSING "\xE2\x94\x80\xE2\x94\xBC\xE2\x94\x80" /* "─┼─" */
#define QUOTE_BAR "\xE2\x94\x82 "                       /* "│ " */
#define REPLACEMENT "\xEF\xBF\xBD"

/* ---- entities ------------------------------------------------------------ */

struct entity {
	const char *name;
	uint32_t cp;
};

/* The named entities people write in Markdown; md4c ships no table. */
static const struct entity entities[] = {
	{ "amp", '&' },
	{ "lt", '<' },
	{ "gt", '>' },
	{ "quot", '"' },
	{ "apos", '\'' },
	{ "nbsp", 0xA0 },
	{ "copy", 0xA9 },
	{ "reg", 0xAE },
	{ "trade", 0x2122 },
	{ "hellip", 0x2026 },
	{ "mdash", 0x2014 },
	{ "ndash", 0x2013 },
	{ "lsquo", 0x2018 },
	{ "rsquo", 0x2019 },
	{ "ldquo", 0x201C },
	{ "rdquo", 0x201D },
	{ "laquo", 0xAB },
	{ "raquo", 0xBB },
	{ "middot", 0xB7 },
	{ "bull", 0x2022 },
	{ "deg", 0xB0 },
	{ "times", 0xD7 },
	{ "divide", 0xF7 },
	{ "euro", 0x20AC },
	{ "pound", 0xA3 },
	{ "yen", 0xA5 },
	{ "cent", 0xA2 },
	{ "sect", 0xA7 },
	{ "para", 0xB6 },
};

/* The code point of a numeric reference's digits s[0..n), or -1. */
static long
numeric_entity(const char *s, size_t n)
{
	int base = 10;
	long v = 0;

	if (n > 0 && (s[0] == 'x' || s[0] == 'X')) {
		base = 16;
		s++;
		n--;
	}
	if (n == 0 || n > 8)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int d = s[i] >= '0' && s[i] <= '9'             ? s[i] - '0'
		    : base == 16 && s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10
		    : base == 16 && s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10
							       : -1;
		if (d < 0)
			return -1;
		v = v * base + d;
	}
	/* As HTML does: NUL, surrogates and values out of range are U+FFFD. */
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = TEXT_REPLACEMENT;
	return v;
}

/* Decodes entity s[0..n) ("&amp;", "&#65;", "&#x41;") into out; returns
 * its length, or 0 for an entity this table does not know. */
static size_t
decode_entity(const char *s, size_t n, char out[4])
{
	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	if (s[1] == '#') {
		long cp = numeric_entity(s + 2, n - 3);
		return cp < 0 ? 0 : text_encode((uint32_t)cp, out);
	}
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (strlen(entities[i].name) == n - 2 &&
		    memcmp(entities[i].name, s + 1, n - 2) == 0)
			return text_encode(entities[i].cp, out);
	return 0;
}

/* ---- strings ------------------------------------------------------------- */

struct buf {
	char *s;
	size_t n, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	xgrow((void **)&b->s, &b->cap, b->n + n + 1, 1);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* An attribute of md4c (a link's target) decoded: entities replaced. */
static void
attribute_text(const MD_ATTRIBUTE *a, struct buf *out)
{
	char dec[4];

	for (unsigned i = 0; a->substr_offsets && a->substr_offsets[i] < a->size; i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		size_t k = 0;
		if (a->substr_types[i] == MD_TEXT_ENTITY)
			k = decode_entity(s, n, dec);
		if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_add(out, REPLACEMENT, 3);
		else if (k > 0)
			buf_add(out, dec, k);
		else
			buf_add(out, s, n);
	}
}

/* ---- the reader's state -------------------------------------------------- */

enum frame_kind { FR_LIST, FR_ITEM, FR_QUOTE };

/* An open container of md4c's: lists are the reader's own (their items
 * are the builder's containers), items and quotes the builder's too. */
struct frame {
	enum frame_kind kind;
	bool ordered, tight;
	bool lead_tight; /* its first block follows its parent without a gap */
	bool emitted;    /* a block of it was written */
	unsigned long long next;
	int digits;   /* of the widest number of an ordered list */
	size_t depth; /* of a list: how many lists are around it */
};

/* One inline operation of a table cell, replayed when the table is laid
 * out. */
enum op_kind { OP_TEXT, OP_PUSH, OP_POP, OP_LINK, OP_LINK_END };

struct op {
	enum op_kind kind;
	enum role role;
	char *s; /* owned: text or target */
	size_t len, src;
	bool copied;
};

struct cell {
	struct op *ops;
	size_t nops, cap;
	int width;
	MD_ALIGN align;
	bool head;
};

struct table {
	struct cell *cells;
	size_t ncells, cap;
	size_t *rows; /* index of each row's first cell */
	size_t nrows, rcap;
	unsigned cols;
	bool head;    /* rows now are header rows */
	size_t nhead; /* header rows */
	bool any_src; /* text seen: [src_lo, src_hi) holds it */
	size_t src_lo, src_hi;
	size_t last_before; /* the source offset before the table */
};

struct md {
	struct doc_builder *b;
	const char *buf; /* the whole article */
	size_t size;
	size_t body; /* where md4c starts: after the front matter */
	size_t last; /* source offsets never go below this */

	struct frame *frames;
	size_t nframes, fcap;

	/* a block waiting for its first text */
	bool pending, block_open;
	enum doc_block pend_kind;
	int pend_level;

	bool code;    /* inside a code block */
	bool code_nl; /* its last text ended with a '\n' held back */
	size_t code_nl_src;
	bool code_nl_copied;
	int image;            /* depth of images whose alt text is being read */
	int link;             /* depth of links: an autolink inside a link is not one */
	size_t nlinks;        /* links begun so far: the last one's number */
	unsigned char *spans; /* the styling spans open, innermost last */
	size_t nspans, spcap;

	struct table *table;
	bool in_cell;

	/* items of each ordered list, in order, counted by a first pass */
	size_t *ol_items;
	size_t nol, olcap, ol_seen;
	bool counted;
	size_t *ol_stack; /* for the counting pass */
	size_t nstack, scap;
};

static void spans_unwind(struct md *m);

/* The source offset of md4c text at p: its offset when it lies in the
 * article, else the last one; *copied is cleared when the text cannot
 * map byte for byte.  Keeps offsets from going backwards. */
static size_t
source_of(struct md *m, const char *p, size_t n, bool *copied)
{
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)m->buf;

	if (p && at >= base && n <= m->size && at - base <= m->size - n && at - base >= m->last) {
		size_t off = (size_t)(at - base);
		m->last = *copied ? off + n : off;
		return off;
	}
	*copied = false;
	return m->last;
}

/* ---- blocks -------------------------------------------------------------- */

static struct frame *
frame_push(struct md *m, enum frame_kind kind)
{
	xgrow((void **)&m->frames, &m->fcap, m->nframes + 1, sizeof *m->frames);
	struct frame *f = &m->frames[m->nframes++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	return f;
}

static struct frame *
frame_top(struct md *m, size_t below)
{
	return m->nframes > below ? &m->frames[m->nframes - 1 - below] : NULL;
}

/* Whether a block starting now would follow the one before without a
 * blank line: inside an item of a tight list, except at the list's start
 * when the list itself comes after a gap; at the start of a quote that
 * itself comes without one. */
static bool
would_be_tight(struct md *m)
{
	struct frame *top = frame_top(m, 0), *list = frame_top(m, 1);

	if (top && top->kind == FR_ITEM && list)
		return list->tight && (list->emitted || list->lead_tight);
	if (top && top->kind == FR_QUOTE)
		return !top->emitted && top->lead_tight;
	return false;
}

/* would_be_tight, for a block that starts: its containers have now shown
 * something. */
static bool
block_tight(struct md *m)
{
	struct frame *top = frame_top(m, 0), *list = frame_top(m, 1);
	bool t = would_be_tight(m);

	if (top && top->kind == FR_ITEM && list)
		list->emitted = true;
	if (top)
		top->emitted = true;
	return t;
}

static void
block_end(struct md *m)
{
	m->pending = false;
	m->block_open = false;
}

/* A block of kind that opens when its first text arrives. */
static void
block_expect(struct md *m, enum doc_block kind, int level)
{
	block_end(m);
	m->pending = true;
	m->pend_kind = kind;
	m->pend_level = level;
}

/* Makes sure a block is open for inline text. */
static void
block_need(struct md *m)
{
	if (m->block_open)
		return;
	if (!m->pending)
		block_expect(m, DOC_PARA, 0);
	docb_block(m->b, m->pend_kind, m->pend_level, block_tight(m));
	if (m->pend_kind == DOC_PRE && m->code)
		docb_push(m->b, ROLE_CODE);
	m->pending = false;
	m->block_open = true;
}

/* ---- inline operations, written or gathered into a table cell ----------- */

static struct cell *
cell_now(struct md *m)
{
	return m->table && m->in_cell && m->table->ncells ? &m->table->cells[m->table->ncells - 1]
							  : NULL;
}

static void
cell_op(struct cell *c, enum op_kind kind, enum role role, const char *s, size_t len, size_t src,
    bool copied)
{
	xgrow((void **)&c->ops, &c->cap, c->nops + 1, sizeof *c->ops);
	c->ops[c->nops++] = (struct op){ .kind = kind,
		.role = role,
		.s = s ? xstrndup(s, len) : NULL,
		.len = len,
		.src = src,
		.copied = copied };
}

static void
put_text(struct md *m, const char *s, size_t len, size_t src, bool copied)
{
	struct cell *c = cell_now(m);

	if (len == 0)
		return;
	if (c) {
		cell_op(c, OP_TEXT, ROLE_TEXT, s, len, src, copied);
		if (!m->table->any_src || src < m->table->src_lo)
			m->table->src_lo = src;
		if (!m->table->any_src || src + (copied ? len : 0) > m->table->src_hi)
			m->table->src_hi = src + (copied ? len : 0);
		m->table->any_src = true;
		return;
	}
	if (m->table)
		return;
	block_need(m);
	docb_text(m->b, s, len, src, copied);
}

/* Text that md4c gives at p, mapped to its source. */
static void
put_source(struct md *m, const char *p, size_t len)
{
	bool copied = true;
	size_t src = source_of(m, p, len, &copied);

	put_text(m, p, len, src, copied);
}

static void
put_push(struct md *m, enum role r)
{
	struct cell *c = cell_now(m);

	if (c) {
		cell_op(c, OP_PUSH, r, NULL, 0, 0, false);
	} else if (!m->table) {
		block_need(m);
		docb_push(m->b, r);
	}
}

static void
put_pop(struct md *m)
{
	struct cell *c = cell_now(m);

	if (c)
		cell_op(c, OP_POP, ROLE_TEXT, NULL, 0, 0, false);
	else if (!m->table)
		docb_pop(m->b);
}

static void
put_link(struct md *m, const char *target, size_t len)
{
	struct cell *c = cell_now(m);

	if (c) {
		m->nlinks++;
		cell_op(c, OP_LINK, ROLE_TEXT, target, len, 0, false);
	} else if (!m->table) {
		m->nlinks++;
		block_need(m);
		docb_link_begin(m->b, target, len);
	}
}

static void
put_link_end(struct md *m)
{
	struct cell *c = cell_now(m);

	if (c)
		cell_op(c, OP_LINK_END, ROLE_TEXT, NULL, m->nlinks, 0, false);
	else if (!m->table)
		docb_link_end(m->b);
}

static void
put_newline(struct md *m)
{
	if (m->table) {
		put_text(m, " ", 1, m->last, false);
		return;
	}
	block_need(m);
	docb_newline(m->b, m->last);
}

/* ---- tables -------------------------------------------------------------- */

static void
table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncells; i++) {
		for (size_t k = 0; k < t->cells[i].nops; k++)
			free(t->cells[i].ops[k].s);
		free(t->cells[i].ops);
	}
	free(t->cells);
	free(t->rows);
	free(t);
}

/* The columns a cell's text takes, as the builder will show it: with the
 * "[N]" after each link when it writes them (an OP_LINK_END's len is the
 * link's number). */
static int
cell_width(const struct md *m, const struct cell *c)
{
	struct buf raw = { 0 };
	int w;

	for (size_t k = 0; k < c->nops; k++) {
		const struct op *o = &c->ops[k];
		if (o->kind == OP_TEXT) {
			buf_add(&raw, o->s, o->len);
		} else if (o->kind == OP_LINK_END && docb_link_numbers(m->b)) {
			char num[32];
			int n = snprintf(num, sizeof num, "[%zu]", o->len);
			buf_add(&raw, num, (size_t)n);
		}
	}
	if (raw.n == 0)
		return 0;
	char *safe = article_safe_line(raw.s, raw.n);
	w = text_width(safe, strlen(safe));
	free(safe);
	free(raw.s);
	return w;
}

static void
replay(struct md *m, const struct cell *c)
{
	for (size_t k = 0; k < c->nops; k++) {
		const struct op *o = &c->ops[k];
		if (o->kind == OP_TEXT)
			docb_text(m->b, o->s, o->len, o->src, o->copied);
		else if (o->kind == OP_PUSH)
			docb_push(m->b, o->role);
		else if (o->kind == OP_POP)
			docb_pop(m->b);
		else if (o->kind == OP_LINK)
			docb_link_begin(m->b, o->s, o->len);
		else
			docb_link_end(m->b);
	}
}

static void
spaces(struct md *m, int n, size_t src)
{
	static const char sp[] = "                                ";

	for (; n > 0; n -= (int)sizeof sp - 1)
		docb_text(m->b, sp, n < (int)sizeof sp - 1 ? (size_t)n : sizeof sp - 1, src, false);
}

static void
decoration(struct md *m, const char *s, size_t src)
{
	docb_push(m->b, ROLE_RULE);
	docb_text(m->b, s, strlen(s), src, false);
	docb_pop(m->b);
}

/* The source offset just past a cell's text, or from when it has none:
 * where the padding after it maps. */
static size_t
cell_end(const struct cell *c, size_t from)
{
	for (size_t k = c->nops; k > 0; k--) {
		const struct op *o = &c->ops[k - 1];
		if (o->kind == OP_TEXT)
			return o->src + (o->copied ? o->len : 0);
	}
	return from;
}

/* One row: its cells padded to widths w and aligned, between separators;
 * the last column gets no trailing blanks. */
static void
table_row(struct md *m, const struct table *t, size_t r, const int *w, bool tight, size_t *src)
{
	size_t first = t->rows[r], end = r + 1 < t->nrows ? t->rows[r + 1] : t->ncells;

	docb_block(m->b, DOC_PRE, 0, tight);
	for (unsigned col = 0; col < t->cols; col++) {
		const struct cell *c = first + col < end ? &t->cells[first + col] : NULL;
		int gap = w[col] - (c ? c->width : 0), left = 0;
		if (c && c->align == MD_ALIGN_RIGHT)
			left = gap;
		else if (c && c->align == MD_ALIGN_CENTER)
			left = gap / 2;
		if (col > 0)
			decoration(m, SEPARATOR, *src);
		spaces(m, left, *src);
		if (c) {
			if (c->head)
				docb_push(m->b, ROLE_STRONG);
			replay(m, c);
			if (c->head)
				docb_pop(m->b);
			*src = cell_end(c, *src);
		}
		if (col + 1 < t->cols)
			spaces(m, gap - left, *src);
	}
}

static void
table_underline(struct md *m, const struct table *t, const int *w, size_t src)
{
	struct buf line = { 0 };

	docb_block(m->b, DOC_PRE, 0, true);
	for (unsigned col = 0; col < t->cols; col++) {
		if (col > 0)
			buf_add(&line, CROSSING, strlen(CROSSING));
		for (int i = 0; i < w[col]; i++)
			buf_add(&line, UNDERLINE, strlen(UNDERLINE));
	}
	decoration(m, line.s ? line.s : "", src);
	free(line.s);
}

/* Where the table's row starts in the source line holding offset at:
 * back over the blanks and the '|' before the first cell's text. */
static size_t
row_start(const struct md *m, size_t line, size_t at)
{
	while (at > line && (m->buf[at - 1] == ' ' || m->buf[at - 1] == '\t'))
		at--;
	if (at > line && m->buf[at - 1] == '|')
		at--;
	return at;
}

/* The table as its source lines, when its columns cannot fit.  The marks
 * of the containers around it (a quote's '>', an item's indentation) are
 * left out: the builder writes its own.  A later line loses up to as many
 * bytes as the first, and only blanks and '>'. */
static void
table_source(struct md *m, const struct table *t, bool tight)
{
	size_t line = t->src_lo, hi = t->src_hi;

	if (!t->any_src)
		return;
	while (line > t->last_before && m->buf[line - 1] != '\n')
		line--;
	while (hi < m->size && m->buf[hi] != '\n' && m->buf[hi] != '\r')
		hi++;
	size_t indent = row_start(m, line, t->src_lo) - line;
	docb_block(m->b, DOC_PRE, 0, tight);
	for (size_t at = line, next; at < hi; at = next) {
		const char *nl = memchr(m->buf + at, '\n', hi - at);
		size_t end = nl ? (size_t)(nl - m->buf) : hi, from = at;
		next = nl ? end + 1 : hi;
		if (end > at && m->buf[end - 1] == '\r')
			end--;
		if (at == line)
			from += indent;
		while (at != line && from < end && from - at < indent &&
		    (m->buf[from] == ' ' || m->buf[from] == '\t' || m->buf[from] == '>'))
			from++;
		if (at != line)
			docb_text(m->b, "\n", 1, at - 1, true);
		docb_text(m->b, m->buf + from, end - from, from, true);
	}
	if (hi > m->last)
		m->last = hi;
}

static void
table_emit(struct md *m, struct table *t)
{
	int *w = xcalloc(t->cols ? t->cols : 1, sizeof *w);
	long total = 0;
	bool tight = block_tight(m);
	size_t src = t->any_src ? t->src_lo : m->last;

	docb_depends_on_width(m->b);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t first = t->rows[r], end = r + 1 < t->nrows ? t->rows[r + 1] : t->ncells;
		for (unsigned col = 0; col < t->cols && first + col < end; col++)
			if (t->cells[first + col].width > w[col])
				w[col] = t->cells[first + col].width;
	}
	for (unsigned col = 0; col < t->cols; col++) {
		if (w[col] == 0)
			w[col] = 1;
		total += w[col] + (col > 0 ? 3 : 0);
	}
	if (t->cols == 0 || total > docb_columns(m->b)) {
		table_source(m, t, tight);
	} else {
		for (size_t r = 0; r < t->nrows; r++) {
			table_row(m, t, r, w, r == 0 ? tight : true, &src);
			if (r + 1 == t->nhead)
				table_underline(m, t, w, src);
		}
	}
	free(w);
}

static void
table_cell(struct md *m, const MD_BLOCK_TD_DETAIL *d)
{
	struct table *t = m->table;

	xgrow((void **)&t->cells, &t->cap, t->ncells + 1, sizeof *t->cells);
	t->cells[t->ncells++] =
	    (struct cell){ .align = d ? d->align : MD_ALIGN_DEFAULT, .head = t->head };
	m->in_cell = true;
}

static void
table_row_start(struct table *t)
{
	xgrow((void **)&t->rows, &t->rcap, t->nrows + 1, sizeof *t->rows);
	t->rows[t->nrows++] = t->ncells;
	if (t->head)
		t->nhead = t->nrows;
}

/* ---- ordered lists: how many items each has ------------------------------ */

static int
count_enter(MD_BLOCKTYPE type, void *detail, void *user)
{
	struct md *m = user;

	(void)detail;
	if (type == MD_BLOCK_OL || type == MD_BLOCK_UL) {
		xgrow((void **)&m->ol_stack, &m->scap, m->nstack + 1, sizeof *m->ol_stack);
		m->ol_stack[m->nstack++] = type == MD_BLOCK_OL ? m->nol : SIZE_MAX;
		if (type == MD_BLOCK_OL) {
			xgrow((void **)&m->ol_items, &m->olcap, m->nol + 1, sizeof *m->ol_items);
			m->ol_items[m->nol++] = 0;
		}
	} else if (type == MD_BLOCK_LI && m->nstack && m->ol_stack[m->nstack - 1] != SIZE_MAX) {
		m->ol_items[m->ol_stack[m->nstack - 1]]++;
	}
	return 0;
}

static int
count_leave(MD_BLOCKTYPE type, void *detail, void *user)
{
	struct md *m = user;

	(void)detail;
	if ((type == MD_BLOCK_OL || type == MD_BLOCK_UL) && m->nstack)
		m->nstack--;
	return 0;
}

static int
count_span(MD_SPANTYPE type, void *detail, void *user)
{
	(void)type;
	(void)detail;
	(void)user;
	return 0;
}

static int
count_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *user)
{
	(void)type;
	(void)s;
	(void)n;
	(void)user;
	return 0;
}

static const MD_PARSER counter = {
	.flags = MD_FLAGS,
	.enter_block = count_enter,
	.leave_block = count_leave,
	.enter_span = count_span,
	.leave_span = count_span,
	.text = count_text,
};

/* ---- md4c's block callbacks, one per block type -------------------------- */

static int
digits_of(unsigned long long v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static void
list_enter(struct md *m, bool ordered, bool tight, unsigned start)
{
	bool lead = would_be_tight(m);
	struct frame *f;

	block_end(m);
	size_t depth = 0;
	for (size_t i = m->nframes; i > 0; i--) {
		if (m->frames[i - 1].kind == FR_LIST) {
			depth = m->frames[i - 1].depth + 1;
			break;
		}
	}
	f = frame_push(m, FR_LIST);
	f->depth = depth;
	f->ordered = ordered;
	f->tight = tight;
	f->lead_tight = lead;
	f->next = start;
	if (ordered) {
		size_t items = m->ol_seen < m->nol ? m->ol_items[m->ol_seen] : 1;
		m->ol_seen++;
		f->digits = digits_of(start + (items ? items - 1 : 0));
	}
}

static int
on_ul(struct md *m, void *detail)
{
	const MD_BLOCK_UL_DETAIL *d = detail;

	list_enter(m, false, d->is_tight, 0);
	return 0;
}

static int
on_ol(struct md *m, void *detail)
{
	const MD_BLOCK_OL_DETAIL *d = detail;

	if (!m->counted) {
		m->counted = true;
		libmd4c.md_parse(m->buf + m->body, (MD_SIZE)(m->size - m->body), &counter, m);
	}
	list_enter(m, true, d->is_tight, d->start);
	return 0;
}

static int
on_li(struct md *m, void *detail)
{
	const MD_BLOCK_LI_DETAIL *d = detail;
	struct frame *list = frame_top(m, 0);
	char first[64], rest[64];
	int n;

	block_end(m);
	if (list && list->kind != FR_LIST)
		list = NULL;
	if (list && list->ordered)
		n = snprintf(first, sizeof first, "%*llu. ", list->digits, list->next++);
	else
		n = snprintf(first, sizeof first, "%s",
		    bullets[(list ? list->depth : 0) % (sizeof bullets / sizeof bullets[0])]);
	int cols = list && list->ordered ? n : 2;
	if (d && d->is_task) {
		snprintf(
		    first + n, sizeof first - (size_t)n, "[%c] ", d->task_mark == ' ' ? ' ' : 'x');
		cols += 4;
	}
	memset(rest, ' ', (size_t)cols);
	rest[cols] = '\0';
	frame_push(m, FR_ITEM);
	docb_open(m->b, first, rest, ROLE_MARKER);
	return 0;
}

static int
on_quote(struct md *m, void *detail)
{
	(void)detail;
	block_end(m);
	bool lead = would_be_tight(m);
	frame_push(m, FR_QUOTE)->lead_tight = lead;
	docb_open(m->b, QUOTE_BAR, QUOTE_BAR, ROLE_QUOTE);
	return 0;
}

static int
on_para(struct md *m, void *detail)
{
	(void)detail;
	block_expect(m, DOC_PARA, 0);
	return 0;
}

static int
on_heading(struct md *m, void *detail)
{
	const MD_BLOCK_H_DETAIL *d = detail;

	block_expect(m, DOC_HEADING, d ? (int)d->level : 1);
	return 0;
}

static int
on_code(struct md *m, void *detail)
{
	(void)detail;
	block_expect(m, DOC_PRE, 0);
	m->code = true;
	m->code_nl = false;
	return 0;
}

static int
on_rule(struct md *m, void *detail)
{
	(void)detail;
	block_end(m);
	docb_block(m->b, DOC_RULE, 0, block_tight(m));
	return 0;
}

static int
on_table(struct md *m, void *detail)
{
	const MD_BLOCK_TABLE_DETAIL *d = detail;

	block_end(m);
	table_free(m->table);
	m->table = xcalloc(1, sizeof *m->table);
	m->table->cols = d ? d->col_count : 0;
	m->table->last_before = m->last;
	return 0;
}

static int
on_thead(struct md *m, void *detail)
{
	(void)detail;
	if (m->table)
		m->table->head = true;
	return 0;
}

static int
on_tbody(struct md *m, void *detail)
{
	(void)detail;
	if (m->table)
		m->table->head = false;
	return 0;
}

static int
on_tr(struct md *m, void *detail)
{
	(void)detail;
	if (m->table)
		table_row_start(m->table);
	return 0;
}

static int
on_cell(struct md *m, void *detail)
{
	if (m->table && m->table->nrows)
		table_cell(m, detail);
	return 0;
}

static int (*const enter_block[])(struct md *, void *) = {
	[MD_BLOCK_QUOTE] = on_quote,
	[MD_BLOCK_UL] = on_ul,
	[MD_BLOCK_OL] = on_ol,
	[MD_BLOCK_LI] = on_li,
	[MD_BLOCK_HR] = on_rule,
	[MD_BLOCK_H] = on_heading,
	[MD_BLOCK_CODE] = on_code,
	[MD_BLOCK_HTML] = on_para,
	[MD_BLOCK_P] = on_para,
	[MD_BLOCK_TABLE] = on_table,
	[MD_BLOCK_THEAD] = on_thead,
	[MD_BLOCK_TBODY] = on_tbody,
	[MD_BLOCK_TR] = on_tr,
	[MD_BLOCK_TH] = on_cell,
	[MD_BLOCK_TD] = on_cell,
};

static int
md_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	struct md *m = user;

	spans_unwind(m);
	if ((size_t)type < sizeof enter_block / sizeof enter_block[0] && enter_block[type])
		return enter_block[type](m, detail);
	return 0;
}

static void
leave_container(struct md *m, bool builder)
{
	block_end(m);
	if (m->nframes) {
		m->nframes--;
		/* A list whose item showed only a nested list has shown something. */
		if (m->nframes && m->frames[m->nframes].emitted)
			m->frames[m->nframes - 1].emitted = true;
	}
	if (builder)
		docb_close(m->b);
}

static int
md_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	struct md *m = user;

	(void)detail;
	spans_unwind(m);
	if (type == MD_BLOCK_LI || type == MD_BLOCK_QUOTE) {
		leave_container(m, true);
	} else if (type == MD_BLOCK_UL || type == MD_BLOCK_OL) {
		leave_container(m, false);
	} else if (type == MD_BLOCK_TH || type == MD_BLOCK_TD) {
		struct cell *c = cell_now(m);
		if (c)
			c->width = cell_width(m, c);
		m->in_cell = false;
	} else if (type == MD_BLOCK_TABLE && m->table) {
		struct table *t = m->table;
		m->table = NULL;
		table_emit(m, t);
		table_free(t);
		block_end(m);
	} else if (type == MD_BLOCK_CODE) {
		if (m->block_open)
			docb_pop(m->b);
		m->code = false;
		m->code_nl = false;
		block_end(m);
	} else {
		block_end(m);
	}
	return 0;
}

/* ---- spans --------------------------------------------------------------- */

static void
link_enter(struct md *m, const MD_ATTRIBUTE *href)
{
	struct buf t = { 0 };

	attribute_text(href, &t);
	/* Permissive autolinks give the address as written. */
	if (t.n >= 4 && memcmp(t.s, "www.", 4) == 0) {
		struct buf full = { 0 };
		buf_add(&full, "http://", 7);
		buf_add(&full, t.s, t.n);
		free(t.s);
		t = full;
	}
	put_link(m, t.s ? t.s : "", t.n);
	free(t.s);
}

/* The role each styling span paints (ROLE_TEXT: none). */
static const enum role span_roles[] = {
	[MD_SPAN_EM] = ROLE_EMPHASIS,
	[MD_SPAN_STRONG] = ROLE_STRONG,
	[MD_SPAN_CODE] = ROLE_CODE,
	[MD_SPAN_DEL] = ROLE_STRIKE,
	[MD_SPAN_IMG] = ROLE_IMAGE,
};

static enum role
span_role(MD_SPANTYPE type)
{
	return (size_t)type < sizeof span_roles / sizeof span_roles[0] ? span_roles[type]
								       : ROLE_TEXT;
}

/* Closes the span on top of the stack: its role, and an image's bracket. */
static void
span_close(struct md *m)
{
	if (m->spans[--m->nspans] == MD_SPAN_IMG) {
		put_text(m, "]", 1, m->last, false);
		m->image = 0;
	}
	put_pop(m);
}

/* Closes whatever spans md4c left open: spans never cross blocks, and
 * md4c can leave a span it never entered (an emphasis mark swallowed by
 * an autolink), so the reader keeps its own stack and trusts only it. */
static void
spans_unwind(struct md *m)
{
	while (m->nspans > 0)
		span_close(m);
	if (m->link > 0)
		put_link_end(m);
	m->link = 0;
	m->image = 0;
}

static int
md_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
	struct md *m = user;
	enum role r = span_role(type);

	/* Inside an image only its alt text counts, plain. */
	if (m->image > 0) {
		m->image += type == MD_SPAN_IMG;
		return 0;
	}
	if (type == MD_SPAN_A && m->link++ == 0)
		link_enter(m, &((const MD_SPAN_A_DETAIL *)detail)->href);
	if (r == ROLE_TEXT)
		return 0;
	xgrow((void **)&m->spans, &m->spcap, m->nspans + 1, sizeof *m->spans);
	m->spans[m->nspans++] = (unsigned char)type;
	put_push(m, r);
	if (type == MD_SPAN_IMG) {
		m->image = 1;
		put_text(m, "[image: ", 8, m->last, false);
	}
	return 0;
}

static int
md_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
	struct md *m = user;

	(void)detail;
	if (m->image > 1 || (m->image == 1 && type != MD_SPAN_IMG)) {
		m->image -= type == MD_SPAN_IMG;
		return 0;
	}
	if (type == MD_SPAN_A && m->link > 0 && --m->link == 0)
		put_link_end(m);
	if (span_role(type) != ROLE_TEXT && m->nspans > 0 && m->spans[m->nspans - 1] == type)
		span_close(m);
	return 0;
}

/* ---- text ---------------------------------------------------------------- */

/* Whether raw HTML s[0..n) is a line break tag: <br>, <br/>, <br />. */
static bool
is_break_tag(const char *s, size_t n)
{
	static const char *const tags[] = { "<br>", "<br/>", "<br />" };

	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (strlen(tags[i]) == n && strncasecmp(tags[i], s, n) == 0)
			return true;
	return false;
}

/* Code text: a line end at its very end is held back until more code
 * follows, so the block does not end with an empty line. */
static void
code_text(struct md *m, const char *s, size_t n)
{
	if (m->code_nl) {
		m->code_nl = false;
		put_text(m, "\n", 1, m->code_nl_src, m->code_nl_copied);
	}
	if (n > 0 && s[n - 1] == '\n') {
		m->code_nl_copied = true;
		put_source(m, s, n - 1);
		m->code_nl_src = source_of(m, s + n - 1, 1, &m->code_nl_copied);
		m->code_nl = true;
		return;
	}
	put_source(m, s, n);
}

static void
entity_text(struct md *m, const char *s, size_t n)
{
	char dec[4];
	size_t k = decode_entity(s, n, dec);
	bool copied = true;
	size_t src = source_of(m, s, n, &copied);

	if (k > 0)
		put_text(m, dec, k, src, false);
	else
		put_text(m, s, n, src, copied);
}

static int
md_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *user)
{
	struct md *m = user;

	if (m->code && type == MD_TEXT_CODE)
		code_text(m, s, n);
	else if (type == MD_TEXT_ENTITY)
		entity_text(m, s, n);
	else if (type == MD_TEXT_NULLCHAR)
		put_text(m, REPLACEMENT, 3, m->last, false);
	else if (type == MD_TEXT_BR)
		put_newline(m);
	else if (type == MD_TEXT_SOFTBR)
		put_text(m, " ", 1, m->last, false);
	else if (type == MD_TEXT_HTML) {
		if (is_break_tag(s, n))
			put_newline(m);
	} else
		put_source(m, s, n);
	return 0;
}

static const MD_PARSER parser = {
	.flags = MD_FLAGS,
	.enter_block = md_enter_block,
	.leave_block = md_leave_block,
	.enter_span = md_enter_span,
	.leave_span = md_leave_span,
	.text = md_text,
};

/* ---- the row ------------------------------------------------------------- */

static void
front_matter_meta(struct doc_builder *b, const struct front_matter *fm)
{
	for (int f = 0; f < FRONT_NFIELDS; f++)
		if (fm->value[f])
			docb_meta(b, front_field_name(f), fm->value[f], fm->len[f]);
}

static bool
md_render(const struct article *a, struct doc_builder *b)
{
	struct front_matter fm;
	struct md m = { .b = b, .buf = a->data, .size = a->size };
	int r;

	if (front_matter_read(a->data, a->size, &fm))
		front_matter_meta(b, &fm);
	m.body = m.last = fm.body;
	r = libmd4c.md_parse(a->data + fm.body, (MD_SIZE)(a->size - fm.body), &parser, &m);
	front_matter_free(&fm);
	table_free(m.table);
	free(m.frames);
	free(m.ol_items);
	free(m.ol_stack);
	free(m.spans);
	return r == 0;
}

/* Markdown is told by its name; without one, only a front matter that
 * opens the file and gives a title says so. */
static bool
md_sniff(const char *head, size_t len)
{
	char *t = front_matter_title(head, len);
	bool yes = t != NULL;

	free(t);
	return yes;
}

static const char *const md_extensions[] = { "md", "markdown", "mkd", "mdown", "mkdn", "mdwn",
	NULL };

const struct reader reader_markdown = {
	.name = "markdown",
	.extensions = md_extensions,
	.sniff = md_sniff,
	.render = md_render,
	.title = front_matter_title,
	.load = libmd4c_load,
};
