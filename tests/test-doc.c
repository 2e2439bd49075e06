/* Unit tests of the document model and its builder, written through the
 * builder directly as a reader would. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "layout.h"
#include "reader.h"
#include "tap.h"
#include "text.h"

static struct doc_builder *
start(struct article **src, const char *bytes, int width, bool numbers)
{
	struct doc_options o;

	doc_options_init(&o);
	o.width = width;
	o.link_numbers = numbers;
	*src = article_from_buffer("t.md", bytes, strlen(bytes));
	return docb_create(*src, &o);
}

/* Adds text that is the source's own, found at its first occurrence. */
static void
add(struct doc_builder *b, const struct article *src, const char *s)
{
	const char *at = strstr(src->data, s);

	docb_text(b, s, strlen(s), at != NULL ? (size_t)(at - src->data) : 0, at != NULL);
}

static void
view_is(const struct doc *d, const char *want, const char *name)
{
	is_mem(d->view->data, d->view->size, want, strlen(want), name);
}

static void
test_blocks(void)
{
	struct article *src;
	const char *raw = "Head\none  two\nthree\ncode\tx\n  kept";
	struct doc_builder *b = start(&src, raw, 40, false);
	struct doc *d;
	size_t n;
	const struct doc_heading *h;

	docb_block(b, DOC_HEADING, 2, false);
	add(b, src, "Head");
	docb_block(b, DOC_PARA, 0, false);
	add(b, src, "one  two\nthree");
	docb_block(b, DOC_PRE, 0, false);
	docb_push(b, ROLE_CODE);
	add(b, src, "code\tx\n  kept");
	docb_pop(b);
	d = docb_finish(b, src);
	view_is(d, "Head\n\none two three\n\ncode    x\n  kept\n",
	    "blocks: a blank line between them, flowing text folds, pre keeps its lines");
	is_int(doc_role_at(d, 0, NULL), ROLE_HEADING2, "a heading is painted in its level's role");
	is_int(doc_role_at(d, 6, NULL), ROLE_TEXT, "a paragraph is plain");
	is_int(doc_role_at(d, 21, NULL), ROLE_CODE, "pre text has the role pushed");
	h = doc_outline(d, &n);
	ok(n == 1 && h[0].level == 2 && h[0].pos == 0 && strcmp(h[0].text, "Head") == 0,
	    "the heading is in the outline");
	is_int((long long)doc_source_pos(d, 6), 5, "a paragraph's first byte maps to its source");
	is_int((long long)doc_source_pos(d, 10), 10, "bytes after a folded space map exactly");
	is_int((long long)doc_view_pos(d, 14), 14, "and back: the source's 'three' is in view");
	is_int((long long)doc_view_pos(d, 9), 9, "a folded space maps to the space shown");
	is_str(d->reader == NULL ? "none" : d->reader->name, "none",
	    "the builder leaves the reader to doc_open");
	doc_free(d);
}

static void
test_containers(void)
{
	struct article *src;
	const char *raw = "alpha beta gamma delta\nsecond\nquoted";
	struct doc_builder *b = start(&src, raw, 12, false);
	struct doc *d;
	const struct doc_hang *hg;

	docb_open(b, "• ", "  ", ROLE_MARKER);
	docb_block(b, DOC_PARA, 0, true);
	add(b, src, "alpha beta gamma delta");
	docb_close(b);
	docb_open(b, "• ", "  ", ROLE_MARKER);
	docb_block(b, DOC_PARA, 0, true);
	add(b, src, "second");
	docb_close(b);
	docb_open(b, "│ ", "│ ", ROLE_QUOTE);
	docb_block(b, DOC_PARA, 0, false);
	add(b, src, "quoted");
	docb_block(b, DOC_PARA, 0, false);
	add(b, src, "second");
	docb_close(b);
	d = docb_finish(b, src);
	view_is(d, "• alpha beta gamma delta\n• second\n\n│ quoted\n│\n│ second\n",
	    "tight items, a quote with a blank line inside it");
	is_int(doc_role_at(d, 0, NULL), ROLE_MARKER, "the bullet is a marker");
	hg = doc_hang_at(d, 0);
	ok(hg != NULL && hg->lead_cols == 2 && strcmp(hg->lead, "  ") == 0,
	    "an item's wrapped lines hang under its text");
	hg = doc_hang_at(d, strlen("• alpha beta gamma delta\n• second\n\n"));
	ok(hg != NULL && strcmp(hg->lead, "│ ") == 0, "a quote's wrapped lines keep its bar");
	ok(doc_hang_at(d, 1) == NULL, "no hang inside a line");
	doc_free(d);
}

