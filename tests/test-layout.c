/* Unit and property tests of the layout: wrapping, widths, laziness. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>

#include "article.h"
#include "fixture.h"
#include "layout.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* The display lines of text at width, joined by '|'. */
static char *
wrap(const char *text, int width)
{
	struct article *a = article_from_buffer("t", text, strlen(text));
	struct layout *l = layout_create(a, width);
	struct dline cur, next;
	char *out = xstrdup("");

	layout_line_at(l, 0, &cur);
	for (;;) {
		char *joined = xasprintf("%s%s%.*s", out, *out ? "|" : "", (int)cur.len, cur.text);

		free(out);
		out = joined;
		if (!layout_next(l, &cur, &next))
			break;
		cur = next;
	}
	layout_free(l);
	article_free(a);
	return out;
}

#define WRAP_IS(text, width, want, name) \
	do { \
		char *got_ = wrap((text), (width)); \
		is_str(got_, (want), (name)); \
		free(got_); \
	} while (0)

static void
test_wrapping(void)
{
	WRAP_IS("aaaa bbbb", 4, "aaaa|bbbb", "words wrap at spaces, which are not shown");
	WRAP_IS("aa bb cc", 5, "aa bb|cc", "as many words as fit");
	WRAP_IS("abcdefghij", 4, "abcd|efgh|ij", "a word longer than the line breaks");
	WRAP_IS("one\ntwo\n\nthree\n", 80, "one|two||three", "source lines are kept");
	WRAP_IS("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 4, "\xE4\xB8\xAD\xE6\x96\x87|\xE5\xAD\x97",
	    "CJK breaks between ideographs");
	WRAP_IS("a\xE4\xB8\xAD", 2, "a|\xE4\xB8\xAD", "a wide character never straddles the edge");
	WRAP_IS("\xE4\xB8\xAD", 1, LAYOUT_PLACEHOLDER,
	    "a character wider than the line is a placeholder");
	WRAP_IS("e\xCC\x81"
		"e\xCC\x81"
		"e\xCC\x81",
	    2,
	    "e\xCC\x81"
	    "e\xCC\x81|e\xCC\x81",
	    "combining marks stay with their base");
	WRAP_IS("a\tb", 4, "a|b", "tab spaces hang at the edge");
	WRAP_IS("x\r\ny\r\n", 80, "x|y", "CR LF is a line end");
	WRAP_IS("", 10, "", "an empty article has one empty line");
	WRAP_IS("well-known fact", 6, "well-|known|fact", "UAX #14 allows a break after a hyphen");
	/* A tab or a "<U+XXXX>" form is no base: a mark after it gets a
	 * space of its own, and the form is never glued to what follows. */
	WRAP_IS("a\t\xcc\x81"
		"b",
	    3,
	    "a| \xcc\x81"
	    "b",
	    "a mark after a tab has a base of its own");
	WRAP_IS("\xc2\x85\xcc\x88x", 3, LAYOUT_PLACEHOLDER "| \xcc\x88x",
	    "a mark after a <U+XXXX> form has a base of its own");
	WRAP_IS("\x1b\xcc\x88x", 3, "\xe2\x90\x9b \xcc\x88x",
	    "a mark after a control picture has a base of its own");
	WRAP_IS("a\xe2\x80\xae b", 7, "a|" LAYOUT_PLACEHOLDER "|b",
	    "no line starts with the space after a placeholder");
	WRAP_IS("a\xe2\x80\xae   ", 7, "a|" LAYOUT_PLACEHOLDER,
	    "spaces after a placeholder at the end make no line");
	/* A hard break right before the line end leaves an empty line. */
	WRAP_IS("x\xe2\x80\xa9\ny\n", 80, "x||y", "U+2029 before a line end is an empty line");
	WRAP_IS("x\xe2\x80\xa8\r\ny\n", 80, "x||y", "U+2028 before CR LF is an empty line");
	WRAP_IS("x\r\r\ny\n", 80, "x||y", "a lone CR before a line end is an empty line");
	WRAP_IS("x\xe2\x80\xa9", 80, "x", "U+2029 at the end of the article adds nothing");
	WRAP_IS("x\xe2\x80\xa9y\n", 80, "x|y", "U+2029 inside a line is a hard break");
	/* A ZWJ family: wider than 4 columns as ncurses counts it, so it is
	 * split at code points, and each piece fits. */
	{
		const char *fam =
		    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
		char *got = wrap(fam, 4);

		ok(strchr(got, '|') != NULL && strstr(got, LAYOUT_PLACEHOLDER) == NULL,
		    "a cluster wider than the line is split, not replaced");
		free(got);
		got = wrap(fam, 80);
		ok(strchr(got, '|') == NULL, "a cluster that fits is never split");
		free(got);
	}
}

