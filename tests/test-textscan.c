/* Unit tests of the plain-text scanners: URLs, the outline by how lines
 * look, and the numbered links. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "reader.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* The first URL in text as its bytes, or "none". */
static char *
first_url(const char *text)
{
	size_t s, e;

	if (!text_find_url(text, strlen(text), 0, &s, &e))
		return xstrdup("none");
	return xstrndup(text + s, e - s);
}

static void
check_url(const char *text, const char *want, const char *file, int line, const char *name)
{
	char *got = first_url(text);

	tap_is_str(got, want, file, line, name);
	free(got);
}

#define url_is(text, want, name) check_url((text), (want), __FILE__, __LINE__, (name))

static void
test_schemes(void)
{
	url_is("see http://example.com/a for more", "http://example.com/a", "http://");
	url_is("at https://example.org/x?q=1&r=2#frag.", "https://example.org/x?q=1&r=2#frag",
	    "https:// with a query and a fragment, sentence full stop dropped");
	url_is("get ftp://ftp.example.net/pub/file.tar.gz now",
	    "ftp://ftp.example.net/pub/file.tar.gz", "ftp://, dots inside kept");
	url_is("write to mailto:someone@example.com, please", "mailto:someone@example.com",
	    "mailto:, comma dropped");
	url_is("visit www.example.com!", "www.example.com", "www., exclamation dropped");
	url_is("HTTPS://EXAMPLE.COM/UP", "HTTPS://EXAMPLE.COM/UP", "schemes in upper case");
	url_is("nothing here at all", "none", "no URL");
	url_is("just http:// and www.", "none", "a scheme with nothing after it is no URL");
	url_is("xhttp://example.com and notwww.example.com", "none",
	    "a scheme right after a letter is no URL");
	url_is("http://", "none", "a bare scheme at the end");
	url_is("(http://example.com/a:b)", "http://example.com/a:b", "a colon inside is kept");
}

static void
test_punctuation(void)
{
	url_is("Is it http://example.com/?", "http://example.com/", "question mark dropped");
	url_is("\"http://example.com/q\"", "http://example.com/q", "a quote ends it");
	url_is("'http://example.com/q'.", "http://example.com/q", "quote and full stop dropped");
	url_is("end: http://example.com/a.;:!?", "http://example.com/a", "a run of them dropped");
	url_is("<http://example.com/a>", "http://example.com/a", "angle brackets end it");
	url_is("x http://a.example/b\ty", "http://a.example/b", "a tab ends it");
	url_is("x http://a.example/b\ny", "http://a.example/b", "a line end ends it");
}

static void
test_brackets(void)
{
	url_is("(see http://example.com/page)", "http://example.com/page",
	    "a closing bracket with no opening one is dropped");
	url_is("http://en.wikipedia.org/wiki/C_(language)",
	    "http://en.wikipedia.org/wiki/C_(language)", "a balanced bracket is kept");
	url_is("(http://en.wikipedia.org/wiki/C_(language)).",
	    "http://en.wikipedia.org/wiki/C_(language)", "balanced kept, the outer one dropped");
	url_is("[http://example.com/x]", "http://example.com/x", "square brackets");
	url_is("{http://example.com/x}", "http://example.com/x", "braces");
	url_is("http://example.com/a[1]", "http://example.com/a[1]", "a balanced square pair");
	url_is("http://example.com/a)))))", "http://example.com/a", "many unopened ones");
	url_is("(http://example.com/a]).", "http://example.com/a", "mixed kinds, none opened");
}

static void
test_unicode(void)
{
	url_is("voir http://例え.テスト/パス ici", "http://例え.テスト/パス", "IDN host and path");
	url_is("http://ru.wikipedia.org/wiki/Чечня.", "http://ru.wikipedia.org/wiki/Чечня",
	    "Cyrillic path, full stop dropped");
	url_is("http://example.com/a\xE2\x90\x9B[1m", "http://example.com/a",
	    "a control picture (escape) ends it");
	url_is("http://example.com/a\xE2\x90\x88"
	       "x",
	    "http://example.com/a", "a control picture (backspace) ends it");
	url_is("http://example.com/a\x1b[0m", "http://example.com/a", "a raw escape byte ends it");
	url_is("http://example.com/a\xC2\xA0"
	       "b",
	    "http://example.com/a", "a no-break space ends it");
	url_is("http://example.com/a\xE3\x80\x80"
	       "b",
	    "http://example.com/a", "an ideographic space ends it");
	url_is(
	    "http://example.com/a\xFF", "http://example.com/a", "a byte that is not UTF-8 ends it");
}

