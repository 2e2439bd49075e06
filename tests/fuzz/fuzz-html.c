/* libFuzzer target: any bytes rendered as HTML, at a width taken from the
 * first byte and at a narrow one.  Every byte of the view must be safe
 * (valid UTF-8, no C0 control but '\n', no DEL, C1 or bidi control), so
 * must every link, heading and metadata string, and each view offset must
 * map to a source offset inside the file, never decreasing.  The scan
 * title of the same bytes must be safe once sanitized, as the list shows
 * it.  Bytes the reader cannot read at all show as plain text, which is
 * the layout's to make safe (fuzz-layout). */
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
check_safe(const char *s, size_t n, bool lines)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(s + i, n - i, &cp);

		if ((cp < 0x20 && !(lines && cp == '\n')) || (cp >= 0x7F && cp <= 0x9F) ||
		    text_is_bidi_control(cp) ||
		    (cp == TEXT_REPLACEMENT && k == 1 && (unsigned char)s[i] >= 0x80))
			abort();
		i += k;
	}
}

static void
check_str(const char *s)
{
	if (s)
		check_safe(s, strlen(s), false);
}

static void
check_doc(const struct doc *d)
{
	size_t prev = 0;

	if (!d->rendered)
		return; /* shown as plain text, which the layout sanitizes */
	check_safe(d->view->data, d->view->size, true);
	for (size_t i = 0; i < d->nlinks; i++) {
		check_str(d->links[i].target);
		check_str(d->links[i].text);
		if (d->links[i].start > d->links[i].end || d->links[i].end > d->view->size)
			abort();
	}
	for (size_t i = 0; i < d->nheadings; i++) {
		check_str(d->headings[i].text);
		if (d->headings[i].pos > d->view->size)
			abort();
	}
	check_str(d->meta.title);
	check_str(d->meta.author);
	check_str(d->meta.date);
	check_str(d->meta.source);
	for (size_t v = 0; v < d->view->size; v++) {
		size_t s = doc_source_pos(d, v);

		if (s < prev || s > d->source->size)
			abort();
		prev = s;
	}
}

static void
render_at(const uint8_t *data, size_t size, int width)
{
	struct doc_options o;
	struct doc *d;

	doc_options_init(&o);
	o.format = "html";
	o.width = width;
	d = doc_open(article_from_buffer("fuzz.html", (const char *)data, size), &o);
	check_doc(d);
	doc_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	char *title;

	if (!ready) {
		text_init();
		ready = true;
	}
	if (size == 0)
		return 0;
	render_at(data + 1, size - 1, 1 + data[0] % 160);
	render_at(data + 1, size - 1, 8);
	title = reader_html.title(
	    (const char *)data + 1, size - 1 < ARTICLE_TITLE_HEAD ? size - 1 : ARTICLE_TITLE_HEAD);
	if (title) {
		char *safe = article_safe_line(title, strlen(title));

		check_safe(safe, strlen(safe), false);
		free(safe);
		free(title);
	}
	return 0;
}