/* Checks one article at one width; returns a failure message or NULL. */
static const char *
check_width(const struct article *a, int width, const char *want_nonspace, size_t *nlines)
{
	struct layout *l = layout_create(a, width);
	struct dline cur, next;
	char *got = xmalloc(a->size * 4 + 16);
	size_t g = 0, expect_start = 0, count = 0;
	const char *fail = NULL;

	layout_line_at(l, 0, &cur);
	for (;;) {
		count++;
		if (cur.start != expect_start) {
			fail = "lines do not tile the article";
			break;
		}
		if (cur.cols > width || text_width(cur.text, cur.len) != cur.cols) {
			fail = "a line is wider than the width";
			break;
		}
		if (memchr(cur.text, '\n', cur.len) != NULL) {
			fail = "a line holds a newline";
			break;
		}
		for (size_t i = 0; i < cur.len; i++)
			if (cur.text[i] != ' ')
				got[g++] = cur.text[i];
		expect_start = cur.end;
		if (!layout_next(l, &cur, &next))
			break;
		if (next.start <= cur.start) {
			fail = "lines go backwards";
			break;
		}
		cur = next;
	}
	if (fail == NULL && expect_start != a->size && a->size > 0)
		fail = "the last line does not end the article";
	if (fail == NULL && want_nonspace != NULL &&
	    (g != strlen(want_nonspace) || memcmp(got, want_nonspace, g) != 0))
		fail = "text was lost or invented";
	/* Walking back gives the same number of lines. */
	if (fail == NULL) {
		size_t back = 1;

		layout_line_at(l, a->size, &cur);
		while (layout_prev(l, &cur, &next)) {
			back++;
			cur = next;
		}
		if (back != count || cur.start != 0)
			fail = "walking backwards gives other lines";
	}
	layout_free(l);
	free(got);
	*nlines = count;
	return fail;
}

/* The widest grapheme cluster of sanitized text, in columns. */
static int
widest_cluster(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	int widest = 1;

	while (p < end) {
		const uint8_t *q = u8_grapheme_next(p, end);
		int w = text_width((const char *)p, (size_t)(q - p));

		if (w > widest)
			widest = w;
		p = q;
	}
	return widest;
}