static void
test_from(void)
{
	const char *t = "a http://one.example b www.two.example c";
	size_t s = 0, e = 0;

	ok(text_find_url(t, strlen(t), 0, &s, &e) && s == 2 && e == 20, "the first from 0");
	ok(text_find_url(t, strlen(t), e, &s, &e) && s == 23 && e == 38, "the next from its end");
	ok(!text_find_url(t, strlen(t), e, &s, &e), "none after the last");
	ok(!text_find_url(t, 10, 0, &s, &e) || e <= 10, "never past len");
}

/* The outline of text as "level:pos:text" lines. */
static char *
outline(const char *text)
{
	struct doc_heading *h;
	size_t n;
	char *out = xstrdup("");

	text_outline(text, strlen(text), &h, &n);
	for (size_t i = 0; i < n; i++) {
		char *line = xasprintf("%s%d:%zu:%s\n", out, h[i].level, h[i].pos, h[i].text);

		free(out);
		out = line;
		free(h[i].text);
	}
	free(h);
	return out;
}

static void
check_outline(const char *text, const char *want, const char *file, int line, const char *name)
{
	char *got = outline(text);

	tap_is_str(got, want, file, line, name);
	free(got);
}

#define outline_is(text, want, name) check_outline((text), (want), __FILE__, __LINE__, (name))

/* A paragraph of lines longer than 60 columns. */
#define PROSE \
	"This paragraph runs on for long enough that its lines are prose lines,\n" \
	"wrapped at seventy-two columns as plain text so often is, and more.\n"

static void
test_underlined(void)
{
	outline_is("Title\n=====\n\ntext\n", "1:0:Title\n", "a line over '=' is level 1");
	outline_is("Part two\n---\n\ntext\n", "2:0:Part two\n", "a line over '-' is level 2");
	outline_is("Title\n==  \n", "", "two '=' are not enough");
	outline_is("Title  \n=====   \nx\n", "1:0:Title\n", "trailing blanks on both lines");
	outline_is("one line\ntwo line\n-----\n", "",
	    "the last line of a paragraph over a rule is not a heading");
	outline_is("=====\n=====\n", "", "a rule over a rule");
	outline_is("Title\r\n=====\r\n", "1:0:Title\n", "CR LF line ends");
	outline_is("Title\n=-=-=\n", "", "mixed characters are no underline");
}

static void
test_numbered(void)
{
	outline_is("1. Introduction\n\n" PROSE "\n2.3 Details of it\n\ntext\n",
	    "1:0:1. Introduction\n2:157:2.3 Details of it\n", "numbered: level is components");
	outline_is("\n1.2.3. Deep\n\n", "3:1:1.2.3. Deep\n", "three components with a final dot");
	outline_is("1. buy milk\n\n", "", "a lower-case item is no heading");
	outline_is("1. Buy milk.\n\n", "", "nor one ending with a full stop");
	outline_is("1. Eggs\n2. Milk\n3. Bread\n", "", "a tight numbered list is not");
	outline_is("10 Downing Street\n\nx\n", "", "one component needs its dot");
	outline_is("2024. A year\n\nx\n", "", "four digits are a year, not a number");
	outline_is("   1. Indented\n\nx\n", "", "an indented one is not");
	outline_is(
	    "1. A title that goes on and on well past the seventy-two columns of the text\n\n", "",
	    "a long one is not");
}

static void
test_man_sections(void)
{
	const char *man = "LS(1)                    User Commands                   LS(1)\n"
			  "\n"
			  "NAME\n"
			  "       ls - list directory contents\n"
			  "\n"
			  "SYNOPSIS\n"
			  "       ls [OPTION]... [FILE]...\n"
			  "\n"
			  "SEE ALSO\n"
			  "       dir(1)\n";

	outline_is(man, "1:64:NAME\n1:106:SYNOPSIS\n1:148:SEE ALSO\n", "man page section names");
	outline_is("NOTE\nnot indented after\n", "", "a section name needs indented text after");
	outline_is("NAME2\n   x\n", "", "only letters and spaces");
	outline_is("SEE  ALSO\n   x\n", "", "single spaces");
	outline_is("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNO\n   x\n", "", "at most 40 bytes");
}

