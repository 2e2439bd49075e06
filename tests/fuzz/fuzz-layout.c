/* libFuzzer target: any bytes, sanitized and laid out at a width taken from
 * the input, must give lines that fit, tile the article and hold no
 * terminal control. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "layout.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct article *a;
	struct layout *l;
	struct dline cur, next;
	size_t expect = 0, lines = 0;
	int width;

	if (!ready) {
		text_init();
		ready = 1;
	}
	if (size < 1)
		return 0;
	width = 1 + data[0] % 100;
	a = article_from_buffer("fuzz", (const char *)data + 1, size - 1);
	l = layout_create(a, width);
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
	/* Random access agrees with the walk. */
	if (a->size > 0) {
		size_t pos = (size_t)data[0] * 7919 % a->size;

		layout_line_at(l, pos, &cur);
		if (pos < cur.start || pos >= cur.end)
			abort();
	}
	{
		char *title = article_title_of(a->data, a->size, "fuzz");

		check_safe(title, strlen(title));
		free(title);
	}
	layout_free(l);
	article_free(a);
	return 0;
}
