/* libFuzzer target: any bytes, sanitized and laid out, must give lines that
 * fit, tile the article, hold no terminal control, keep every cluster that
 * fits and every non-space character, and be the same lines whether long
 * lines are cut in segments or laid out whole.
 *
 * Input: byte 0 picks the width (1-200), byte 1 the segment (32-1052
 * bytes), byte 2 how many times the rest is repeated (1-64; with its top
 * bit set, line ends become spaces, making one long line), so that short
 * inputs reach the seams of lines many segments long.  The same bytes as
 * a plain-text document are laid out again with reflow on, hanging
 * indents and (byte 1's low bit) chopping: rows must still tile the
 * article, fit with their leads (chopped rows aside), map inside their
 * ranges, and hold every offset that finds them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "layout.h"
#include "layoutcheck.h"
#include "text.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs are made at most this long after repeating. */
#define MAX_TEXT (8u << 10)

static void
check_safe(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(s + i, n - i, &cp);

		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || text_is_bidi_control(cp) ||
		    (cp == TEXT_REPLACEMENT && k == 1 && (unsigned char)s[i] >= 0x80))
			abort();
		i += k;
	}
}

/* Walks the whole layout: tiling, widths and safe text. */
static size_t
walk(struct layout *l, const struct article *a, int width)
{
	struct dline cur, next;
	size_t expect = 0, lines = 0;

	layout_line_at(l, 0, &cur);
	for (;;) {
		if (cur.start != expect || cur.cols > width ||
		    text_width(cur.text, cur.len) != cur.cols || ++lines > a->size + 1)
			abort();
		check_safe(cur.text, cur.len);
		expect = cur.end;
		if (!layout_next(l, &cur, &next))
			break;
		cur = next;
	}
	if (a->size > 0 && expect != a->size)
		abort();
	return lines;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct article *a;
	struct layout *l, *whole;
	size_t seg, reps, body, n = 0, lines, where;
	char *text;
	int width;

	if (!ready) {
		text_init();
		ready = 1;
	}
	if (size < 3)
		return 0;
	width = 1 + data[0] % 200;
	seg = 32 + (size_t)data[1] * 4;
	reps = 1 + (data[2] & 0x3F);
	body = size - 3;
	if (body * reps > MAX_TEXT)
		reps = body > 0 ? (MAX_TEXT / body > 0 ? MAX_TEXT / body : 1) : 1;
	text = xmalloc(body * reps + 1);
	for (size_t r = 0; r < reps; r++) {
		memcpy(text + n, data + 3, body);
		n += body;
	}
	if (data[2] & 0x80)
		for (size_t i = 0; i < n; i++)
			if (text[i] == '\n')
				text[i] = ' ';
	a = article_from_buffer("fuzz", text, n);
	l = layout_create_seamed(a, width, seg);
	whole = layout_create_seamed(a, width, 0);
	lines = walk(l, a, width);
	if (layoutcheck_same(l, whole, a->size, data[0] + 256u * data[1], &where) != NULL)
		abort();
	if (layoutcheck_properties(l, a, width, false, &where) != NULL)
		abort();
	/* Moving down and back up by the same count, across seams, comes back
	 * to the same line when nothing was clamped. */
	if (a->size > 0) {
		size_t pos = (size_t)data[0] * 7919 % a->size, there, back;
		long k = (long)(lines / 2) + 1, moved, moved_back;
		struct dline cur;

		layout_line_at(l, pos, &cur);
		if (pos < cur.start || pos >= cur.end)
			abort();
		there = layout_move(l, cur.start, k, &moved);
		back = layout_move(l, there, -moved, &moved_back);
		if (moved < 0 || moved > k || moved_back != -moved || back != cur.start)
			abort();
	}
	{
		struct article_skip *skip = article_skip_create();
		char *title;
		size_t s, e;

		article_skip_add(skip, "sign up");
		article_skip_add(skip, "straße");
		title = article_title_of(a->data, a->size, "fuzz", skip);
		check_safe(title, strlen(title));
		free(title);
		/* The title line lies in the bytes looked at. */
		article_title_range(a->data, a->size, skip, &s, &e);
		if (s > e || e > a->size || e > ARTICLE_TITLE_HEAD)
			abort();
		article_skip_free(skip);
	}
	{
		struct doc *d = doc_plain(article_from_buffer("fuzz", text, n));
		struct layout_options o = {
			.reflow = LAYOUT_REFLOW_ON, .chop = data[1] & 1, .hang = true
		};
		struct layout *r = layout_create_with(d, width, &o);
		struct dline cur, next;
		size_t expect = 0;

		layout_line_at(r, 0, &cur);
		for (;;) {
			if (cur.start != expect ||
			    (!(cur.flags & DLINE_CHOPPED) && cur.lead_cols + cur.cols > width) ||
			    text_width(cur.text, cur.len) != cur.cols)
				abort();
			check_safe(cur.text, cur.len);
			check_safe(cur.lead != NULL ? cur.lead : "", cur.lead_len);
			for (size_t i = 0; cur.map != NULL && i < cur.len; i++)
				if (cur.base + cur.map[i] < cur.start ||
				    cur.base + cur.map[i] >= cur.end)
					abort();
			expect = cur.end;
			if (!layout_next(r, &cur, &next))
				break;
			cur = next;
		}
		if (n > 0 && expect != n)
			abort();
		for (size_t pos = 0; pos < n; pos += 1 + pos % 61) {
			layout_line_at(r, pos, &cur);
			if (pos < cur.start || pos >= cur.end)
				abort();
		}
		layout_free(r);
		doc_free(d);
	}
	layout_free(l);
	layout_free(whole);
	article_free(a);
	free(text);
	return 0;
}
