/* read-term.c - text written for a terminal: overstrike and SGR styles.
 *
 * What man pages, pagers and colouring tools leave in a file when their
 * output is saved: nroff's overstrike ("X\bX" bold, "_\bX" underline) and
 * the terminal's SGR sequences ("ESC [ 1 ; 31 m").  The text is shown line
 * by line, as it is (one tight preformatted block a line), with the styles
 * turned into roles and their bytes dropped:
 *  - overstrike: a character struck over by itself, once or more, is
 *    ROLE_STRONG; struck with '_' (before or after it) ROLE_UNDERLINE;
 *    "_\b_" is an underlined '_'; both at once is ROLE_STRONG.  A wide
 *    character may be struck after as many backspaces as it is wide.
 *  - SGR: 0 (or nothing) resets, 1 bold, 3 italic, 4 underline, 9 struck
 *    through, 22, 23, 24, 29 and 39 undo them, 30-37 and 90-97 the eight
 *    colours, 38;5;N and 38;2;R;G;B (or with ':') the nearest of the eight;
 *    48 and its colours are read and ignored, and so is any other number.
 *    A colour wins over bold, bold over underline, then italic, then
 *    strike.  The state runs on across lines, as on a terminal.
 * Any other escape sequence, a lone ESC and any other backspace stay in
 * the text, where the builder shows them as control pictures.  Plain runs
 * map byte for byte to the source; a struck character maps to the first
 * byte of its overstrike.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "reader.h"
#include "text.h"

#define ESC '\033'

enum {
	TA_BOLD = 1u << 0,
	TA_ITALIC = 1u << 1,
	TA_UNDERLINE = 1u << 2,
	TA_STRIKE = 1u << 3,
	TA_ALL = (1u << 4) - 1
};

/* What one SGR number does; all zero for the numbers that do nothing. */
struct sgr_effect {
	uint8_t set, clear;
	uint8_t colour; /* 0: kept, 1: the default, 2 + n: colour n */
};

#define SGR_COLOURS(base) \
	[base + 0] = { .colour = 2 }, [base + 1] = { .colour = 3 }, [base + 2] = { .colour = 4 }, \
		[base + 3] = { .colour = 5 }, [base + 4] = { .colour = 6 }, \
		[base + 5] = { .colour = 7 }, [base + 6] = { .colour = 8 }, \
		[base + 7] = { .colour = 9 }

static const struct sgr_effect sgr_effects[] = {
	[0] = { .clear = TA_ALL, .colour = 1 },
	[1] = { .set = TA_BOLD },
	[3] = { .set = TA_ITALIC },
	[4] = { .set = TA_UNDERLINE },
	[9] = { .set = TA_STRIKE },
	[22] = { .clear = TA_BOLD },
	[23] = { .clear = TA_ITALIC },
	[24] = { .clear = TA_UNDERLINE },
	[29] = { .clear = TA_STRIKE },
	SGR_COLOURS(30),
	[39] = { .colour = 1 },
	SGR_COLOURS(90),
};

#undef SGR_COLOURS

#define SGR_CODES (sizeof sgr_effects / sizeof sgr_effects[0])

/* Which attribute paints, in order: the first one set gives the role. */
static const struct {
	unsigned attr;
	enum role role;
} attr_roles[] = {
	{ TA_BOLD, ROLE_STRONG },
	{ TA_UNDERLINE, ROLE_UNDERLINE },
	{ TA_ITALIC, ROLE_EMPHASIS },
	{ TA_STRIKE, ROLE_STRIKE },
};

/* The style in force: attributes and a colour (-1 for none). */
struct style {
	unsigned attrs;
	int colour;
};

struct term {
	struct doc_builder *b;
	const char *d;
	struct style st;
	enum role pushed; /* the role on the builder's stack, or ROLE_TEXT */
	bool heading;     /* a heading line: the builder's role paints it */
};

static enum role
role_of(unsigned attrs, int colour)
{
	if (colour >= 0)
		return (enum role)(ROLE_ANSI_BLACK + colour);
	for (size_t i = 0; i < sizeof attr_roles / sizeof attr_roles[0]; i++)
		if (attrs & attr_roles[i].attr)
			return attr_roles[i].role;
	return ROLE_TEXT;
}

