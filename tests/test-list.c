/* Unit tests of what the source list shows of an entry: the row format
 * (list_format) and its fields, sizes, word counts over tricky Unicode and
 * through the windows of a mapped file, and own titles made safe. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "article.h"
#include "fixture.h"
#include "info.h"
#include "keymap.h"
#include "library.h"
#include "listfmt.h"
#include "state.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* An entry as the library makes them, without a file; drop frees it. */
static struct entry
entry(const char *path, const char *group, const char *title, off_t size, time_t mtime)
{
	return (struct entry){ .path = xstrdup(path),
		.group = xstrdup(group),
		.title = xstrdup(title),
		.size = size,
		.mtime = mtime };
}

static void
drop(struct entry *e)
{
	free(e->path);
	free(e->group);
	free(e->title);
	free(e->own_title);
}

/* The row of e for spec, or "error: why" when spec is refused. */
static char *
row(const char *spec, const char *date, const struct entry *e, bool unread)
{
	char *why = NULL, *r;
	struct listfmt *f = listfmt_parse(spec, date, &why);

	if (f == NULL) {
		r = xasprintf("error: %s", why);
		free(why);
		return r;
	}
	r = listfmt_row(f, e, unread);
	listfmt_free(f);
	return r;
}

static void
check_row(const char *want, const char *spec, const struct entry *e, bool unread, const char *file,
    int line)
{
	char *got = row(spec, NULL, e, unread);

	tap_is_str(got, want, file, line, spec);
	free(got);
}

#define row_is(want, spec, e, unread) check_row((want), (spec), (e), (unread), __FILE__, __LINE__)

static void
test_fields(void)
{
	struct entry e = entry("/home/me/news/world/one.txt", "world", "A title", 3481, 0);
	struct entry top = entry("lone.txt", "", "Lone", 512, 0);
	char *got;

	row_is("A title", LISTFMT_DEFAULT, &e, true);
	row_is("one.txt", "%f", &e, false);
	row_is("world/one.txt", "%p", &e, false);
	row_is("lone.txt", "%p", &top, false);
	row_is("3.4K", "%s", &e, false);
	row_is("512B", "%s", &top, false);
	row_is("N", "%u", &e, true);
	row_is(" ", "%u", &e, false);
	row_is("100% A title", "100%% %t", &e, false);
	row_is("", "", &e, false);
	row_is("[A title] (one.txt)", "[%t] (%f)", &e, false);
	e.own_title = xstrdup("Mine");
	row_is("Mine one.txt", "%t %f", &e, false);
	got = listfmt_row(NULL, &e, false);
	is_str(got, "Mine", "no format: the title alone, own first");
	free(got);
	free(e.own_title);
	e.own_title = NULL;

	/* The date in UTC, whatever the machine's zone. */
	setenv("TZ", "UTC", 1);
	tzset();
	e.mtime = 1796607764; /* 2026-12-07 01:42:44 UTC */
	got = row("%d", NULL, &e, false);
	is_str(got, "2026-12-07", "%d: the default date format");
	free(got);
	got = row("%d", "%d %b %Y, %H:%M", &e, false);
	is_str(got, "07 Dec 2026, 01:42", "%d: the date_format given");
	free(got);
	got = row("<%d>", "", &e, false);
	is_str(got, "<>", "%d: an empty date_format shows nothing");
	free(got);
	got = row("%d", "\x1b]0;owned\x07%Y", &e, false);
	ok(strchr(got, 0x1b) == NULL && strchr(got, 0x07) == NULL && strstr(got, "2026") != NULL,
	    "%%d: controls in date_format are made safe (%s)", got);
	free(got);
	drop(&e);
	drop(&top);
}

