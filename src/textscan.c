/* textscan.c - what plain text holds: its URLs and the lines that look
 * like headings, found in one pass over the bytes.
 *
 * URLs start with "http://", "https://", "ftp://", "mailto:" or "www."
 * (in any case) where no letter or digit comes right before, and run up
 * to whitespace (ASCII, no-break and the Unicode spaces), '<', '>', '"',
 * a control byte or a control picture (U+2400..U+2426).  Letters of any
 * script are part of them.  Then the end is trimmed: a trailing ".,;:!?'"
 * closes the sentence, not the URL, nor does a closing bracket (")", "]"
 * or "}") that has no opening one of its kind inside the URL.  A scheme
 * with nothing left after it is no URL.
 *
 * A line of the text is a heading when, looked at in this order:
 *  1. it starts a paragraph (a blank line or the start of the text is
 *     before it) and the line after it is only '=' (level 1) or only '-'
 *     (level 2), at least 3 of them, trailing blanks allowed;
 *  2. a man page's section name: at the margin, only upper-case letters
 *     (A to Z) and single spaces, 2 to 40 bytes, starting a paragraph, and
 *     the line after it is indented text ("NAME", "SEE ALSO"), level 1;
 *  3. numbered: at the margin, 1 to 6 components of 1 to 3 digits joined
 *     by '.' ("1.", "2.3", "2.3."; one component needs its '.'), blanks, then a title that does not
 *     start with a lower-case letter nor end with '.', ',' or ';'; at most
 *     72 columns, alone between blank lines (or the text's ends); the
 *     level is the number of components;
 *  4. a short line: at the margin, at most 60 columns, with a letter or a
 *     digit, not a list item ("- ", "* ", "+ ", "• "), not ending with '.',
 *     ',', ';' or ':', alone between blank lines, and the paragraph after
 *     the blank lines starts with a line longer than 60 columns: so the
 *     short lines of a poem, of a list or of a signature are not headings
 *     (the text after them is short too), level 2.
 * Each line is looked at once, with the line before and after it, so the
 * scan is linear in the size of the text.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

/* ---- URLs ---------------------------------------------------------------- */

struct scheme {
	const char *prefix;
	size_t len;
};

#define SCHEME(s) \
	{ \
		s, sizeof s - 1 \
	}
static const struct scheme schemes[] = {
	SCHEME("http://"),
	SCHEME("https://"),
	SCHEME("ftp://"),
	SCHEME("mailto:"),
	SCHEME("www."),
};
#undef SCHEME

static bool
ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The length of the scheme that starts s[i..len), or 0. */
static size_t
scheme_at(const char *s, size_t len, size_t i)
{
	for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
		const struct scheme *sc = &schemes[k];
		size_t j = 0;

		if (len - i < sc->len)
			continue;
		while (
		    j < sc->len && lower((unsigned char)s[i + j]) == (unsigned char)sc->prefix[j])
			j++;
		if (j == sc->len)
			return j;
	}
	return 0;
}

/* The length of the character at s[i..len) when a URL goes on over it,
 * or 0 when it ends the URL. */
static size_t
url_char(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	uint32_t cp;
	size_t n;

	if (c < 0x80)
		return !(c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '"');
	n = text_decode(s + i, len - i, &cp);
	if (cp == TEXT_REPLACEMENT && n == 1)
		return 0; /* a byte that is not UTF-8 */
	if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000 || (cp >= 0x2400 && cp <= 0x2426))
		return 0;
	return n;
}

/* Which bracket c closes ('(' for ')'), or 0. */
static char
opener_of(char c)
{
	return c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
}

/* The end of the URL s[start..e) once trimmed: sentence punctuation and
 * unopened closing brackets at its end are dropped.  The brackets are
 * counted once, then kept in step as the end moves back. */
static size_t
trim_url(const char *s, size_t start, size_t e)
{
	static const char brackets[] = "()[]{}";
	size_t count[6] = { 0 };

	for (size_t i = start; i < e; i++) {
		const char *b = s[i] != '\0' ? strchr(brackets, s[i]) : NULL;

		if (b != NULL)
			count[b - brackets]++;
	}
	while (e > start) {
		char c = s[e - 1], open = opener_of(c);

		if (c != '\0' && strchr(".,;:!?'\"", c) != NULL) {
			e--;
		} else if (open != 0) {
			size_t oi = (size_t)(strchr(brackets, open) - brackets);

			if (count[oi] >= count[oi + 1])
				break;
			count[oi + 1]--;
			e--;
		} else {
			break;
		}
	}
	return e;
}