static void
test_links_and_meta(void)
{
	struct article *src;
	const char *raw = "see here and there";
	struct doc_builder *b = start(&src, raw, 80, true);
	struct doc *d;
	size_t n;
	const struct doc_link *l;

	docb_block(b, DOC_PARA, 0, false);
	add(b, src, "see ");
	docb_link_begin(b, "http://a/\x1b[31m", 14);
	add(b, src, "here");
	docb_link_end(b);
	add(b, src, " and ");
	docb_link_begin(b, "b.html", 6);
	docb_link_end(b);
	docb_meta(b, "title", "  A\n  title\x07 ", 13);
	docb_meta(b, "title", "second", 6);
	docb_meta(b, "nonsense", "x", 1);
	d = docb_finish(b, src);
	view_is(d, "see here[1] and [2]\n", "links are numbered after their text");
	l = doc_links(d, &n);
	ok(n == 2 && l[0].start == 4 && l[0].end == 8 && strcmp(l[0].text, "here") == 0,
	    "a link's text and range");
	ok(n == 2 && strchr(l[0].target, '\x1b') == NULL && strstr(l[0].target, "\xE2\x90\x9B"),
	    "an escape in a target becomes a picture");
	ok(n == 2 && strcmp(l[1].text, "b.html") == 0,
	    "a link with no text is named by its target");
	is_int(doc_role_at(d, 5, NULL), ROLE_LINK, "link text is a link");
	is_int(doc_role_at(d, 9, NULL), ROLE_LINK_NUMBER, "its number is styled");
	is_str(doc_title(d), "A title\xE2\x90\x87",
	    "metadata is trimmed, folded, sanitized; first wins");
	doc_free(d);
}

static void
test_hostile(void)
{
	struct article *src;
	const char *raw = "x";
	struct doc_builder *b = start(&src, raw, 30, false);
	struct doc *d;
	bool safe = true;

	for (int i = 0; i < 100000; i++)
		docb_open(b, "> ", "> ", ROLE_QUOTE);
	for (int i = 0; i < 100000; i++)
		docb_push(b, ROLE_STRONG);
	docb_block(b, DOC_PARA, 0, false);
	docb_text(b, "a\x1b]52;c;x\x07\xff\xe2\x80\xae", 14, 0, true);
	for (int i = 0; i < 100000; i++)
		docb_pop(b);
	for (int i = 0; i < 100001; i++)
		docb_close(b);
	docb_block(b, DOC_RULE, 0, false);
	d = docb_finish(b, src);
	for (size_t i = 0; i < d->view->size; i++) {
		unsigned char c = (unsigned char)d->view->data[i];

		if ((c < 0x20 && c != '\n') || c == 0x7f)
			safe = false;
	}
	ok(safe && strstr(d->view->data, "<U+202E>") != NULL, "hostile bytes come out as pictures");
	ok(strncmp(d->view->data, "> > > > > > > > > > > > > > > > a", 33) == 0,
	    "prefixes stop at 16 containers");
	ok(d->width_dependent && strstr(d->view->data, "\n\n\xE2\x94\x80") != NULL,
	    "a rule is drawn, and makes the document depend on the width");
	doc_free(d);
}

/* A list item wraps under its text, its lead before each continuation,
 * and the layout carries the document's roles. */
