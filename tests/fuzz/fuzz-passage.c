/* libFuzzer target: the passages a copy takes and their safe text.  The
 * first two bytes pick an offset and a count, the rest is the text.
 * Checked: a paragraph found holds the offset or starts after it, starts
 * at a line start with a line that is not blank, and ends at a line
 * start or the end; the lines between two offsets hold both; and the
 * safe text of the whole is the sanitizer's text of it, valid UTF-8 with
 * no control but the line ends. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "passage.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
at_line_start(const char *t, size_t len, size_t pos)
{
	return pos == 0 || pos == len || (pos < len && t[pos - 1] == '\n');
}

static bool
blank_from(const char *t, size_t len, size_t pos)
{
	for (; pos < len && t[pos] != '\n'; pos++)
		if (t[pos] != ' ' && t[pos] != '\t' && t[pos] != '\r')
			return false;
	return true;
}

static void
check_safe(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(s + i, n - i, &cp);

		if (cp == TEXT_REPLACEMENT && k == 1)
			abort();
		if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp < 0xA0) ||
		    text_is_bidi_control(cp))
			abort();
		i += k;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data + 2;
	size_t len = size >= 2 ? size - 2 : 0, pos, other, n;
	struct passage p;
	struct sanbuf sb = { 0 };
	char *safe;

	if (size < 2)
		return 0;
	pos = len > 0 ? data[0] * len / 256 : 0;
	other = len > 0 ? data[1] * len / 256 : 0;
	if (passage_paragraphs(t, len, pos, data[1] % 4, &p)) {
		if (p.start > p.end || p.end > len || !at_line_start(t, len, p.start) ||
		    !at_line_start(t, len, p.end) || blank_from(t, len, p.start))
			abort();
		if (p.start > pos && !blank_from(t, len, passage_line_start(t, len, pos)))
			abort();
		if (p.start > 0 && !blank_from(t, len, passage_line_start(t, len, p.start - 1)))
			abort();
	}
	passage_lines(t, len, pos, other, &p);
	if (p.start > p.end || p.end > len || !at_line_start(t, len, p.start) ||
	    !at_line_start(t, len, p.end) || p.start > (pos < other ? pos : other) ||
	    (p.end < len && p.end <= (pos > other ? pos : other)))
		abort();
	safe = passage_safe(t, len, &n);
	check_safe(safe, n);
	/* Under a piece, the safe text is the sanitizer's of the whole. */
	article_sanitize(t, len, true, &sb);
	if (sb.len != n || memcmp(sb.text, safe, n) != 0)
		abort();
	sanbuf_free(&sb);
	free(safe);
	return 0;
}
