/* Unit tests of the Markdown reader: each construct rendered and compared
 * with the exact view text, its roles, hangs, links, outline, metadata and
 * source positions; front matter in YAML and TOML; hostile input. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "frontmatter.h"
#include "reader.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

static struct doc *
render_n(const char *md, size_t len, int width)
{
	struct doc_options o;

	doc_options_init(&o);
	o.format = "markdown";
	o.width = width;
	return doc_open(article_from_buffer("t.md", md, len), &o);
}

static struct doc *
render(const char *md, int width)
{
	return render_n(md, strlen(md), width);
}

/* The view without the line end of its last line. */
static char *
view_of(const struct doc *d)
{
	size_t n = d->view->size;

	if (n > 0 && d->view->data[n - 1] == '\n')
		n--;
	return xstrndup(d->view->data, n);
}

static void
check_view(
    const char *md, int width, const char *want, const char *file, int line, const char *name)
{
	struct doc *d = render(md, width);
	char *got = view_of(d);

	tap_is_str(got, want, file, line, name);
	free(got);
	doc_free(d);
}

#define VIEW_IS(md, width, want, name) check_view((md), (width), (want), __FILE__, __LINE__, (name))

/* The view offset of the first occurrence of s. */
static size_t
at(const struct doc *d, const char *s)
{
	const char *v = d->view->data;
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= d->view->size; i++)
		if (memcmp(v + i, s, n) == 0)
			return i;
	return SIZE_MAX;
}

static enum role
role_of(const struct doc *d, const char *s)
{
	size_t pos = at(d, s);

	return pos == SIZE_MAX ? ROLE_COUNT : doc_role_at(d, pos, NULL);
}