bool
text_find_url(const char *s, size_t len, size_t from, size_t *start, size_t *end)
{
	size_t i = from;

	while (i < len) {
		unsigned char c = lower((unsigned char)s[i]);
		size_t k, e, n;

		if ((c != 'h' && c != 'f' && c != 'm' && c != 'w') ||
		    (i > 0 && ascii_alnum((unsigned char)s[i - 1])) ||
		    (k = scheme_at(s, len, i)) == 0) {
			i++;
			continue;
		}
		e = i + k;
		while (e < len && (n = url_char(s, len, e)) > 0)
			e += n;
		e = trim_url(s, i + k, e);
		if (e > i + k) {
			*start = i;
			*end = e;
			return true;
		}
		i += k;
	}
	return false;
}

void
text_links(const char *data, size_t len, struct doc_link **out, size_t *n)
{
	struct doc_link *v = NULL;
	size_t cap = 0, count = 0, pos = 0, s, e;

	while (text_find_url(data, len, pos, &s, &e)) {
		xgrow((void **)&v, &cap, count + 1, sizeof *v);
		v[count].start = s;
		v[count].end = e;
		v[count].text = article_safe_line(data + s, e - s);
		v[count].target = xstrdup(v[count].text);
		count++;
		pos = e;
	}
	*out = v;
	*n = count;
}

/* ---- headings ------------------------------------------------------------ */

/* Columns counted exactly up to this many bytes of a line; a longer line
 * is long for every rule. */
#define MEASURE_MAX 512u
#define SHORT_COLS 60
#define NUMBERED_COLS 72
#define SECTION_MAX 40u

/* One line of the text: [start, end) without its line end. */
struct line {
	size_t start, end;
	bool blank;    /* only blanks */
	bool indented; /* starts with a blank */
};

static bool
blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The columns of d[s..e), as wcwidth counts them (a byte that is not
 * printable counts one); more than limit for lines past MEASURE_MAX. */
static int
columns(const char *d, size_t s, size_t e, int limit)
{
	int cols = 0;

	if (e - s > MEASURE_MAX)
		return limit + 1;
	while (s < e && cols <= limit) {
		uint32_t cp;
		size_t n = text_decode(d + s, e - s, &cp);
		int w = text_cp_width(cp);

		cols += w < 0 ? 1 : w;
		s += n;
	}
	return cols;
}

/* The end of d[s..e) without trailing blanks. */
static size_t
trim_end(const char *d, size_t s, size_t e)
{
	while (e > s && blank_byte((unsigned char)d[e - 1]))
		e--;
	return e;
}

/* Whether l is a run of at least 3 of c, trailing blanks allowed. */
static bool
is_underline(const char *d, const struct line *l, char c)
{
	size_t e = trim_end(d, l->start, l->end), i = l->start;

	while (i < e && d[i] == c)
		i++;
	return i == e && e - l->start >= 3;
}

static bool
is_section_name(const char *d, const struct line *l)
{
	size_t e = trim_end(d, l->start, l->end);

	if (l->indented || e - l->start < 2 || e - l->start > SECTION_MAX)
		return false;
	for (size_t i = l->start; i < e; i++) {
		bool upper = d[i] >= 'A' && d[i] <= 'Z';

		if (!upper && !(d[i] == ' ' && d[i - 1] != ' '))
			return false;
	}
	return true;
}

/* The number of components of a heading number at the start of l, with
 * the title after it from *title; 0 when l does not start so. */
static int
number_components(const char *d, const struct line *l, size_t *title)
{
	size_t i = l->start, e = l->end;
	int parts = 0;

	while (parts < 7) {
		size_t digits = i;

		while (i < e && d[i] >= '0' && d[i] <= '9' && i - digits < 4)
			i++;
		if (i == digits || i - digits > 3)
			return 0;
		parts++;
		if (i < e && d[i] == '.' && i + 1 < e && d[i + 1] >= '0' && d[i + 1] <= '9') {
			i++;
			continue;
		}
		break;
	}
	if (parts > 6)
		return 0;
	if (i < e && d[i] == '.')
		i++;
	else if (parts == 1)
		return 0; /* "1 Title" is a count, "1. Title" a heading */
	if (i == e || !blank_byte((unsigned char)d[i]))
		return 0;
	while (i < e && blank_byte((unsigned char)d[i]))
		i++;
	*title = i;
	return i < e ? parts : 0;
}

static bool
ends_sentence(char c, const char *ends)
{
	return c != '\0' && strchr(ends, c) != NULL;
}

static int
numbered_level(const char *d, const struct line *l)
{
	size_t title, e = trim_end(d, l->start, l->end);
	int parts = number_components(d, l, &title);

	if (parts == 0 || (d[title] >= 'a' && d[title] <= 'z') || ends_sentence(d[e - 1], ".,;"))
		return 0;
	return columns(d, l->start, e, NUMBERED_COLS) <= NUMBERED_COLS ? parts : 0;
}