static void
test_short_lines(void)
{
	outline_is("A short heading\n\n" PROSE, "2:0:A short heading\n",
	    "a short line before prose is level 2");
	outline_is(PROSE "\nWhere it leads\n\n\n" PROSE, "2:140:Where it leads\n",
	    "between paragraphs, more blank lines");
	outline_is("Roses are red\nViolets are blue\n\nSugar is sweet\n\nAnd so are you\n", "",
	    "a poem's short lines are not headings");
	outline_is("Eggs\n\nMilk\n\nBread\n\nButter\n", "", "a list of short items is not");
	outline_is("Thanks,\n\nJohn Smith\n\n-- \nJohn Smith\njohn@example.com\n", "",
	    "a signature is not");
	outline_is("Ending with a colon:\n\n" PROSE, "", "a line ending with ':' is not");
	outline_is("- a list item\n\n" PROSE, "", "a list item is not");
	outline_is("* * *\n\n" PROSE, "", "a line of punctuation is not");
	outline_is("  Indented\n\n" PROSE, "", "an indented line is not");
	outline_is("Short\n\nshort too\n", "", "nor when the paragraph after is short");
	outline_is("Last line\n", "", "nor at the end of the text");
}

static void
test_outline_safety(void)
{
	outline_is("Bad \x1b[1mtitle\n=====\n", "1:0:Bad \xE2\x90\x9B[1mtitle\n",
	    "heading texts are safe text");
	outline_is("\xEF\xBB\xBFTitle\n=====\n", "1:3:Title\n", "a BOM is skipped");
	outline_is("", "", "an empty text has no outline");
	outline_is("\n\n\n", "", "nor do blank lines");
}

static void
test_links(void)
{
	const char *t =
	    "one http://a.example/x, two <www.b.example> and \x1b]8;;http://c.example/\x07";
	struct doc_link *l;
	size_t n;

	text_links(t, strlen(t), &l, &n);
	is_int((long long)n, 3, "three URLs, in order");
	if (n == 3) {
		is_str(l[0].text, "http://a.example/x", "link 1 text");
		is_str(l[0].target, "http://a.example/x", "link 1 target is the URL");
		ok(l[0].start == 4 && l[0].end == 22, "link 1 range is raw");
		is_str(l[1].text, "www.b.example", "link 2");
		is_str(l[2].text, "http://c.example/", "link 3 ends at a control byte");
	}
	for (size_t i = 0; i < n; i++) {
		free(l[i].text);
		free(l[i].target);
	}
	free(l);
	text_links("", 0, &l, &n);
	is_int((long long)n, 0, "no links in no text");
	free(l);
}

/* A long text, scanned in one pass: the counts are exact. */
static void
test_big(void)
{
	const char *unit = "Heading\n\n" PROSE "see http://x.example/ and www.y.example.\n\n";
	size_t ul = strlen(unit), reps = 20000, n;
	char *big = xmalloc(ul * reps);
	struct doc_heading *h;
	struct doc_link *l;

	for (size_t i = 0; i < reps; i++)
		memcpy(big + i * ul, unit, ul);
	text_outline(big, ul * reps, &h, &n);
	is_int((long long)n, (long long)reps, "one heading per unit of a big text");
	for (size_t i = 0; i < n; i++)
		free(h[i].text);
	free(h);
	text_links(big, ul * reps, &l, &n);
	is_int((long long)n, (long long)(2 * reps), "two links per unit");
	for (size_t i = 0; i < n; i++) {
		free(l[i].text);
		free(l[i].target);
	}
	free(l);
	free(big);
}

int
main(void)
{
	text_init();
	test_schemes();
	test_punctuation();
	test_brackets();
	test_unicode();
	test_from();
	test_underlined();
	test_numbered();
	test_man_sections();
	test_short_lines();
	test_outline_safety();
	test_links();
	test_big();
	return tap_done();
}