static void
test_widths(void)
{
	struct entry e = entry("/a/b.txt", "", "Chechnya", 100, 0);
	struct entry wide = entry("/a/w.txt", "", "日本語の記事", 100, 0);
	struct entry comb = entry("/a/c.txt", "", "cafe\xCC\x81s", 100, 0);

	row_is("  100B", "%6s", &e, false);
	row_is("100B  |", "%-6s|", &e, false);
	row_is("Chech", "%5t", &e, false);
	row_is("Chechnya  |", "%-10t|", &e, false);
	row_is("  Chechnya", "%10t", &e, false);
	row_is("N Chechnya", "%-1u %t", &e, true);
	/* Columns, not bytes: a wide character is two and never halved. */
	row_is("日本語 |", "%-7t|", &wide, false);
	row_is("日本語|", "%-6t|", &wide, false);
	row_is(" 日本語の記事", "%13t", &wide, false);
	/* A combining accent stays with its letter. */
	row_is("cafe\xCC\x81|", "%-4t|", &comb, false);
	row_is("caf|", "%-3t|", &comb, false);
	drop(&wide);
	drop(&comb);
	row_is("0123456789012345678901234567890123456789Chechnya",
	    "0123456789012345678901234567890123456789%t", &e, false);
	drop(&e);
}

static void
check_error(const char *spec, const char *want, const char *file, int line)
{
	char *why = NULL;
	bool good = listfmt_check(spec, &why);

	tap_ok(!good && why != NULL && strstr(why, want) != NULL, file, line,
	    "refused: \"%s\" (%s)", spec, why != NULL ? why : "accepted");
	free(why);
}

#define refused(spec, want) check_error((spec), (want), __FILE__, __LINE__)

static void
test_errors(void)
{
	char *why = NULL;

	refused("%x", "unknown conversion %x");
	refused("%t %q", "unknown conversion %q");
	refused("abc %", "a lone %");
	refused("%-", "a lone %");
	refused("%5", "a lone %");
	refused("%0t", "a width of 0");
	refused("%-t", "a width of 0");
	refused("%501t", "a width over 500");
	refused("%99999999999999999999t", "a width over 500");
	refused("%\xC3\xA9", "unknown conversion %\xC3\xA9");
	refused("%\x1b[31m", "unknown conversion %\xE2\x90\x9B");
	refused("%\xff", "unknown conversion %\xEF\xBF\xBD");
	ok(listfmt_check("%500t%-1s%%%u%d%p%f", &why) && why == NULL, "every conversion parses");
	free(why);
}

static void
test_hostile(void)
{
	struct entry e = entry("/x/\x1b]2;pwned\x07\xE2\x80\xAEname.txt", "\x1b[2J", "T", 1, 0);
	char *got = row("%f %p literal\x1b[31m\x9b", NULL, &e, false);

	ok(strchr(got, 0x1b) == NULL && strchr(got, 0x07) == NULL &&
		strstr(got, "\xE2\x80\xAE") == NULL && strstr(got, "\xC2\x9B") == NULL,
	    "file names, folders and format text are made safe: %s", got);
	free(got);
	drop(&e);
}

static void
size_is(uint64_t size, const char *want, const char *file, int line)
{
	char out[8];

	listfmt_size(size, out);
	tap_is_str(out, want, file, line, want);
}

#define size_is(size, want) size_is((size), (want), __FILE__, __LINE__)

static void
test_sizes(void)
{
	size_is(0, "0B");
	size_is(1023, "1023B");
	size_is(1024, "1.0K");
	size_is(1025, "1.1K");
	size_is(3481, "3.4K");
	size_is(10 * 1024 - 1, "10K");
	size_is(12 * 1024 * 1024, "12M");
	size_is(1024 * 1024 - 1, "1.0M");
	size_is(200u * 1024 * 1024, "200M");
	size_is(UINT64_C(5) << 30, "5.0G");
	size_is(UINT64_MAX, "16E");
}

