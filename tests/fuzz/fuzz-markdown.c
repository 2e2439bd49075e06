/* libFuzzer target: any bytes rendered as Markdown, at two widths.  Every
 * view byte must be safe text (valid UTF-8, no control but '\n', no bidi
 * control), the source position of every view byte must lie in the source
 * and never go backwards, the links, headings and hangs must lie in the
 * view, and the title the list would show must be found in the bytes given
 * alone.
 *
 * Input: byte 0 picks the first width (1-128); the second is 80. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "reader.h"
#include "text.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_safe(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(s + i, n - i, &cp);

		if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
		    text_is_bidi_control(cp) || (cp == TEXT_REPLACEMENT && k != 3))
			abort();
		i += k;
	}
}

static void
check_doc(const struct doc *d, size_t srclen)
{
	size_t n = d->view->size, prev = 0;

	check_safe(d->view->data, n);
	for (size_t i = 0; i <= n; i++) {
		size_t s = doc_source_pos(d, i);
		if (s > srclen || s < prev)
			abort();
		prev = s;
	}
	for (size_t i = 0; i < d->nlinks; i++) {
		const struct doc_link *l = &d->links[i];
		if (l->start > l->end || l->end > n)
			abort();
		check_safe(l->target, strlen(l->target));
		check_safe(l->text, strlen(l->text));
	}
	for (size_t i = 0; i < d->nheadings; i++)
		if (d->headings[i].pos > n || d->headings[i].level < 1 || d->headings[i].level > 6)
			abort();
	for (size_t i = 0; i < d->nhangs; i++)
		if (d->hangs[i].line > n)
			abort();
}

static void
render(const uint8_t *data, size_t size, int width)
{
	struct doc_options o;
	struct doc *d;

	doc_options_init(&o);
	o.format = "markdown";
	o.width = width;
	d = doc_open(article_from_buffer("f.md", (const char *)data, size), &o);
	check_doc(d, size);
	doc_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;

	if (!ready) {
		text_init();
		ready = true;
	}
	if (size < 1)
		return 0;
	render(data + 1, size - 1, 1 + data[0] % 128);
	render(data + 1, size - 1, 80);

	/* The title from exactly the bytes given: a read past them is caught. */
	char *head = xmalloc(size);
	memcpy(head, data + 1, size - 1);
	free(reader_markdown.title(head, size - 1));
	free(head);
	return 0;
}