static void
use_role(struct term *t, enum role r)
{
	if (t->heading)
		r = ROLE_TEXT;
	if (r == t->pushed)
		return;
	if (t->pushed != ROLE_TEXT)
		docb_pop(t->b);
	if (r != ROLE_TEXT)
		docb_push(t->b, r);
	t->pushed = r;
}

/* Adds the source bytes [from, to) as they are, in the style in force. */
static void
plain(struct term *t, size_t from, size_t to)
{
	if (to <= from)
		return;
	use_role(t, role_of(t->st.attrs, t->st.colour));
	docb_text(t->b, t->d + from, to - from, from, true);
}

/* ---- SGR ------------------------------------------------------------------ */

static bool
sgr_param_byte(char c)
{
	return (c >= '0' && c <= '9') || c == ';' || c == ':';
}

/* The length of the SGR sequence at d[i..end) (d[i] is ESC), or 0. */
static size_t
sgr_length(const char *d, size_t i, size_t end)
{
	size_t j = i + 2;

	if (i + 1 >= end || d[i + 1] != '[')
		return 0;
	while (j < end && sgr_param_byte(d[j]))
		j++;
	return j < end && d[j] == 'm' ? j + 1 - i : 0;
}

/* Reads an SGR parameter list number by number; an empty one is 0. */
struct sgr_cursor {
	const char *p, *end;
	bool more;
};

/* The next number in *v and the byte after it (';', ':' or 0 at the
 * end) in *sep; false when the list is done. */
static bool
sgr_next(struct sgr_cursor *c, unsigned long *v, char *sep)
{
	if (!c->more)
		return false;
	*v = 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (*v < 100000)
			*v = *v * 10 + (unsigned long)(*c->p - '0');
		c->p++;
	}
	*sep = c->p < c->end ? *c->p++ : '\0';
	c->more = *sep != '\0';
	return true;
}

/* The nearest of the eight colours to an RGB value: each component on or
 * off, in the order of SGR 30-37 (red 1, green 2, blue 4). */
static int
nearest_rgb(unsigned long r, unsigned long g, unsigned long b)
{
	if (r > 255 || g > 255 || b > 255)
		return -1;
	return (r >= 128) | (g >= 128) << 1 | (b >= 128) << 2;
}

/* The nearest of the eight colours to colour n of the 256, or -1. */
static int
nearest_256(unsigned long n)
{
	static const unsigned char level[6] = { 0, 95, 135, 175, 215, 255 };

	if (n < 16)
		return (int)(n & 7);
	if (n < 232) {
		n -= 16;
		return nearest_rgb(level[n / 36], level[n / 6 % 6], level[n % 6]);
	}
	if (n < 256)
		return nearest_rgb(8 + 10 * (n - 232), 8 + 10 * (n - 232), 8 + 10 * (n - 232));
	return -1;
}

/* The colour of an extended colour (after 38 or 48) and the numbers it
 * takes: "5;N", "2;R;G;B", or after ':' "5:N", "2:R:G:B", "2::R:G:B".
 * Returns -1 when there is no colour to take. */
static int
sgr_extended(struct sgr_cursor *c, char sep)
{
	unsigned long v[6] = { 0 }, x;
	size_t n = 0;
	char s = sep;

	if (sep == ':') {
		/* the numbers joined by ':' belong to it, up to the next ';' */
		while (s == ':' && sgr_next(c, &x, &s))
			if (n < 6)
				v[n++] = x;
		if (n >= 2 && v[0] == 5)
			return nearest_256(v[1]);
		if (n >= 5 && v[0] == 2)
			return nearest_rgb(v[2], v[3], v[4]);
		if (n >= 4 && v[0] == 2)
			return nearest_rgb(v[1], v[2], v[3]);
		return -1;
	}
	if (!sgr_next(c, &v[0], &s))
		return -1;
	if (v[0] == 5)
		return sgr_next(c, &v[1], &s) ? nearest_256(v[1]) : -1;
	if (v[0] == 2 && sgr_next(c, &v[1], &s) && sgr_next(c, &v[2], &s) && sgr_next(c, &v[3], &s))
		return nearest_rgb(v[1], v[2], v[3]);
	return -1;
}

