/* Checks shared by the layout's tests and its fuzz target. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>

#include "article.h"
#include "layout.h"
#include "layoutcheck.h"
#include "text.h"
#include "xmalloc.h"

/* Compares two layouts of one article line by line; returns NULL when they
 * are the same, else what differs. */
const char *
layoutcheck_same(struct layout *x, struct layout *y, size_t size, unsigned long seed, size_t *where)
{
	struct dline a, b, na, nb;
	bool ma, mb;

	layout_line_at(x, 0, &a);
	layout_line_at(y, 0, &b);
	for (;;) {
		*where = a.start;
		if (a.start != b.start || a.end != b.end)
			return "a line starts or ends elsewhere";
		if (a.len != b.len || memcmp(a.text, b.text, a.len) != 0)
			return "a line shows other text";
		if (a.cols != b.cols || a.flags != b.flags)
			return "a line has other columns or flags";
		ma = layout_next(x, &a, &na);
		mb = layout_next(y, &b, &nb);
		if (ma != mb)
			return "one layout has more lines";
		if (!ma)
			break;
		a = na;
		b = nb;
	}
	/* The seamed layout also walks back and finds lines at random. */
	for (int i = 0; i < 20 && size > 0; i++) {
		size_t pos;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		pos = (size_t)(seed >> 33) % size;

		layout_line_at(x, pos, &a);
		layout_line_at(y, pos, &b);
		*where = pos;
		if (a.start != b.start || a.end != b.end)
			return "random access finds another line";
		if (layout_prev(x, &a, &na) != layout_prev(y, &b, &nb) ||
		    (a.start > 0 && (na.start != nb.start || na.end != nb.end)))
			return "walking back finds another line";
	}
	return NULL;
}

/* The wrapping properties of one layout of a; returns NULL or what fails. */
const char *
layoutcheck_properties(
    struct layout *l, const struct article *a, int width, bool words, size_t *where)
{
	struct sanbuf sb = { 0 };
	char *gb, *nonspace, *got;
	size_t k = 0, g = 0;
	struct dline cur, next;
	bool placeholder = false;
	const char *fail = NULL;
	size_t o = 0;

	article_sanitize(a->data, a->size, true, &sb);
	gb = xmalloc(sb.len + 1);
	u8_grapheme_breaks((const uint8_t *)sb.text, sb.len, gb);
	nonspace = xmalloc(sb.len + 1);
	got = xmalloc(sb.len * 2 + 16);
	for (size_t i = 0; i < sb.len; i++)
		if (sb.text[i] != ' ' && sb.text[i] != '\n')
			nonspace[k++] = sb.text[i];
	layout_line_at(l, 0, &cur);
	for (;;) {
		*where = cur.start;
		if (cur.cols > width || text_width(cur.text, cur.len) != cur.cols) {
			fail = "a line is wider than the width";
			break;
		}
		placeholder |= (cur.flags & DLINE_PLACEHOLDER) != 0;
		if (!(cur.flags & DLINE_PLACEHOLDER))
			for (size_t i = 0; i < cur.len; i++)
				if (cur.text[i] != ' ')
					got[g++] = cur.text[i];
		if (cur.flags & DLINE_CONTINUED) {
			size_t c = o, e;

			/* The sanitized offset of the line's start. */
			while (c < sb.len && sb.map[c] < cur.start)
				c++;
			o = c;
			/* (A space that is the base of a cluster, or that the
			 * sanitizer put before a zero-width character, is text.) */
			if (cur.len > 0 && cur.text[0] == ' ' && !(c + 1 < sb.len && !gb[c + 1]) &&
			    !(c + 1 < sb.len && sb.map[c + 1] == sb.map[c] &&
				sb.text[c + 1] != ' ')) {
				fail = "a continuation line starts with a space";
				break;
			}
			if (c < sb.len && !gb[c] && !(cur.flags & DLINE_PLACEHOLDER)) {
				size_t s0 = c, e0 = c + 1;

				while (s0 > 0 && !gb[s0])
					s0--;
				while (e0 < sb.len && !gb[e0])
					e0++;
				if (text_width(sb.text + s0, e0 - s0) <= width) {
					fail = "a line break cuts a grapheme cluster that fits";
					break;
				}
			}
			/* (A line end before a row of a joined paragraph is
			 * the space between two words.) */
			if (words && c > 0 && sb.text[c - 1] != ' ' && sb.text[c - 1] != '\n') {
				size_t s0 = c, e0 = c;

				while (s0 > 0 && sb.text[s0 - 1] != ' ' && sb.text[s0 - 1] != '\n')
					s0--;
				for (e = e0; e < sb.len && sb.text[e] != ' ' && sb.text[e] != '\n';
				     e++)
					;
				if (text_width(sb.text + s0, e - s0) <= width) {
					fail = "a line break cuts a word that fits";
					break;
				}
			}
		}
		if (!layout_next(l, &cur, &next))
			break;
		cur = next;
	}
	if (fail == NULL && !placeholder && (g != k || memcmp(got, nonspace, k) != 0))
		fail = "text was lost or invented";
	free(gb);
	free(nonspace);
	free(got);
	sanbuf_free(&sb);
	return fail;
}