static bool
has_alnum(const char *d, size_t s, size_t e)
{
	for (size_t i = s; i < e; i++)
		if (ascii_alnum((unsigned char)d[i]) || (unsigned char)d[i] >= 0x80)
			return true;
	return false;
}

static bool
is_list_item(const char *d, size_t s, size_t e)
{
	if (e - s >= 2 && (d[s] == '-' || d[s] == '*' || d[s] == '+') && d[s + 1] == ' ')
		return true;
	return e - s >= 3 && memcmp(d + s, "\xE2\x80\xA2", 3) == 0;
}

/* Whether l may be a short heading, as far as the line itself says. */
static bool
is_short_candidate(const char *d, const struct line *l)
{
	size_t e = trim_end(d, l->start, l->end);

	return !l->indented && has_alnum(d, l->start, e) && !is_list_item(d, l->start, e) &&
	    !ends_sentence(d[e - 1], ".,;:") && columns(d, l->start, e, SHORT_COLS) <= SHORT_COLS;
}

/* The outline as it grows, with the line the scan holds back: a short
 * line that is a heading only if the next paragraph is of long lines. */
struct outline {
	const char *d;
	struct doc_heading *v;
	size_t n, cap;
	bool pending;
	struct line held;
};

static void
add_heading(struct outline *o, const struct line *l, int level)
{
	size_t s = l->start, e = trim_end(o->d, l->start, l->end);

	while (s < e && blank_byte((unsigned char)o->d[s]))
		s++;
	xgrow((void **)&o->v, &o->cap, o->n + 1, sizeof *o->v);
	o->v[o->n].level = level;
	o->v[o->n].pos = l->start;
	o->v[o->n].text = article_safe_line(o->d + s, e - s);
	o->n++;
}

/* Looks at line cur, with the line before it (prev, NULL at the start of
 * the text) and after it (next, NULL at the end). */
static void
classify(
    struct outline *o, const struct line *prev, const struct line *cur, const struct line *next)
{
	const char *d = o->d;
	bool starts_para = prev == NULL || prev->blank;
	bool alone = starts_para && (next == NULL || next->blank);
	int level;

	if (cur->blank)
		return;
	if (o->pending) {
		if (columns(d, cur->start, cur->end, SHORT_COLS) > SHORT_COLS)
			add_heading(o, &o->held, 2);
		o->pending = false;
	}
	if (!starts_para)
		return;
	if (next != NULL && !next->blank && !next->indented &&
	    (is_underline(d, next, '=') || is_underline(d, next, '-'))) {
		if (!is_underline(d, cur, '-') && !is_underline(d, cur, '='))
			add_heading(o, cur, d[next->start] == '=' ? 1 : 2);
		return;
	}
	if (next != NULL && !next->blank && next->indented && is_section_name(d, cur)) {
		add_heading(o, cur, 1);
		return;
	}
	if (!alone || cur->indented)
		return;
	if ((level = numbered_level(d, cur)) > 0) {
		add_heading(o, cur, level);
		return;
	}
	if (next != NULL && is_short_candidate(d, cur)) {
		o->pending = true;
		o->held = *cur;
	}
}

/* The line of data[0..len) starting at pos (< len). */
static struct line
line_at(const char *data, size_t len, size_t pos)
{
	const char *nl = memchr(data + pos, '\n', len - pos);
	struct line l = { .start = pos, .end = nl != NULL ? (size_t)(nl - data) : len };
	size_t i = pos;

	if (l.end > l.start && data[l.end - 1] == '\r')
		l.end--;
	while (i < l.end && blank_byte((unsigned char)data[i]))
		i++;
	l.blank = i == l.end;
	l.indented = l.end > l.start && blank_byte((unsigned char)data[l.start]);
	return l;
}

/* Where the line after l starts (len at the end). */
static size_t
after(const char *data, size_t len, const struct line *l)
{
	size_t p = l->end;

	if (p < len && data[p] == '\r')
		p++;
	return p < len ? p + 1 : len;
}

void
text_outline(const char *data, size_t len, struct doc_heading **out, size_t *n)
{
	struct outline o = { .d = data };
	struct line prev, cur, next;
	bool have_prev = false, have_next;
	size_t pos = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	if (pos < len) {
		cur = line_at(data, len, pos);
		for (;;) {
			pos = after(data, len, &cur);
			have_next = pos < len;
			if (have_next)
				next = line_at(data, len, pos);
			classify(&o, have_prev ? &prev : NULL, &cur, have_next ? &next : NULL);
			if (!have_next)
				break;
			prev = cur;
			have_prev = true;
			cur = next;
		}
	}
	*out = o.v;
	*n = o.n;
}