static void
property_file(const char *path, const char *label)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL, *nonspace;
	size_t cap = 0, n = 0, r, k = 0, lines;
	struct article *a;
	struct sanbuf sb = { 0 };
	bool has_controls;
	int widest;
	const char *fail = NULL;
	int fail_width = 0;

	if (f == NULL) {
		ok(0, "open %s", path);
		return;
	}
	do {
		xgrow((void **)&data, &cap, n + 4096, 1);
		r = fread(data + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	a = article_from_buffer(path, data, n);
	article_sanitize(data, n, true, &sb);
	nonspace = xmalloc(sb.len + 1);
	for (size_t i = 0; i < sb.len; i++)
		if (sb.text[i] != ' ' && sb.text[i] != '\n')
			nonspace[k++] = sb.text[i];
	nonspace[k] = '\0';
	/* Control pictures and <U+XXXX> forms mark text with controls. */
	has_controls = strstr(sb.text, "<U+") != NULL || strstr(sb.text, "\xE2\x90") != NULL;
	widest = widest_cluster(sb.text, sb.len);
	for (int w = 1; w <= 200 && fail == NULL; w++) {
		fail = check_width(a, w, !has_controls && w >= widest ? nonspace : NULL, &lines);
		fail_width = w;
	}
	ok(fail == NULL, "%s: widths 1-200 fit, tile%s%s%s", label,
	    has_controls ? "" : " and keep the text", fail ? ": " : "", fail ? fail : "");
	if (fail != NULL)
		tap_diag("first failure at width %d", fail_width);
	free(nonspace);
	sanbuf_free(&sb);
	article_free(a);
	free(data);
}

static void
test_properties(void)
{
	char **names = fixture_list();
	const char *top = getenv("TOP_SRCDIR");
	char *dir = xasprintf("%s/articles", top != NULL ? top : ".");
	DIR *d;
	struct dirent *e;

	for (char **p = names; *p != NULL; p++) {
		char *path = fixture_path(*p);

		property_file(path, *p);
		free(path);
	}
	fixture_list_free(names);
	d = opendir(dir);
	ok(d != NULL, "the sample articles are there");
	while (d != NULL && (e = readdir(d)) != NULL) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		property_file(path, e->d_name);
		free(path);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
}

static void
test_lazy(void)
{
	size_t size = 64u << 20, para = 0;
	char *big = xmalloc(size);
	struct article *a;
	struct layout *l;
	struct dline cur, next;

	/* 64 MB of paragraphs. */
	for (size_t i = 0; i < size; i++) {
		big[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
		if (i % 400 == 399) {
			big[i] = '\n';
			para++;
		}
	}
	a = article_from_buffer("big", big, size);
	l = layout_create(a, 120);
	layout_line_at(l, 0, &cur);
	for (int i = 0; i < 40 && layout_next(l, &cur, &next); i++)
		cur = next;
	ok(layout_blocks_built(l) <= 12, "the first screen of 64 MB lays out %zu blocks",
	    layout_blocks_built(l));
	ok(!layout_warm(l, 0, 1000), "short lines need no slices between keys");
	layout_line_at(l, size, &cur);
	for (int i = 0; i < 40 && layout_prev(l, &cur, &next); i++)
		cur = next;
	ok(layout_blocks_built(l) <= 24 && cur.start > size - 40 * 400,
	    "the last screen is reached without laying out the middle");
	layout_free(l);
	article_free(a);

	/* One 20 MB line. */
	memset(big, 'w', 20u << 20);
	for (size_t i = 5; i < (20u << 20); i += 9)
		big[i] = ' ';
	a = article_from_buffer("line", big, 20u << 20);
	l = layout_create(a, 120);
	layout_line_at(l, 0, &cur);
	for (int i = 0; i < 40 && layout_next(l, &cur, &next); i++)
		cur = next;
	ok(layout_blocks_built(l) <= 2, "the first screen of a 20 MB line lays out one segment");
	layout_line_at(l, (20u << 20) / 2, &cur);
	ok(cur.start <= (20u << 20) / 2 && cur.end > (20u << 20) / 2 && cur.cols <= 120,
	    "a position in the middle of a long line finds its display line");
	{
		long moved;
		size_t back = layout_move(l, cur.start, -1000, &moved);

		ok(moved == -1000 && back < cur.start, "moving up across segment seams works");
	}
	layout_free(l);
	/* Laid out between keys, the line then costs one block anywhere. */
	{
		struct layout *warm = layout_create(a, 120), *cold = layout_create(a, 120);
		size_t calls = 0, built;
		struct dline w;

		while (layout_warm(warm, 0, 0))
			calls++;
		built = layout_blocks_built(warm);
		layout_line_at(warm, (20u << 20) - 5, &w);
		layout_line_at(cold, (20u << 20) - 5, &cur);
		ok(calls > 1000 && layout_blocks_built(warm) - built == 1,
		    "after %zu slices between keys the end of a 20 MB line costs one block", calls);
		ok(w.start == cur.start && w.end == cur.end && w.len == cur.len &&
			memcmp(w.text, cur.text, w.len) == 0,
		    "and it is the same line as without them");
		ok(!layout_warm(warm, 0, 1000) && !layout_warm(cold, 0, 1000),
		    "a line laid out to its end, by slices or by a jump, needs no more");
		layout_free(warm);
		layout_free(cold);
	}
	article_free(a);
	free(big);
}

static void
test_positions(void)
{
	const char *text = "Title\n\nalpha beta gamma delta epsilon zeta eta theta\n";
	struct article *a = article_from_buffer("p", text, strlen(text));
	struct layout *l = layout_create(a, 12);
	struct dline d;
	size_t pos = (size_t)(strstr(text, "delta") - text);

	layout_line_at(l, pos, &d);
	ok(d.start <= pos && pos < d.end, "the line at a byte offset contains it");
	ok(strncmp(d.text, "gamma delta", 11) == 0, "and shows the text there");
	layout_line_at(l, 0, &d);
	ok(d.flags & DLINE_TITLE, "the title line is marked");
	layout_free(l);
	l = layout_create(a, 30);
	layout_line_at(l, pos, &d);
	ok(d.start <= pos && pos < d.end, "the same offset is found after a re-wrap");
	layout_free(l);
	article_free(a);
}

int
main(void)
{
	text_init();
	test_wrapping();
	test_positions();
	test_properties();
	test_lazy();
	return tap_done();
}
