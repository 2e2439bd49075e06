#include "config.h"

#include <string.h>

#include "reflow.h"
#include "text.h"

/* Line lengths counted for the wrap width: shorter lines say little about
 * it, longer ones are no wrapped text. */
#define MIN_COUNTED 20
#define MAX_COUNTED 400
/* The least wrap width worth joining lines for. */
#define MIN_WRAP 30

int
reflow_cols(const char *s, size_t n)
{
	int col = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k;
		int w;

		if (s[i] == '\t') {
			col = (col / 8 + 1) * 8;
			i++;
			continue;
		}
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			col++;
			i++;
			continue;
		}
		k = text_decode(s + i, n - i, &cp);
		w = cp < 0x20 || cp == 0x7F ? 1 : text_cp_width(cp);
		col += w < 0 ? 1 : w;
		i += k;
	}
	return col;
}

/* The end of the line starting at ls, before its "\n" or "\r\n". */
static size_t
text_end(const char *d, size_t ls, size_t le)
{
	if (le > ls && d[le - 1] == '\n')
		le--;
	if (le > ls && d[le - 1] == '\r')
		le--;
	return le;
}

static bool
blank_like(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '>')
			return false;
	return true;
}

static bool
is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* The bytes of a list marker at s[0..n), 0 when there is none. */
static size_t
marker_len(const char *s, size_t n)
{
	static const char *const bullets[] = { "\xE2\x80\xA2", "\xE2\x80\xA3", "\xE2\x97\xA6",
		"\xE2\x80\x93", NULL };
	size_t i = 0;

	if (n == 0)
		return 0;
	if (s[0] == '-' || s[0] == '*' || s[0] == '+' || (s[0] == 'o' && n > 1 && s[1] == ' '))
		return 1;
	for (size_t b = 0; bullets[b] != NULL; b++)
		if (n >= 3 && memcmp(s, bullets[b], 3) == 0)
			return 3;
	if (s[0] == '(')
		i = 1;
	if (i < n && s[i] >= '0' && s[i] <= '9') {
		size_t d = i;

		while (i < n && i - d < 3 && s[i] >= '0' && s[i] <= '9')
			i++;
	} else if (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
		i++;
		if (i >= n || s[i] != ')')
			return 0;
	} else {
		return 0;
	}
	if (i < n && s[i] == ')')
		return i + 1;
	if (i < n && s[i] == '.' && s[0] != '(')
		return i + 1;
	return 0;
}

int
reflow_lead(const char *s, size_t n, size_t *prefix_len, int *spaces)
{
	size_t p = 0, m, e;
	int pc;

	*prefix_len = 0;
	*spaces = 0;
	while (p < n && (s[p] == ' ' || s[p] == '>'))
		p++;
	if (p < n && s[p] == '\t')
		return 0;
	pc = reflow_cols(s, p);
	*prefix_len = p;
	m = marker_len(s + p, n - p);
	if (m > 0) {
		e = p + m;
		while (e < n && s[e] == ' ')
			e++;
		/* A marker is followed by blanks, then by its text. */
		if (e > p + m && e < n && s[e] != '\t') {
			*spaces = reflow_cols(s + p, e - p);
			return pc + *spaces;
		}
	}
	return pc;
}

/* Whether line s[0..n) (its text past the prefix) looks like a table,
 * code or art rather than prose: blanks in runs, box drawing, columns of
 * bars, or few letters among its characters. */
static bool
looks_drawn(const char *s, size_t n)
{
	size_t letters = 0, shown = 0, bars = 0;
	uint32_t prev = ' ', prev2 = ' ';

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(s + i, n - i, &cp);

		if (cp == '\t' || (cp >= 0x2500 && cp <= 0x259F))
			return true;
		if (cp == ' ' && prev == ' ') {
			/* Two blanks end a sentence in typewriter style; three,
			 * or two elsewhere, line up columns. */
			if (prev2 == ' ' || !strchr(".?!:;\"')", (int)prev2))
				return true;
		}
		if (cp == '|')
			bars++;
		if (cp != ' ') {
			shown++;
			if ((cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) ||
			    (cp >= 0xC0 && text_cp_width(cp) > 0))
				letters++;
		}
		prev2 = prev;
		prev = cp;
		i += k;
	}
	return bars >= 2 || letters * 10 < shown * 6;
}

/* Whether the raw line holds a byte that breaks it or acts on it: a lone
 * CR, U+2028 or U+2029, or a control other than the tab. */
static bool
has_breaks(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return true;
		if (c == 0xE2 && i + 2 < n && s[i + 1] == '\x80' &&
		    (s[i + 2] == '\xA8' || s[i + 2] == '\xA9'))
			return true;
	}
	return false;
}

int
reflow_wrap_width(const char *data, size_t n)
{
	size_t hist[MAX_COUNTED + 1] = { 0 }, total = 0, seen = 0, near = 0;
	size_t ls = 0;
	bool prev_counts = false;
	int prev_cols = 0, wrap = 0;

	/* A line counts when the line after it is not blank. */
	while (ls < n) {
		const char *nl = memchr(data + ls, '\n', n - ls);
		size_t le, te;

		if (nl == NULL)
			break;
		le = (size_t)(nl - data) + 1;
		te = text_end(data, ls, le);
		if (is_blank(data + ls, te - ls)) {
			prev_counts = false;
		} else {
			if (prev_counts) {
				hist[prev_cols]++;
				total++;
			}
			prev_cols = reflow_cols(data + ls, te - ls);
			while (te > ls && data[te - 1] == ' ')
				te--, prev_cols--;
			prev_counts = prev_cols >= MIN_COUNTED && prev_cols <= MAX_COUNTED;
		}
		ls = le;
	}
	if (total < 8)
		return 0;
	for (int c = 0; c <= MAX_COUNTED; c++) {
		seen += hist[c];
		if (seen * 10 >= total * 9) {
			wrap = c;
			break;
		}
	}
	for (int c = wrap - wrap / 4; c <= wrap; c++)
		near += hist[c];
	if (wrap < MIN_WRAP || near * 2 < total)
		return 0;
	return wrap;
}

