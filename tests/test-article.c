/* Unit tests of reading articles and making their bytes safe to show. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
#include "fixture.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* The sanitized form of s, as a new string. */
static char *
san(const char *s, size_t n)
{
	struct sanbuf sb = { 0 };
	char *r;

	article_sanitize(s, n, true, &sb);
	r = xstrdup(sb.text);
	sanbuf_free(&sb);
	return r;
}

#define SAN_IS(in, want, name) \
	do { \
		char *got_ = san((in), sizeof(in) - 1); \
		is_str(got_, (want), (name)); \
		free(got_); \
	} while (0)

/* True when no byte of s could act on a terminal: no C0 but '\n', no DEL,
 * no C1 (as UTF-8), no bidi embedding, override or isolate control. */
static int
terminal_safe(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(s + i, n - i, &cp);

		if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
		    text_is_bidi_control(cp))
			return 0;
		if (cp == TEXT_REPLACEMENT && k == 1 && (unsigned char)s[i] >= 0x80)
			return 0; /* invalid UTF-8 left in the output */
		i += k;
	}
	return 1;
}

static void
test_controls(void)
{
	SAN_IS("a\x1b[31mb", "a\xE2\x90\x9B[31mb", "ESC becomes the control picture U+241B");
	SAN_IS("x\x07y\x7fz", "x\xE2\x90\x87y\xE2\x90\xA1z", "BEL and DEL become pictures");
	SAN_IS("n\x00n", "n\xE2\x90\x80n", "NUL is shown, never truncates");
	SAN_IS("c\xC2\x9B"
	       "2J",
	    "c<U+009B>2J", "C1 CSI is shown as <U+009B>");
	SAN_IS("\xE2\x80\xAE"
	       "evil\xE2\x80\xAC",
	    "<U+202E>evil<U+202C>", "bidi override is neutralised");
	SAN_IS("\xE2\x81\xA7x\xE2\x81\xA9", "<U+2067>x<U+2069>", "bidi isolates are neutralised");
	SAN_IS("a\xC0\xAF"
	       "b",
	    "a\xEF\xBF\xBD\xEF\xBF\xBD"
	    "b",
	    "overlong form gives one U+FFFD per byte");
	SAN_IS("s\xED\xA0\x80", "s\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "surrogate is invalid");
	SAN_IS("a\tb\tc", "a       b       c", "tabs expand to multiples of 8");
	SAN_IS("\xE4\xB8\xAD\tx", "\xE4\xB8\xAD      x", "tab stops count display columns");
	SAN_IS("one\r\ntwo\r\n", "one\ntwo", "CR LF is a line end");
	SAN_IS("one\rtwo", "one\ntwo", "a lone CR is a hard break");
	SAN_IS("l\xE2\x80\xA8m", "l\nm", "U+2028 is a hard break");
	SAN_IS("\xEF\xBB\xBFtitle", "title", "a BOM at the start is dropped");
	SAN_IS("\xCC\x81x", " \xCC\x81x", "a leading combining mark gets a base");
	SAN_IS("caf\xC3\xA9 e\xCC\x81", "caf\xC3\xA9 e\xCC\x81", "accents pass unchanged");
}

static void
test_map(void)
{
	struct sanbuf sb = { 0 };
	const char *in = "a\x1b"
			 "b\tc";

	article_sanitize(in, strlen(in), false, &sb);
	/* "a" "␛"(3 bytes) "b" 5 spaces "c" */
	ok(sb.len == 11 && sb.map[0] == 0 && sb.map[1] == 1 && sb.map[3] == 1 && sb.map[4] == 2 &&
		sb.map[5] == 3 && sb.map[9] == 3 && sb.map[10] == 4 && sb.map[11] == 5,
	    "every output byte maps back to the raw byte that made it");
	sanbuf_free(&sb);
}

static void
test_fixtures_safe(void)
{
	char **names = fixture_list();
	struct sanbuf sb = { 0 };

	for (char **p = names; *p != NULL; p++) {
		size_t len;
		char *data = fixture_read(*p, &len);

		article_sanitize(data, len, true, &sb);
		ok(terminal_safe(sb.text, sb.len), "sanitized %s holds no terminal control", *p);
		free(data);
	}
	sanbuf_free(&sb);
	fixture_list_free(names);
}

static void
test_every_byte(void)
{
	char all[256 * 3];
	struct sanbuf sb = { 0 };

	/* Every byte value, alone and in pairs with its neighbours. */
	for (int i = 0; i < 256; i++) {
		all[3 * i] = (char)i;
		all[3 * i + 1] = (char)(255 - i);
		all[3 * i + 2] = (char)(i ^ 0x80);
	}
	article_sanitize(all, sizeof all, false, &sb);
	ok(terminal_safe(sb.text, sb.len), "no byte value survives as a terminal control");
	sanbuf_free(&sb);
}

static void
test_titles(void)
{
	char *t;

	t = article_title_of("\n \t\n  Hello   world \n\nbody", 25, "x.txt", NULL);
	is_str(t, "Hello world", "title is the first non-blank line, trimmed and folded");
	free(t);
	t = article_title_of("T\x1b]0;pwn\x07 x\n", 13, "x.txt", NULL);
	is_str(t, "T\xE2\x90\x9B]0;pwn\xE2\x90\x87 x", "title escapes are made visible");
	free(t);
	t = article_title_of("", 0, "dir/empty.txt", NULL);
	is_str(t, "empty.txt", "an empty file is titled by its name");
	free(t);
	t = article_title_of("", 0, "dir/\x1b[2Jname", NULL);
	is_str(t, "\xE2\x90\x9B[2Jname", "a file name used as title is made safe");
	free(t);
	{
		char *longline = xmalloc(5000);

		memset(longline, 'w', 4999);
		longline[4999] = '\0';
		t = article_title_of(longline, 4999, "l.txt", NULL);
		ok(strlen(t) <= 400 && strlen(t) > 300, "a long title is cut");
		free(t);
		free(longline);
	}
}

/* The title of text with skip, freed, compared with want. */
static void
title_is(const char *text, const struct article_skip *skip, const char *want, const char *name)
{
	char *t = article_title_of(text, strlen(text), "f.txt", skip);

	is_str(t, want, name);
	free(t);
}

static void
test_headlines(void)
{
	struct article_skip *web = article_skip_create(), *none = article_skip_create(),
			    *own = article_skip_create();
	struct article *a;
	size_t s, e;
	char *big;

	article_skip_add(web, "sign up");
	article_skip_add(web, "cookie");
	article_skip_add(web, "sign in");
	article_skip_add(web, "straße");
	article_skip_add(web, "");
	article_skip_add(own, "breaking");

	title_is("# vim: set ft=markdown:\nReal title\n", NULL, "Real title",
	    "a vim modeline is not a title");
	title_is("/* vi: ts=4 sw=4 */\nReal title\n", NULL, "Real title", "nor a vi modeline");
	title_is("ex: set tw=72\nT\n", NULL, "T", "nor an ex modeline");
	title_is("-*- mode: text; coding: utf-8 -*-\nT\n", NULL, "T", "nor an Emacs one");
	title_is(
	    "My ex: a story\n", NULL, "My ex: a story", "\"ex:\" in a sentence is no modeline");

	title_is("LS(1)        User Commands        LS(1)\n\nN\bNA\bAM\bME\bE\n"
		 "       ls - list directory contents\n",
	    NULL, "ls - list directory contents",
	    "a manual page is titled by its NAME line, past its header");
	title_is("GIT(1)   Git Manual   GIT(1)\n\nNAME\n   git - the stupid content tracker\n",
	    NULL, "git - the stupid content tracker", "also when it is not overstruck");
	title_is("NAME\nMy notes\n", NULL, "NAME", "a NAME line without a header is a title");
	title_is("ls(1) and ls(1)\n", NULL, "ls(1) and ls(1)",
	    "a header has its parts apart: two blanks or more");
	title_is("A(1)  B  A(1)\n\nNAME\n", NULL, "A(1) B A(1)",
	    "a header with nothing after it is the title still");
	title_is("[![Build](https://ci/b.svg)](https://ci) ![cov](c.svg)\n\n# Project\n", NULL,
	    "Project", "a line of Markdown badges is not a title");
	title_is("[Home](/) [About](/about)\nT\n", NULL, "T", "nor a line of links");
	title_is(
	    "[Home](/) and more\n", NULL, "[Home](/) and more", "a link in a sentence is kept");

	title_is("----\n\xE2\x94\x8C\xE2\x94\x80\xE2\x94\x80\xE2\x94\x90\n"
		 "\xE2\x94\x82  \xE2\x94\x82\n\xE2\x95\x90\xE2\x95\x90\n* * *\n~~~\nTitle\n",
	    NULL, "Title", "rules and box-drawing art are not titles");
	title_is("<div class=\"x\"><span>\n---\n+++\n===\n<h1>Head</h1>\n", NULL, "<h1>Head</h1>",
	    "markup-only lines are not titles; a tagged headline is");

	title_is("## Heading two\n", NULL, "Heading two", "a Markdown heading loses its #s");
	title_is("#\t Tabbed\n", NULL, "Tabbed", "  ... and the blanks after them");
	title_is("#hashtag here\n", NULL, "#hashtag here", "a # with no blank after it stays");
	title_is("###\n#  \nX\n", NULL, "X", "a line of only #s is not a title");

	title_is("Sign Up now!\nWe use COOKIES\nDesign in Practice\n", web, "Design in Practice",
	    "boilerplate lines are skipped, in any case, where a word starts");
	title_is("STRASSE news\nOK\n", web, "OK", "patterns match with full case folding");
	title_is("Unsigned\n", web, "Unsigned", "an empty pattern skips nothing");
	title_is("Breaking: x\nSign up\nReal\n", own, "Sign up",
	    "the configured patterns are the ones honoured");
	title_is("Sign up\nReal\n", none, "Sign up", "an empty list skips no boilerplate");
	title_is("Sign up\nReal\n", NULL, "Sign up", "  ... and no list neither");

	title_is("\n----\nSign up today\n\n", web, "----",
	    "nothing qualifies: the first non-blank line");
	article_title_range("\n----\nSign up\n", 14, web, &s, &e);
	ok(s == 1 && e == 5, "  ... and its range");
	title_is("\n \n", web, "f.txt", "no line: the file name");

	big = xmalloc(64 * 4 + 16);
	big[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(big, "---\n");
	strcat(big, "Title\n");
	title_is(big, NULL, "---", "only the first 40 non-blank lines are looked at");
	big[0] = '\0';
	for (int i = 0; i < 39; i++)
		strcat(big, "---\n");
	strcat(big, "Title\n");
	title_is(big, NULL, "Title", "  ... the 40th is");
	free(big);
	big = xmalloc(ARTICLE_TITLE_HEAD + 64);
	memset(big, '=', ARTICLE_TITLE_HEAD + 64);
	for (size_t i = 1000; i < ARTICLE_TITLE_HEAD; i += 1000)
		big[i] = '\n';
	memcpy(big + ARTICLE_TITLE_HEAD - 1, "\nHeadline\n", 10);
	{
		char *t = article_title_of(big, ARTICLE_TITLE_HEAD + 9, "f.txt", NULL);

		ok(strncmp(t, "===", 3) == 0, "a headline past the first bytes is not looked at");
		free(t);
	}
	memcpy(big + ARTICLE_TITLE_HEAD - 12, "\nHeadline\n", 10);
	{
		char *t = article_title_of(big, ARTICLE_TITLE_HEAD + 64, "f.txt", NULL);

		is_str(t, "Headline", "  ... one within them is");
		free(t);
	}
	free(big);

	a = article_from_buffer("w", "Sign up\n\n# The news\nbody\n", 25);
	ok(a->title_start == 0 && a->title_end == 7, "an article's title line has no patterns");
	article_find_title(a, web);
	ok(a->title_start == 9 && a->title_end == 19,
	    "article_find_title marks the line the title is taken from");
	article_free(a);

	article_skip_free(web);
	article_skip_free(none);
	article_skip_free(own);
	article_skip_free(NULL);
}

static void
test_open(void)
{
	char dir[] = "/tmp/folio-test-XXXXXX";
	char *fifo, *file, *err = NULL;
	struct article *a;
	FILE *f;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	fifo = xasprintf("%s/fifo", dir);
	file = xasprintf("%s/file.txt", dir);
	mkfifo(fifo, 0600);
	a = article_open(fifo, &err);
	ok(a == NULL && err != NULL && strstr(err, "not a regular file") != NULL,
	    "a FIFO is refused without blocking");
	free(err);
	err = NULL;
	a = article_open(dir, &err);
	ok(a == NULL && err != NULL, "a folder is not an article");
	free(err);
	err = NULL;
	f = fopen(file, "w");
	fputs("\n\nTitle line\r\nbody\n", f);
	fclose(f);
	a = article_open(file, &err);
	ok(a != NULL && a->size == 19 && a->title_start == 0 && a->title_end == 0,
	    "an article maps its bytes and leaves its title to whoever shows it");
	article_find_title(a, NULL);
	ok(a->title_start == 2 && a->title_end == 12, "its title line is found on request");
	article_free(a);
	a = article_open("/nonexistent/x", &err);
	ok(a == NULL && err != NULL && strstr(err, "No such file") != NULL,
	    "a missing file says why");
	free(err);
	article_free(NULL);
	unlink(fifo);
	unlink(file);
	rmdir(dir);
	free(fifo);
	free(file);
}

/* A file truncated while it is mapped reads as NUL bytes, not SIGBUS. */
static void
test_truncated(void)
{
	char path[] = "/tmp/folio-trunc-XXXXXX";
	int fd = mkstemp(path);
	/* Big enough to be mapped rather than read. */
	size_t size = 2 * ARTICLE_READ_MAX;
	char *buf = xmalloc(size), *err = NULL, *dumped;
	struct article *a;
	size_t sum = 0;

	memset(buf, 'x', size);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size) {
		ok(0, "make a file to truncate");
		free(buf);
		return;
	}
	article_guard_init();
	a = article_open(path, &err);
	if (ftruncate(fd, 100) != 0)
		tap_diag("ftruncate failed");
	for (size_t i = 0; i < a->size; i += 4096)
		sum += (unsigned char)a->data[i];
	ok(article_guard_tripped() && sum == 'x', "reading past a truncation gives NUL bytes");
	{
		struct article_window w = { 0 };
		size_t len;
		const char *p = article_window(a, &w, size - 10, size, &len);

		ok(len == 10 && p[0] == '\0' && p[9] == '\0',
		    "a window past the truncation reads NUL bytes too");
		article_window_free(&w);
	}
	ok(!article_guard_tripped(), "and the notice is given once");
	dumped = article_title_of(a->data, a->size, path, NULL);
	ok(dumped != NULL, "the rest of the article can still be used");
	free(dumped);
	article_free(a);
	close(fd);
	unlink(path);
	free(buf);
}

int
main(void)
{
	text_init();
	test_controls();
	test_map();
	test_fixtures_safe();
	test_every_byte();
	test_titles();
	test_headlines();
	test_open();
	test_truncated();
	return tap_done();
}
