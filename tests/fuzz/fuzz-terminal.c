/* libFuzzer target: any bytes read by the terminal reader, and by the
 * plain-text scanners.  The view must be safe (valid UTF-8, no control
 * but '\n', no bidi control), every view byte must map into the source,
 * the runs must be sorted and the spans tile the view; the outline and
 * the links of the raw bytes must be in order, within the text, with
 * safe texts; every URL found in the view must lie in it and start after
 * where the search began. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "reader.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless s[0..n) is safe text; line ends are allowed when lines. */
static void
check_safe(const char *s, size_t n, bool lines)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(s + i, n - i, &cp);

		if ((cp < 0x20 && !(lines && cp == '\n')) || (cp >= 0x7F && cp <= 0x9F) ||
		    text_is_bidi_control(cp) || (cp == TEXT_REPLACEMENT && k == 1))
			abort();
		i += k;
	}
}

static void
check_view(const struct doc *d, size_t srclen)
{
	const struct article *v = d->view;
	size_t prev = 0, end;

	check_safe(v->data, v->size, true);
	for (size_t i = 0; i <= v->size; i++)
		if (doc_source_pos(d, i) > srclen ||
		    doc_view_pos(d, doc_source_pos(d, i)) > v->size)
			abort();
	for (size_t i = 0; i < d->nruns; i++) {
		if (d->runs[i].start < prev || d->runs[i].start > v->size ||
		    d->runs[i].role >= ROLE_COUNT)
			abort();
		prev = d->runs[i].start;
	}
	if (v->size > 0 && d->nspans == 0)
		abort();
	for (size_t i = 0, at = 0; i < d->nspans; i++) {
		if (d->spans[i].view != at || d->spans[i].src > srclen)
			abort();
		if (d->spans[i].copied && d->spans[i].src + d->spans[i].len > srclen)
			abort();
		at += d->spans[i].len;
		if (i + 1 == d->nspans && at != v->size)
			abort();
	}
	for (size_t pos = 0; pos < v->size; pos = end) {
		doc_role_at(d, pos, &end);
		if (end <= pos)
			abort();
	}
}

static void
check_scanners(const char *s, size_t n)
{
	struct doc_heading *h;
	struct doc_link *l;
	size_t nh, nl, from = 0, us, ue;

	text_outline(s, n, &h, &nh);
	for (size_t i = 0; i < nh; i++) {
		if (h[i].pos >= n || (i > 0 && h[i].pos <= h[i - 1].pos) || h[i].level < 1 ||
		    h[i].level > 6)
			abort();
		check_safe(h[i].text, strlen(h[i].text), false);
		free(h[i].text);
	}
	free(h);
	text_links(s, n, &l, &nl);
	for (size_t i = 0; i < nl; i++) {
		if (l[i].start >= l[i].end || l[i].end > n || (i > 0 && l[i].start < l[i - 1].end))
			abort();
		check_safe(l[i].text, strlen(l[i].text), false);
		check_safe(l[i].target, strlen(l[i].target), false);
		free(l[i].text);
		free(l[i].target);
	}
	free(l);
	while (text_find_url(s, n, from, &us, &ue)) {
		if (us < from || ue <= us || ue > n)
			abort();
		from = ue;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct doc_options o;
	struct doc *d;

	if (!ready) {
		text_init();
		ready = 1;
	}
	doc_options_init(&o);
	o.format = "terminal";
	d = doc_open(article_from_buffer("fuzz", (const char *)data, size), &o);
	if (!d->rendered || d->reader != &reader_terminal)
		abort();
	check_view(d, size);
	check_scanners(d->view->data, d->view->size);
	doc_free(d);
	check_scanners((const char *)data, size);
	(void)reader_terminal.sniff((const char *)data, size);
	return 0;
}