static void
test_layout(void)
{
	struct article *src;
	const char *raw = "alpha beta gamma delta epsilon";
	struct doc_builder *b = start(&src, raw, 12, false);
	struct doc *d;
	struct layout *l;
	struct dline cur, next;
	int n = 0;
	bool fits = true, leads = true;

	docb_open(b, "• ", "  ", ROLE_MARKER);
	docb_block(b, DOC_PARA, 0, false);
	docb_push(b, ROLE_STRONG);
	add(b, src, "alpha beta gamma delta epsilon");
	docb_pop(b);
	docb_close(b);
	d = docb_finish(b, src);
	l = layout_create_doc(d, 12);
	layout_line_at(l, 0, &cur);
	ok(cur.lead == NULL && cur.roles != NULL && cur.roles[0] == ROLE_MARKER &&
		cur.roles[4] == ROLE_STRONG,
	    "the first line has no lead, and the marker's and the text's roles");
	for (;;) {
		n++;
		fits = fits && cur.cols + cur.lead_cols <= 12;
		if (n > 1)
			leads = leads && cur.lead != NULL && cur.lead_cols == 2 &&
			    strcmp(cur.lead, "  ") == 0 && cur.roles != NULL &&
			    cur.roles[0] == ROLE_STRONG;
		if (!layout_next(l, &cur, &next))
			break;
		cur = next;
	}
	ok(n == 4 && fits, "wrapped lines leave room for their lead (%d lines)", n);
	ok(leads, "each continuation has the item's lead, and keeps its role");
	layout_free(l);
	doc_free(d);
}

static void
test_open(void)
{
	struct doc_options o;
	struct article *a = article_from_buffer("notes.txt", "plain\n", 6);
	struct doc *d;

	doc_options_init(&o);
	d = doc_open(a, &o);
	ok(d->view == d->source && !d->rendered && strcmp(d->reader->name, "text") == 0,
	    "plain text is its own view");
	is_int((long long)doc_source_pos(d, 3), 3, "and its positions are the source's");
	ok(doc_release(d) == a, "releasing gives the article back");
	article_free(a);
	ok(reader_for("x/NOTES.TXT", "<html>", 6) == reader_named("text"),
	    "the extension chooses, whatever its case");
	ok(reader_for("x.d/file", "", 0) == &reader_text, "a dot in a folder is no extension");
	ok(reader_named("nonsense") == NULL, "an unknown reader name is none");
}

/* Whether the first link that line k of the layout of d (at width) shows
 * is whole there (1), cut (0), or there is none (-1). */
static int
first_link_whole(const struct doc *d, int width, int k)
{
	struct layout *l = layout_create_doc(d, width);
	struct dline line;
	struct dlink *v;
	size_t n;
	int r = -1;

	layout_line_at(l, 0, &line);
	for (int i = 0; i < k && layout_next(l, &line, &line); i++)
		;
	n = layout_links(l, &line, &v);
	if (n > 0)
		r = v[0].whole;
	layout_links_free(v, n);
	layout_free(l);
	return r;
}

/* A link all on one line is whole (it is written without an id); one cut
 * over lines is not, on either of its lines: plain-text URLs and a
 * document's links alike. */
static void
test_whole_links(void)
{
	struct doc_options o;
	const char *txt =
	    "see http://a.example/x here and http://b.example/a/long/path/wrapped end\n";
	const char *md =
	    "see [a](http://a.example/) and [a text long enough to wrap](http://b.example/)\n";
	struct article *a = article_from_buffer("t.txt", txt, strlen(txt));
	struct article *m = article_from_buffer("t.md", md, strlen(md));
	struct doc *d, *dm;

	doc_options_init(&o);
	d = doc_open(a, &o);
	dm = doc_open(m, &o);
	is_int(first_link_whole(d, 80, 0), 1, "a URL all on its line is whole");
	is_int(first_link_whole(d, 40, 1), 0, "a URL cut over two lines is not, on the first");
	is_int(first_link_whole(d, 40, 2), 0, "nor on the second");
	is_int(first_link_whole(dm, 80, 0), 1, "a document's link all on its line is whole");
	is_int(first_link_whole(dm, 20, 1), 0, "a document's link cut over lines is not");
	doc_free(d);
	doc_free(dm);
}

int
main(void)
{
	text_init();
	test_whole_links();
	test_blocks();
	test_containers();
	test_links_and_meta();
	test_hostile();
	test_layout();
	test_open();
	return tap_done();
}