static void
words_are(const char *s, size_t want, const char *name, const char *file, int line)
{
	size_t n = strlen(s), whole = info_count_words(s, n);
	bool split_ok = true;

	tap_is_int((long long)whole, (long long)want, file, line, name);
	/* Fed in two pieces cut at every byte, the count is the same. */
	for (size_t cut = 0; cut <= n; cut++) {
		struct info_words w = { 0 };
		size_t used = info_words_feed(&w, s, n, cut);

		info_words_feed(&w, s + used, n - used, n - used);
		if (w.words != want)
			split_ok = false;
	}
	tap_ok(split_ok, file, line, "%s: the same in two pieces cut anywhere", name);
}

#define words_are(s, want, name) words_are((s), (want), (name), __FILE__, __LINE__)

static void
test_words(void)
{
	words_are("", 0, "nothing");
	words_are("  \n\t ", 0, "blanks");
	words_are("one two  three\nfour", 4, "ASCII words");
	words_are("don't stop", 2, "an apostrophe inside a word");
	words_are("it\xE2\x80\x99s fine", 2, "a typographic apostrophe");
	words_are("well-known 3.14 1,000", 3, "hyphen, point and comma between letters or digits");
	words_are("end. Next - dash -- 'quoted'", 4, "punctuation alone is no word");
	words_are("cafe\xCC\x81 cre\xCC\x80me", 2, "decomposed accents stay in their word");
	words_are("\xCC\x81 a", 1, "a stray combining mark is no word");
	words_are("Чечня — это", 2, "Cyrillic words and an em dash");
	words_are("東京は日本の首都です", 10, "each CJK ideograph and kana is a word");
	words_are("Tokyo東京 abc", 4, "a Latin run then ideographs");
	words_are("한국어 문장", 2, "Hangul is written with spaces: runs");
	words_are("x\xff\xfey", 2, "bytes that are no UTF-8 split words");
	words_are("\xE2\x80\xAE"
		  "abc\x1b[0m",
	    2, "controls and bidi overrides are no letters");
	words_are("١٢٣ ٤٥", 2, "Arabic-Indic digits");
	words_are("e\xCC\x81\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80", 1,
	    "Devanagari vowel signs are marks of their word");
	is_int(info_minutes(0, 0), 0, "no words: 0 minutes");
	is_int(info_minutes(1, 0), 1, "one word: 1 minute");
	is_int(info_minutes(230, 0), 1, "230 words: 1 minute");
	is_int(info_minutes(231, 0), 2, "231 words: 2 minutes, rounded up");
	is_int(info_minutes(231, 100), 3, "231 words at 100 a minute: 3 minutes");
	is_int(info_minutes(200, 100), 2, "200 words at 100 a minute: 2 minutes");
	is_int(info_minutes(0.5, 230), 1, "part of a word left: 1 minute");
}

/* A mapped article (over ARTICLE_READ_MAX) is counted through windows and
 * gives what the whole buffer gives, a CJK character straddling each cut. */
static void
test_mapped(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/folio-words.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	size_t size = 3 * ARTICLE_READ_MAX + 7, whole;
	char *buf = xmalloc(size);
	struct article *a;
	char *err = NULL;

	for (size_t i = 0; i < size; i += 10)
		memcpy(buf + i, size - i >= 10 ? "ab \xE6\x97\xA5x'y " : "zzzzzzzzzz",
		    size - i >= 10 ? 10 : size - i);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size || close(fd) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	whole = info_count_words(buf, size);
	a = article_open(path, &err);
	ok(a != NULL, "the big file opens");
	if (a != NULL) {
		is_int((long long)info_article_words(a), (long long)whole,
		    "a mapped article counts as its bytes do");
		article_free(a);
	}
	ok(whole > 3 * (size / 10), "and each piece counts ab, the ideograph and x'y");
	unlink(path);
	free(path);
	free(buf);
	free(err);
}