/* Whether the view is safe text: valid UTF-8, no control but '\n'. */
static bool
view_safe(const struct doc *d)
{
	const char *v = d->view->data;
	size_t n = d->view->size;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(v + i, n - i, &cp);
		if (cp == TEXT_REPLACEMENT && k != 3)
			return false;
		if ((cp < 0x20 && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return false;
		i += k;
	}
	return true;
}

static void
test_blocks(void)
{
	VIEW_IS("# Title\n\nSome *emph* text\nsoft line\n\n## Sub\n\nhard  \nbreak\\\nagain\n", 80,
	    "Title\n\nSome emph text soft line\n\nSub\n\nhard\nbreak\nagain",
	    "headings lose their marks, soft breaks fold, hard breaks break");
	VIEW_IS("Setext\n======\n\nText\n", 80, "Setext\n\nText", "a setext heading");
	VIEW_IS("a\n\n---\n\nb\n", 10,
	    "a\n\n\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
	    "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
	    "\xE2\x94\x80\xE2\x94\x80\n\nb",
	    "a thematic break is a rule as wide as the text");
	VIEW_IS("```c\nint  x;\na\tb\n\n  end\n```\n", 80, "int  x;\na       b\n\n  end",
	    "fenced code is kept verbatim, tabs expanded");
	VIEW_IS("para\n\n    indented  code\n      more\n", 80, "para\n\nindented  code\n  more",
	    "indented code keeps its inner indentation");
	VIEW_IS("```\nopen fence\n# not a heading\n", 80, "open fence\n# not a heading",
	    "an unterminated fence runs to the end");
	VIEW_IS("<div>\n<b>bold</b> text\n</div>\n\na <span class=\"x\">b</span> c<!-- gone -->\n",
	    80, "bold text\n\na b c", "HTML tags are dropped, the text between them kept");
	VIEW_IS("one<br>two\n", 80, "one\ntwo", "an HTML line break breaks the line");

	struct doc *d = render("# Title *x*\n\n```\ncode\n```\n", 80);
	is_int(d->rendered, 1, "a Markdown document is a rendering");
	is_int(role_of(d, "Title"), ROLE_HEADING1, "a level 1 heading is painted as one");
	is_int(role_of(d, "code"), ROLE_CODE, "code blocks are code");
	is_int(d->width_dependent, 0, "no table: the rendering does not depend on the width");
	doc_free(d);
}

static void
test_inline(void)
{
	const char *md = "Some **strong**, `co  de`, ~~gone~~ and ![the alt](i.png) "
			 "&amp; &copy; &#x41;&#65; &bogus; &#0; x\n";
	struct doc *d = render(md, 80);
	char *v = view_of(d);

	is_str(v,
	    "Some strong, co de, gone and [image: the alt] & \xC2\xA9 AA &bogus; \xEF\xBF\xBD x",
	    "inline marks go, entities are decoded, an unknown one stays as written");
	is_int(role_of(d, "Some"), ROLE_TEXT, "plain text is plain");
	is_int(role_of(d, "strong"), ROLE_STRONG, "strong");
	is_int(role_of(d, "co de"), ROLE_CODE, "inline code");
	is_int(role_of(d, "gone"), ROLE_STRIKE, "strikethrough");
	is_int(role_of(d, "[image: the alt]"), ROLE_IMAGE, "an image is a placeholder");
	is_int(role_of(d, "alt]"), ROLE_IMAGE, "all of it");
	size_t amp = at(d, "& ");
	is_int(doc_source_pos(d, amp), (long long)(strstr(md, "&amp;") - md),
	    "a decoded entity maps to where it was written");
	free(v);
	doc_free(d);

	d = render("*emph with **strong** inside*\n", 80);
	is_int(role_of(d, "emph"), ROLE_EMPHASIS, "emphasis");
	is_int(role_of(d, "strong"), ROLE_STRONG, "the innermost role paints");
	is_int(role_of(d, " inside"), ROLE_EMPHASIS, "and the outer one again after it");
	doc_free(d);
}

static void
test_links(void)
{
	const char *md = "See [one](http://a.example/?x=1&amp;y) and <https://b.example/> "
			 "or www.c.example, ![pic](p.png).\n";
	struct doc *d = render(md, 80);
	char *v = view_of(d);
	size_t n = 0;
	const struct doc_link *l = doc_links(d, &n);

	is_str(v, "See one and https://b.example/ or www.c.example, [image: pic].",
	    "links show their text");
	is_int(n, 3, "three links: inline, autolink, permissive");
	if (n == 3) {
		is_str(l[0].text, "one", "the first link's text");
		is_str(l[0].target, "http://a.example/?x=1&y", "its target, entities decoded");
		is_int(l[0].start, at(d, "one"), "its range starts at its text");
		is_int(l[0].end, at(d, "one") + 3, "and ends after it");
		is_str(l[1].target, "https://b.example/", "an autolink's target");
		is_str(l[1].text, "https://b.example/", "an autolink's text is its address");
		is_str(l[2].target, "http://www.c.example", "a www. link gets its scheme");
	}
	is_int(role_of(d, "one"), ROLE_LINK, "link text is painted as a link");
	free(v);
	doc_free(d);

	d = render("Para\n\n[first](u) text\n\n- [item](v)\n", 80);
	l = doc_links(d, &n);
	ok(n == 2 && l[0].start == at(d, "first") && strcmp(l[0].text, "first") == 0,
	    "a link that starts a paragraph starts at its text");
	ok(n == 2 && l[1].start == at(d, "item") && strcmp(l[1].text, "item") == 0,
	    "one that starts a list item too, after the bullet");
	doc_free(d);
}

static void
test_lists(void)
{
	VIEW_IS("Intro\n\n- a\n- b\n  - c\n    - d\n- e\n", 80,
	    "Intro\n\n\xE2\x80\xA2 a\n\xE2\x80\xA2 b\n  \xE2\x97\xA6 c\n    \xE2\x96\xAA d\n"
	    "\xE2\x80\xA2 e",
	    "a tight list: no gaps, each level its bullet");
	VIEW_IS("Intro\n\n- - a\n- b\n- > q\n  > r\n- c\n", 80,
	    "Intro\n\n\xE2\x80\xA2 \xE2\x97\xA6 a\n\xE2\x80\xA2 b\n\xE2\x80\xA2 \xE2\x94\x82 q r\n"
	    "\xE2\x80\xA2 c",
	    "items that open with a list or a quote stay tight");
	VIEW_IS("- a\n\n- b\n", 80, "\xE2\x80\xA2 a\n\n\xE2\x80\xA2 b", "a loose list has gaps");
	VIEW_IS("1. x\n2. y\n", 80, "1. x\n2. y", "an ordered list");
	VIEW_IS("9. nine\n1. ten\n1. eleven\n", 80, " 9. nine\n10. ten\n11. eleven",
	    "numbers count from the start, aligned to the widest");
	VIEW_IS("- [x] done\n- [ ] todo\n- plain\n", 80,
	    "\xE2\x80\xA2 [x] done\n\xE2\x80\xA2 [ ] todo\n\xE2\x80\xA2 plain",
	    "task items show their box after the bullet");
	VIEW_IS("- item\n\n  second para\n- next\n", 80,
	    "\xE2\x80\xA2 item\n\n  second para\n\n\xE2\x80\xA2 next",
	    "an item's later blocks are indented under its text");
	VIEW_IS("- a\n\n  ```\n  code\n  ```\n", 80, "\xE2\x80\xA2 a\n\n  code",
	    "code inside an item is indented");

	struct doc *d = render("- first item\n- second\n\n10. ten\n", 80);
	const struct doc_hang *h = doc_hang_at(d, 0);
	is_int(doc_role_at(d, 0, NULL), ROLE_MARKER, "a bullet is a marker");
	ok(h && h->lead_cols == 2 && h->lead_len == 2 && memcmp(h->lead, "  ", 2) == 0,
	    "a bullet item hangs by two columns");
	size_t ten = at(d, "10. ");
	h = ten == SIZE_MAX ? NULL : doc_hang_at(d, ten);
	ok(h && h->lead_cols == 4, "a numbered item hangs by its number's width");
	is_int(role_of(d, "ten"), ROLE_TEXT, "the item's text is plain");
	doc_free(d);

	d = render("- [x] task text\n", 80);
	h = doc_hang_at(d, 0);
	ok(h && h->lead_cols == 6, "a task item hangs under its text, past the box");
	doc_free(d);
}

static void
test_quotes(void)
{
	VIEW_IS("> quoted\n> text\n", 80, "\xE2\x94\x82 quoted text", "a quote has a bar");
	VIEW_IS("> a\n>\n> > b\n", 80, "\xE2\x94\x82 a\n\xE2\x94\x82\n\xE2\x94\x82 \xE2\x94\x82 b",
	    "quotes nest, and blank lines inside keep the bar");
	VIEW_IS("> - x\n> - y\n", 80, "\xE2\x94\x82 \xE2\x80\xA2 x\n\xE2\x94\x82 \xE2\x80\xA2 y",
	    "a list inside a quote");

	struct doc *d = render("> quoted\n", 80);
	const struct doc_hang *h = doc_hang_at(d, 0);
	is_int(doc_role_at(d, 0, NULL), ROLE_QUOTE, "the bar is painted as a quote");
	ok(h && h->lead_len == 4 && memcmp(h->lead, "\xE2\x94\x82 ", 4) == 0,
	    "wrapped lines of a quote keep its bar");
	doc_free(d);
}

static const char table_md[] = "| Name | Qty | Note |\n"
			       "|:-----|----:|:----:|\n"
			       "| apple | 3 | red |\n"
			       "| kiwi | 12 | green and sweet fruit |\n";

static void
test_tables(void)
{
	struct doc *d = render(table_md, 80);
	char *v = view_of(d);

	is_str(v,
	    "Name  \xE2\x94\x82 Qty \xE2\x94\x82         Note\n"
	    "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\xBC"
	    "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\xBC"
	    "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
	    "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
	    "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
	    "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\n"
	    "apple \xE2\x94\x82   3 \xE2\x94\x82          red\n"
	    "kiwi  \xE2\x94\x82  12 \xE2\x94\x82 green and sweet fruit",
	    "at 80 columns a table is laid out in aligned columns");
	ok(d->width_dependent, "a table makes the rendering depend on the width");
	is_int(role_of(d, "Name"), ROLE_STRONG, "header cells are strong");
	is_int(role_of(d, "\xE2\x94\x82"), ROLE_RULE, "separators are drawn as rules");
	is_int(role_of(d, "kiwi"), ROLE_TEXT, "body cells are plain");
	is_int(doc_source_pos(d, at(d, "kiwi")), (long long)(strstr(table_md, "kiwi") - table_md),
	    "a cell maps to its source");
	free(v);
	doc_free(d);

	d = render(table_md, 30);
	v = view_of(d);
	is_str(v,
	    "| Name | Qty | Note |\n|:-----|----:|:----:|\n| apple | 3 | red |\n"
	    "| kiwi | 12 | green and sweet fruit |",
	    "at 30 columns it does not fit: its source lines are shown");
	ok(d->width_dependent, "that too depends on the width");
	free(v);
	doc_free(d);

	VIEW_IS("| a | b |\n|---|---|\n| [l](u) `c` | *e* |\n", 30,
	    "a   \xE2\x94\x82 b\n\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
	    "\xE2\x94\xBC\xE2\x94\x80\xE2\x94\x80\n"
	    "l c \xE2\x94\x82 e",
	    "inline marks in cells are measured without their marks");
	VIEW_IS(
	    "> | Name | Qty | Note |\n> |---|---|---|\n> | kiwi | 12 | green and sweet fruit |\n"
	    "\n- | Name | Qty | Note |\n  |---|---|---|\n  | kiwi | 12 | green and sweet fruit |\n",
	    30,
	    "\xE2\x94\x82 | Name | Qty | Note |\n\xE2\x94\x82 |---|---|---|\n"
	    "\xE2\x94\x82 | kiwi | 12 | green and sweet fruit |\n\n"
	    "\xE2\x80\xA2 | Name | Qty | Note |\n  |---|---|---|\n  | kiwi | 12 | green and sweet "
	    "fruit |",
	    "source lines of a table in a quote or an item lose the source's marks");
	VIEW_IS("| a | b |\r\n|---|---|\r\n| wide cell here | and another wide one |\r\n", 20,
	    "| a | b |\n|---|---|\n| wide cell here | and another wide one |",
	    "and their CR LF line ends");

	struct doc_options o;
	doc_options_init(&o);
	o.format = "markdown";
	o.width = 30;
	o.link_numbers = true;
	const char *linked = "[first](a)\n\n| a | b |\n|---|---|\n| [l](u) | x |\n| y | z |\n";
	d = doc_open(article_from_buffer("t.md", linked, strlen(linked)), &o);
	v = view_of(d);
	is_str(v,
	    "first[1]\n\na    \xE2\x94\x82 b\n\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
	    "\xE2\x94\x80\xE2\x94\xBC\xE2\x94\x80\xE2\x94\x80\n"
	    "l[2] \xE2\x94\x82 x\ny    \xE2\x94\x82 z",
	    "with link numbers, cells are measured with them");
	free(v);
	doc_free(d);

	d = render("| a | b |\n|---|---|\n| [l](u) | x |\n", 30);
	size_t n = 0;
	const struct doc_link *l = doc_links(d, &n);
	ok(n == 1 && strcmp(l[0].target, "u") == 0 && l[0].start == at(d, "l "),
	    "a link in a cell is a link");
	doc_free(d);
}

static void
test_front_matter(void)
{
	const char *yaml = "---\ntitle: \"A: title\"\nauthor:\n  - Ann\n  - Bob\n"
			   "date: 2024-01-02\ntags: [x, y]\n---\n# Body\n\ntext\n";
	struct doc *d = render(yaml, 80);
	char *v = view_of(d);

	is_str(v, "Body\n\ntext", "YAML front matter is not shown");
	is_str(d->meta.title, "A: title", "its title");
	is_str(d->meta.author, "Ann", "the first author of a list");
	is_str(d->meta.date, "2024-01-02", "its date");
	is_str(doc_title(d), "A: title", "the document's title");
	is_int(doc_source_pos(d, at(d, "text")), (long long)(strstr(yaml, "text") - yaml),
	    "offsets after front matter are offsets in the whole file");
	free(v);
	doc_free(d);

	d = render("---\ntitle: T\nauthor: Solo\n...\nbody\n", 80);
	v = view_of(d);
	is_str(v, "body", "a YAML block may end with \"...\"");
	is_str(d->meta.author, "Solo", "an author that is a string");
	free(v);
	doc_free(d);

	const char *toml = "+++\n# comment\ntitle = \"T \\u00e9 \\\"q\\\"\"  # c\n"
			   "author = [\"A\", \"B\"]\ndate = 2024-05-06\n[extra]\ntitle = \"no\"\n"
			   "+++\nbody\n";
	d = render(toml, 80);
	v = view_of(d);
	is_str(v, "body", "TOML front matter is not shown");
	is_str(d->meta.title, "T \xC3\xA9 \"q\"", "its title, escapes decoded");
	is_str(d->meta.author, "A", "its first author");
	is_str(d->meta.date, "2024-05-06", "its bare date");
	free(v);
	doc_free(d);

	VIEW_IS("---\ntitle: x\n\nbody\n", 5,
	    "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\n\ntitle: x\n\nbody",
	    "an unterminated front matter is Markdown: a rule and text");
	d = render("---\ntitle: x\n\nbody\n", 5);
	ok(d->meta.title == NULL, "and has no title");
	doc_free(d);
	VIEW_IS("---\nJust a line\n---\n", 3, "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\n\nJust a line",
	    "a block that is no mapping is Markdown (a setext heading)");

	/* Billion laughs: aliases are never expanded. */
	const char *laughs =
	    "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: *d\nauthor: [*d]\n"
	    "nested: {title: no}\ntitle: Real\n---\nx\n";
	d = render(laughs, 80);
	is_str(d->meta.title, "Real", "an alias is ignored, the next plain value taken");
	ok(d->meta.author == NULL, "an author list of aliases gives none");
	doc_free(d);

	char *big = xasprintf("---\ntitle: %0*d\n---\n", 5000, 7);
	struct front_matter fm;
	ok(front_matter_read(big, strlen(big), &fm) && fm.len[FRONT_TITLE] == FRONT_VALUE_MAX,
	    "a long value is cut at 1 KB");
	front_matter_free(&fm);
	free(big);
}

/* The title function over exactly len heap bytes, so that a read past
 * them is caught by the sanitizers. */
static char *
title_of(const char *s, size_t len)
{
	char *copy = xmalloc(len ? len : 1);
	char *t;

	memcpy(copy, s, len);
	t = reader_markdown.title(copy, len);
	free(copy);
	return t;
}

static void
test_title(void)
{
	const char *yaml = "---\ntitle: Head title\n---\n# Other\n";
	char *t = title_of(yaml, strlen(yaml));

	is_str(t, "Head title", "the title of a YAML front matter");
	free(t);
	t = title_of("+++\ntitle = 'lit'\n+++\n", 22);
	is_str(t, "lit", "of a TOML one (a literal string)");
	free(t);
	t = title_of(yaml, 20);
	ok(t == NULL, "a front matter cut by the head's end gives none");
	free(t);
	/* The closing line is whole once its "---" is. */
	size_t whole = (size_t)(strstr(yaml + 4, "---") - yaml) + 3;
	int none = 0;
	for (size_t len = 0; len < whole; len++) {
		t = title_of(yaml, len);
		none += t == NULL;
		free(t);
	}
	is_int(none, (long long)whole, "nor does any shorter prefix");
	t = title_of("# Heading\n\ntext\n", 16);
	ok(t == NULL, "a file without front matter has no metadata title");
	free(t);

	ok(reader_markdown.sniff("---\ntitle: a\n---\nx", 18), "front matter with a title sniffs");
	ok(!reader_markdown.sniff("Hello\n\n- a\n", 11), "plain text does not");
	ok(!reader_markdown.sniff("---\nfoo\n---\n", 12), "nor a rule with text");
	ok(reader_named("markdown") == &reader_markdown, "the reader is in the table");
	ok(reader_for("notes.md", "", 0) == &reader_markdown, "by its extension");
	ok(reader_for("a.mdwn", "", 0) == &reader_markdown, "all of them");
}

static void
test_positions(void)
{
	const char *md = "Intro text\n\n# First\n\npara\n\n### Third *level*\n";
	struct doc *d = render(md, 80);
	size_t n = 0;
	const struct doc_heading *h = doc_outline(d, &n);

	is_int(n, 2, "the outline has both headings");
	if (n == 2) {
		is_int(h[0].level, 1, "levels");
		is_int(h[1].level, 3, "levels too");
		is_str(h[0].text, "First", "texts");
		is_str(h[1].text, "Third level", "texts without their marks");
		is_int(h[0].pos, at(d, "First"), "positions are the headings' lines");
		is_int(doc_source_pos(d, h[0].pos), (long long)(strstr(md, "First") - md),
		    "a heading's view offset maps to its source offset");
		is_int(doc_source_pos(d, h[1].pos), (long long)(strstr(md, "Third") - md),
		    "the second one too");
		is_int(
		    doc_view_pos(d, (size_t)(strstr(md, "para") - md)), at(d, "para"), "and back");
	}
	size_t prev = 0;
	bool mono = true;
	for (size_t i = 0; i < d->view->size; i++) {
		size_t s = doc_source_pos(d, i);
		mono = mono && s >= prev && s <= strlen(md);
		prev = s;
	}
	ok(mono, "source positions never go backwards");
	doc_free(d);
}

static char *
repeat(const char *s, size_t times, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	char *out = xmalloc(n * times + t + 1);

	for (size_t i = 0; i < times; i++)
		memcpy(out + i * n, s, n);
	memcpy(out + n * times, tail, t + 1);
	return out;
}

static void
check_hostile(const char *unit, size_t times, const char *tail, size_t bound, const char *name)
{
	char *md = repeat(unit, times, tail);
	size_t len = strlen(md);
	struct doc *d = render_n(md, len, 80);

	ok(d->rendered && d->view->size <= bound && view_safe(d), "%s (%zu bytes of view)", name,
	    d->view->size);
	doc_free(d);
	free(md);
}

static void
test_hostile(void)
{
	check_hostile(">", 100000, " x\n", 4096, "100,000 nested quotes are bounded");
	check_hostile("- ", 100000, "x\n", 4096, "100,000 nested items too");
	check_hostile("1. ", 50000, "x\n", 4096, "and 50,000 nested numbered items");
	check_hostile("[", 100000, "x\n", 200000, "100,000 open brackets are text");
	check_hostile("> - ", 30000, "x\n", 4096, "quotes and items mixed");
	check_hostile("ab ", 7000000, "\n", 21000000, "a 21 MB single line");
	check_hostile(
	    "```\n", 1, "code\n\x1b[31mred\n", 4096, "an unterminated fence with escapes");

	struct doc *d = render("# \xFF\xFE bad \xC3\n\ntext \x1b]0;x\x07 \xE2\x80\xAE!\n", 80);
	size_t n = 0;
	const struct doc_heading *h = doc_outline(d, &n);
	ok(view_safe(d), "malformed UTF-8 and controls are made safe");
	ok(n == 1 && strstr(h[0].text, "\xEF\xBF\xBD") != NULL,
	    "the heading says where bytes were bad");
	doc_free(d);

	d = render("[x](<javascript:\x1b[2J>) ![\x1b]2;t\x07](u)\n", 80);
	const struct doc_link *l = doc_links(d, &n);
	ok(n == 1 && strchr(l[0].target, 0x1b) == NULL, "a link target is safe text");
	ok(view_safe(d), "and so is alt text");
	doc_free(d);
}

int
main(void)
{
	text_init();
	test_blocks();
	test_inline();
	test_links();
	test_lists();
	test_quotes();
	test_tables();
	test_front_matter();
	test_title();
	test_positions();
	test_hostile();
	return tap_done();
}