/* The start of the line holding pos, looking back no further than lo;
 * (size_t)-1 when the line starts before lo. */
static size_t
start_of(const char *d, size_t pos, size_t lo)
{
	const char *p = pos > lo ? memrchr(d + lo, '\n', pos - lo) : NULL;

	if (p != NULL)
		return (size_t)(p - d) + 1;
	return lo == 0 ? 0 : (size_t)-1;
}

/* The number of '>' marks in the prefix of the line [ls, te): a quote's
 * depth. */
static int
quote_depth(const char *d, size_t ls, size_t te)
{
	int n = 0;

	for (size_t i = ls; i < te && (d[i] == ' ' || d[i] == '>'); i++)
		n += d[i] == '>';
	return n;
}

/* Whether the line [ls, te) starts a list item. */
static bool
starts_item(const char *d, size_t ls, size_t te)
{
	size_t pl;
	int sp;

	reflow_lead(d + ls, te - ls, &pl, &sp);
	return sp > 0;
}

/* Columns of the first word of the line [ls, te) past its prefix pl. */
static int
first_word(const char *d, size_t ls, size_t te, size_t pl)
{
	size_t i = ls + pl, e;

	e = i;
	while (e < te && d[e] != ' ')
		e++;
	return reflow_cols(d + i, e - i);
}

bool
reflow_find(const char *d, size_t size, size_t pos, int wrap, struct reflow_para *out)
{
	size_t lo = pos > REFLOW_MAX_PARA ? pos - REFLOW_MAX_PARA : 0, start, ls, le, te, hi;
	size_t lines = 0, plen = 0, p1len, second = 0, prev_ls = 0, prev_te = 0;
	const char *nl;
	int slack = wrap / 6, longest = wrap + wrap / 10 + 1, lead1, sp1;

	if (wrap <= 0 || pos >= size)
		return false;
	/* Back to the paragraph's first line. */
	ls = start_of(d, pos, lo);
	if (ls == (size_t)-1)
		return false;
	for (;;) {
		size_t pls;

		nl = memchr(d + ls, '\n', size - ls);
		le = nl != NULL ? (size_t)(nl - d) : size;
		if (blank_like(d + ls, le - ls))
			return false;
		if (ls == 0 || starts_item(d, ls, text_end(d, ls, le)))
			break;
		pls = start_of(d, ls - 1, lo);
		if (pls == (size_t)-1)
			return false;
		if (blank_like(d + pls, text_end(d, pls, ls) - pls) ||
		    quote_depth(d, pls, ls) != quote_depth(d, ls, le))
			break;
		ls = pls;
	}
	start = ls;
	hi = size - start > REFLOW_MAX_PARA ? start + REFLOW_MAX_PARA : size;
	/* On to its end, checking each line against the one before it. */
	for (ls = start; ls < size; ls = le) {
		size_t pl, skip;
		int sp, c;

		nl = memchr(d + ls, '\n', hi - ls);
		if (nl == NULL && hi < size)
			return false;
		le = nl != NULL ? (size_t)(nl - d) + 1 : size;
		te = text_end(d, ls, le);
		if (ls > start &&
		    (blank_like(d + ls, te - ls) || starts_item(d, ls, te) ||
			quote_depth(d, ls, te) != quote_depth(d, prev_ls, prev_te)))
			break;
		if (has_breaks(d + ls, te - ls))
			return false;
		while (te > ls && d[te - 1] == ' ')
			te--;
		reflow_lead(d + ls, te - ls, &pl, &sp);
		if (lines == 1) {
			second = ls;
			plen = pl;
		}
		if (lines >= 1 && (pl != plen || memcmp(d + ls, d + second, pl) != 0))
			return false;
		skip = pl;
		if (sp > 0) {
			skip += marker_len(d + ls + pl, te - ls - pl);
			while (skip < te - ls && d[ls + skip] == ' ')
				skip++;
		}
		c = reflow_cols(d + ls, te - ls);
		if (c > longest || looks_drawn(d + ls + skip, te - ls - skip))
			return false;
		if (lines >= 1) {
			int pc = reflow_cols(d + prev_ls, prev_te - prev_ls);

			/* The line before ended because this word would not fit. */
			if (pc + 1 + first_word(d, ls, te, pl) <= wrap - slack)
				return false;
		}
		prev_ls = ls;
		prev_te = te;
		lines++;
	}
	if (lines < 2)
		return false;
	/* The first line: the same prefix, a list item whose text starts
	 * where the prefix ends, or a deeper indent of blanks. */
	nl = memchr(d + start, '\n', size - start);
	le = (size_t)(nl - d);
	lead1 = reflow_lead(d + start, text_end(d, start, le) - start, &p1len, &sp1);
	if (sp1 > 0) {
		if (lead1 != reflow_cols(d + second, plen) || plen < p1len ||
		    memcmp(d + second, d + start, p1len) != 0 ||
		    !is_blank(d + second + p1len, plen - p1len))
			return false;
	} else if (!(p1len == plen && memcmp(d + second, d + start, plen) == 0) &&
	    !(p1len > plen && p1len - plen <= 8 && memcmp(d + second, d + start, plen) == 0 &&
		is_blank(d + start + plen, p1len - plen))) {
		return false;
	}
	out->start = start;
	out->end = ls < size ? ls : size;
	out->prefix_len = plen;
	out->prefix_cols = reflow_cols(d + second, plen);
	return true;
}