static void
test_own_titles(void)
{
	struct library *lib = library_create();
	char long_title[2000];
	const char *kept;

	lib->entries = xcalloc(1, sizeof *lib->entries);
	lib->n = lib->cap = 1;
	lib->entries[0] = entry("/a.txt", "", "Found", 1, 0);
	is_str(library_title(&lib->entries[0]), "Found", "no own title: the one found");
	kept = library_set_own_title(lib, 0, "  My \t title\n\x1b[31m red  ");
	ok(kept != NULL && strchr(kept, 0x1b) == NULL && strchr(kept, '\n') == NULL &&
		strchr(kept, '\t') == NULL,
	    "an own title is made safe: %s", kept != NULL ? kept : "(none)");
	ok(kept != NULL && strncmp(kept, "My title", 8) == 0 && kept[strlen(kept) - 1] != ' ',
	    "blanks folded and trimmed");
	is_str(library_title(&lib->entries[0]), kept, "the own title shows");
	for (size_t i = 0; i < sizeof long_title - 1; i++)
		long_title[i] = i % 3 == 0 ? 'a' : i % 3 == 1 ? '\xC3' : '\xA9';
	long_title[sizeof long_title - 1] = '\0';
	kept = library_set_own_title(lib, 0, long_title);
	ok(kept != NULL && strlen(kept) <= LIBRARY_TITLE_MAX &&
		text_width(kept, strlen(kept)) > 0 &&
		((unsigned char)kept[strlen(kept) - 1] & 0xC0) != 0xC0,
	    "a long title is cut at a character boundary (%zu bytes)", kept ? strlen(kept) : 0);
	is_str(library_set_own_title(lib, 0, "   ") == NULL ? "none" : "kept", "none",
	    "a blank title removes it");
	is_str(library_title(&lib->entries[0]), "Found", "then the found title shows again");
	library_set_own_title(lib, 0, "again");
	library_set_own_title(lib, 0, NULL);
	is_str(library_title(&lib->entries[0]), "Found", "NULL removes it too");
	library_free(lib);
}

/* The handlers, as keys drive them: = says what it knows, T gives and
 * takes back an own title, in the list and in the state. */
static void
test_handlers(void)
{
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	const char *tmp = getenv("TMPDIR");
	char *dir = fixture_path(""), *why = NULL;
	char *home = xasprintf("%s/folio-list.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	struct state *st = state_open(mkdtemp(home), &why);
	struct state_article rec;
	struct app app;
	const char *path;

	ok(why == NULL, "an empty state (%s)", why != NULL ? why : "no notice");
	library_add(lib, dir, NULL);
	app_init(&app, lib, km, NULL, st);
	path = lib->entries[0].path;
	fixture_keys(&app, "=");
	ok(app.message != NULL && strstr(app.message, "text  ") == app.message &&
		strstr(app.message, " words  ") != NULL && strstr(app.message, " min  ") != NULL,
	    "= shows format, size, words and minutes: %s", app.message ? app.message : "(none)");
	fixture_keys(&app, "T C-u M i n e Enter");
	is_str(library_title(&lib->entries[0]), "Mine", "T, a title and Enter set it");
	ok(state_get(st, path, 0, &rec) && rec.title != NULL && strcmp(rec.title, "Mine") == 0,
	    "and put it in the state");
	is_str(app.message, "Title set", "and say so");
	fixture_keys(&app, "T");
	is_str(app.prompt.text, "Mine", "the prompt starts with the title shown");
	fixture_keys(&app, "Esc");
	ok(app.prompting == PROMPT_NONE && strcmp(library_title(&lib->entries[0]), "Mine") == 0,
	    "Esc leaves it as it was");
	fixture_keys(&app, "T C-u Enter");
	ok(lib->entries[0].own_title == NULL && state_get(st, path, 0, &rec) && rec.title == NULL,
	    "an empty answer removes it from the list and the state");
	app_free(&app);
	state_free(st);
	keymap_free(km);
	library_free(lib);
	rmdir(home);
	free(home);
	free(dir);
	free(why);
}

int
main(void)
{
	text_init();
	test_fields();
	test_widths();
	test_errors();
	test_hostile();
	test_sizes();
	test_words();
	test_mapped();
	test_own_titles();
	test_handlers();
	return tap_done();
}