/* Applies the parameters p[0..n) of an SGR sequence to *st. */
static void
sgr_apply(struct style *st, const char *p, size_t n)
{
	struct sgr_cursor c = { p, p + n, true };
	unsigned long v;
	char sep;

	while (sgr_next(&c, &v, &sep)) {
		if (v == 38 || v == 48) {
			int colour = sgr_extended(&c, sep);

			if (v == 38 && colour >= 0)
				st->colour = colour;
		} else if (v < SGR_CODES) {
			const struct sgr_effect *e = &sgr_effects[v];

			st->attrs = (st->attrs & ~(unsigned)e->clear) | e->set;
			if (e->colour != 0)
				st->colour = e->colour - 2;
		}
	}
}

/* ---- overstrike ------------------------------------------------------------ */

/* A character that can be struck: printable and taking columns.  Its
 * length in *n and its width in *w. */
static bool
strikable(const char *d, size_t i, size_t end, uint32_t *cp, size_t *n, int *w)
{
	*n = text_decode(d + i, end - i, cp);
	if (*cp == TEXT_REPLACEMENT && *n == 1)
		return false;
	*w = text_cp_width(*cp);
	return *w > 0 && !(*cp >= 0x80 && *cp <= 0x9F) && !text_is_bidi_control(*cp);
}

/* An overstrike at d[i..end): the character shown, its style, and where
 * the overstrike ends (i when there is none). */
struct strike {
	size_t shown, shown_len, end;
	unsigned attrs;
};

static void
overstrike(const char *d, size_t i, size_t end, struct strike *s)
{
	uint32_t cp, next;
	size_t n, m, p, q;
	int w, wn;

	s->end = i;
	s->attrs = 0;
	if (!strikable(d, i, end, &cp, &n, &w))
		return;
	s->shown = i;
	s->shown_len = n;
	p = i + n;
	while (p < end && d[p] == '\b') {
		q = p + 1;
		/* a wide character may be backed over column by column */
		if (w == 2 && q < end && d[q] == '\b')
			q++;
		if (q >= end || !strikable(d, q, end, &next, &m, &wn))
			break;
		if (next == cp) {
			s->attrs |= cp == '_' ? TA_UNDERLINE : TA_BOLD;
		} else if (cp == '_') {
			s->attrs |= TA_UNDERLINE;
			s->shown = q;
			s->shown_len = m;
			cp = next;
			w = wn;
		} else if (next == '_') {
			s->attrs |= TA_UNDERLINE;
		} else {
			break;
		}
		p = s->end = q + m;
	}
}

/* ---- the reader ------------------------------------------------------------ */

/* The character d[i..le) shows once its styles are read: its first
 * byte in *shown, its length in *len; returns where it ends.  An SGR
 * sequence shows nothing (*len 0). */
static size_t
shown_at(const char *d, size_t i, size_t le, size_t *shown, size_t *len)
{
	struct strike s;
	size_t n;
	uint32_t cp;

	if (d[i] == ESC && (n = sgr_length(d, i, le)) > 0) {
		*len = 0;
		return i + n;
	}
	overstrike(d, i, le, &s);
	if (s.end > i) {
		*shown = s.shown;
		*len = s.shown_len;
		return s.end;
	}
	*shown = i;
	*len = text_decode(d + i, le - i, &cp);
	return i + *len;
}

/* Whether the line d[ls..le) shows a man page's section name: at the
 * margin, 2 to 40 upper-case letters (A to Z) and single spaces. */
static bool
is_section_name(const char *d, size_t ls, size_t le)
{
	size_t i = ls, shown, len, count = 0;
	char last = ' ';

	while (i < le) {
		i = shown_at(d, i, le, &shown, &len);
		if (len == 0)
			continue;
		if (len != 1 ||
		    !((d[shown] >= 'A' && d[shown] <= 'Z') || (d[shown] == ' ' && last != ' ')))
			return false;
		last = d[shown];
		if (++count > 40)
			return false;
	}
	return count >= 2 && last != ' ';
}

static bool
blank_line(const char *d, size_t ls, size_t le)
{
	for (size_t i = ls; i < le; i++)
		if (d[i] != ' ' && d[i] != '\t')
			return false;
	return true;
}

/* Writes the line d[ls..le) (without its line end). */
static void
term_line(struct term *t, size_t ls, size_t le)
{
	const char *d = t->d;
	size_t i = ls, run = ls, n;
	struct strike s;
	uint32_t cp;

	while (i < le) {
		if (d[i] == ESC && (n = sgr_length(d, i, le)) > 0) {
			plain(t, run, i);
			sgr_apply(&t->st, d + i + 2, n - 3);
			run = i += n;
			continue;
		}
		if ((unsigned char)d[i] < 0x20 || d[i] == 0x7F) {
			i++;
			continue;
		}
		overstrike(d, i, le, &s);
		if (s.end == i) {
			i += text_decode(d + i, le - i, &cp);
			continue;
		}
		plain(t, run, i);
		use_role(t, role_of(t->st.attrs | s.attrs, t->st.colour));
		docb_text(t->b, d + s.shown, s.shown_len, i, false);
		run = i = s.end;
	}
	plain(t, run, le);
}

/* A line of the source: [start, end) without its line end, which runs
 * to next. */
struct term_lineinfo {
	size_t start, end, next;
};

static struct term_lineinfo
line_from(const char *d, size_t len, size_t ls)
{
	const char *nl = memchr(d + ls, '\n', len - ls);
	struct term_lineinfo l = { ls, nl != NULL ? (size_t)(nl - d) : len, len };

	if (nl != NULL) {
		l.next = l.end + 1;
		if (l.end > ls && d[l.end - 1] == '\r')
			l.end--;
	}
	return l;
}

/* Whether line l is a section heading: a section name after a blank line
 * (or at the start) and before indented text, as man pages have them.
 * It is then a heading block, which the outline lists. */
static bool
is_section(const char *d, size_t len, const struct term_lineinfo *l, bool after_blank)
{
	struct term_lineinfo n;

	if (!after_blank || l->next >= len || l->end == l->start || d[l->start] == ' ' ||
	    d[l->start] == '\t')
		return false;
	n = line_from(d, len, l->next);
	return n.end > n.start && (d[n.start] == ' ' || d[n.start] == '\t') &&
	    !blank_line(d, n.start, n.end) && is_section_name(d, l->start, l->end);
}

static bool
term_render(const struct article *a, struct doc_builder *b)
{
	struct term t = { .b = b, .d = a->data, .st = { 0, -1 }, .pushed = ROLE_TEXT };
	size_t ls = 0, len = a->size;
	bool after_blank = true;

	while (ls < len) {
		struct term_lineinfo l = line_from(a->data, len, ls);

		if (is_section(a->data, len, &l, after_blank)) {
			/* the builder paints it as a heading while no role is pushed */
			use_role(&t, ROLE_TEXT);
			t.heading = true;
			docb_block(b, DOC_HEADING, 1, true);
		} else {
			docb_block(b, DOC_PRE, 0, true);
		}
		term_line(&t, l.start, l.end);
		t.heading = false;
		if (l.next > l.end)
			docb_text(b, a->data + l.end, l.next - l.end, l.end, true);
		after_blank = blank_line(a->data, l.start, l.end);
		ls = l.next;
	}
	use_role(&t, ROLE_TEXT);
	return true;
}

/* Where the next c is in head[from, len), len when there is none. */
static size_t
next_of(const char *head, size_t from, size_t len, char c)
{
	const char *p = from < len ? memchr(head + from, c, len - from) : NULL;

	return p != NULL ? (size_t)(p - head) : len;
}

/* Whether head holds an overstrike or an SGR sequence.  Only the bytes
 * that can begin one are looked at, found with memchr: this runs over every
 * plain-text article a collection search opens. */
static bool
term_sniff(const char *head, size_t len)
{
	size_t esc = next_of(head, 0, len, ESC), bs = next_of(head, 0, len, '\b');

	while (esc < len || bs < len) {
		size_t i = esc < bs ? esc : bs;
		struct strike s;

		if (i == esc) {
			esc = next_of(head, i + 1, len, ESC);
			if (sgr_length(head, i, len) > 0)
				return true;
			continue;
		}
		bs = next_of(head, i + 1, len, '\b');
		if (i == 0)
			continue;
		/* back to the start of the character before the backspace */
		for (size_t k = 1; k <= 4 && k <= i; k++) {
			if (((unsigned char)head[i - k] & 0xC0) == 0x80)
				continue;
			overstrike(head, i - k, len, &s);
			if (s.end > i)
				return true;
			break;
		}
	}
	return false;
}

const struct reader reader_terminal = {
	.name = "terminal",
	.extensions = NULL,
	.sniff = term_sniff,
	.render = term_render,
	.title = NULL,
};
