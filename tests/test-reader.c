/* Unit tests of the reader's model: key names, keymap, finder, prompt,
 * collection scan, pager, and the app driven by keys, all without curses. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "article.h"
#include "finder.h"
#include "fixture.h"
#include "jumps.h"
#include "help.h"
#include "keymap.h"
#include "keys.h"
#include "layout.h"
#include "library.h"
#include "pager.h"
#include "prompt.h"
#include "scan.h"
#include "script.h"
#include "search.h"
#include "state.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

static void
test_keys(void)
{
	static const char *const names[] = { "j", "C-d", "Space", "Enter", "Tab", "S-Tab", "Esc",
		"PageDown", "PageUp", "Home", "End", "Up", "F1", "F12", "Backspace", "\xC3\xA9",
		"%", "C-@", "C-_" };
	char buf[KEY_NAME_MAX];
	int good = 1;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int k = keys_parse(names[i]);

		if (k == FK_NONE || strcmp(keys_name(k, buf), names[i]) != 0) {
			tap_diag("%s -> %d -> %s", names[i], k, k == FK_NONE ? "?" : buf);
			good = 0;
		}
	}
	ok(good, "every key name parses and prints back the same");
	is_int(keys_parse("C-D"), 4, "control names ignore case");
	is_int(keys_parse("pgdn"), FK_PAGE_DOWN, "aliases parse");
	is_int(keys_parse("bogus"), FK_NONE, "an unknown name is no key");
	is_int(keys_parse(""), FK_NONE, "an empty name is no key");
	is_int(keys_parse("ab"), FK_NONE, "two characters are no key");
	is_int(keys_parse("\x1b"), FK_NONE, "a raw control character is no key name");
}

static void
test_keymap(void)
{
	struct keymap *km = keymap_create();
	int keys[8];

	is_int(keymap_lookup(km, CTX_ARTICLE, 'j'), ACT_LINE_DOWN, "j scrolls (global fallback)");
	is_int(keymap_lookup(km, CTX_LIST, KEY_ENTER_CODE), ACT_OPEN, "Enter opens in the list");
	is_int(keymap_lookup(km, CTX_ARTICLE, KEY_ENTER_CODE), ACT_LINE_DOWN,
	    "Enter scrolls in the article");
	is_int(keymap_lookup(km, CTX_PROMPT, 'j'), ACT_NONE, "the prompt has no global fallback");
	keymap_bind(km, CTX_ARTICLE, 'j', ACT_NONE);
	is_int(keymap_lookup(km, CTX_ARTICLE, 'j'), ACT_NONE, "binding to none unbinds");
	is_int(keymap_lookup(km, CTX_LIST, 'j'), ACT_LINE_DOWN, "only in that context");
	keymap_bind(km, CTX_GLOBAL, 'x', ACT_QUIT);
	ok(keymap_keys(km, CTX_GLOBAL, ACT_QUIT, keys, 8) == 4 && keys[3] == 'x',
	    "keys of an action are listed in binding order");
	keymap_free(km);
	keymap_free(NULL);
}

static struct article *
buf_article(const char *s)
{
	return article_from_buffer("t", s, strlen(s));
}

static struct search_pattern *
pat(const char *s)
{
	struct search_options o = { .case_mode = SEARCH_SMART };

	return search_compile(s, strlen(s), &o);
}

static unsigned
drain(struct finder *f)
{
	unsigned ev = 0;

	while (finder_busy(f))
		ev |= finder_work(f, 1000000);
	return ev;
}

static void
test_finder(void)
{
	const char *text = "one two one three one\nfour one";
	struct article *a = buf_article(text);
	struct finder f;
	unsigned ev;

	finder_init(&f);
	finder_start(&f, a, pat("one"), false, 5, true);
	ev = drain(&f);
	ok((ev & FINDER_FOUND) && f.cur_start == 8,
	    "forward finds the first match after the start");
	ok(finder_counted(&f) && f.total == 4 && finder_index(&f) == 2,
	    "every match is counted and the current one numbered");
	finder_step(&f, false, 0);
	drain(&f);
	ok(f.cur_start == 18 && finder_index(&f) == 3, "n goes to the next match");
	finder_step(&f, false, 0);
	drain(&f);
	finder_step(&f, false, 0);
	ev = drain(&f);
	ok((ev & FINDER_WRAPPED) && f.cur_start == 0 && finder_index(&f) == 1,
	    "past the last match the search wraps to the first");
	finder_step(&f, true, 0);
	ev = drain(&f);
	ok((ev & FINDER_WRAPPED) && f.cur_start == 27, "backward from the first wraps to the last");
	finder_start(&f, a, pat("one"), false, 0, false);
	drain(&f);
	for (int i = 0; i < 3; i++) {
		finder_step(&f, false, 0);
		drain(&f);
	}
	finder_step(&f, false, 0);
	ev = drain(&f);
	ok((ev & FINDER_AT_END) && f.cur_start == 27, "without wrap the last match stays");
	finder_start(&f, a, pat("zzz"), false, 3, true);
	ev = drain(&f);
	ok((ev & FINDER_NOT_FOUND) && !f.have_cur && f.total == 0, "a missing pattern is reported");
	finder_start(&f, a, pat("three"), true, a->size, true);
	drain(&f);
	ok(f.cur_start == 12, "backward finds the last match before the start");
	finder_free(&f);

	/* The same in steps of two bytes: matches across the seams count. */
	finder_init(&f);
	f.slice = 2;
	finder_start(&f, a, pat("one"), false, 5, true);
	drain(&f);
	ok(f.cur_start == 8 && f.total == 4 && finder_index(&f) == 2,
	    "in short slices forward finds and counts the same");
	finder_start(&f, a, pat("three"), true, a->size, true);
	drain(&f);
	ok(f.cur_start == 12 && f.slice == 2, "and backward too, keeping the slice");
	finder_free(&f);
	article_free(a);

	/* A big article: the work comes in bounded slices. */
	{
		size_t size = 32u << 20;
		char *big = xmalloc(size);
		struct article *b;
		int slices = 0;

		memset(big, 'a', size);
		memcpy(big + size - 10, "ZQXMARKER", 9);
		b = article_from_buffer("big", big, size);
		free(big);
		finder_start(&f, b, pat("ZQXMARKER"), false, 0, true);
		/* a budget of nothing is one step, however fast the machine */
		while (finder_busy(&f) && !f.have_cur) {
			finder_work(&f, 0);
			slices++;
		}
		ok(f.have_cur && f.cur_start == size - 10 && slices > 1,
		    "a far match is found after several short slices (%d)", slices);
		finder_free(&f);
		article_free(b);
	}

	/* A backward slice that would start after its only line end (the
	 * last byte before where it stops), or past a run of continuation
	 * bytes longer than itself, must still move on. */
	for (int kind = 0; kind < 2; kind++) {
		size_t size = (1u << 20) + 16;
		char *big = xmalloc(size);
		struct article *b;
		int slices = 0;

		memset(big, kind == 0 ? 'y' : 0x80, size);
		big[0] = 'x';
		if (kind == 0)
			big[size - 1] = '\n';
		b = article_from_buffer("long line", big, size);
		free(big);
		finder_start(&f, b, pat("x"), true, size, true);
		while (finder_busy(&f) && !f.have_cur && slices < 100) {
			finder_work(&f, 0);
			slices++;
		}
		ok(f.have_cur && f.cur_start == 0,
		    kind == 0
			? "backward from the end of a line longer than a slice finds its match"
			: "backward over continuation bytes longer than a slice finds its match");
		finder_free(&f);
		article_free(b);
	}
}

static void
test_jumps(void)
{
	struct jumps j;
	struct position to;
	const struct position a = { 0, 10 }, b = { 0, 20 }, c = { 1, 5 };

	jumps_init(&j);
	ok(!jumps_back(&j, a, &to) && !jumps_swap(&j, a, &to), "no history, nowhere to go");
	jumps_record(&j, a);
	jumps_record(&j, b);
	ok(jumps_back(&j, c, &to) && to.pos == 20, "back returns to the last place left");
	ok(jumps_back(&j, b, &to) && to.pos == 10, "and then the one before");
	ok(jumps_forward(&j, a, &to) && to.pos == 20, "forward goes the other way");
	jumps_record(&j, b);
	ok(!jumps_forward(&j, a, &to), "a new jump forgets the forward history");
	ok(jumps_swap(&j, c, &to) && to.pos == 20 && jumps_swap(&j, to, &to) && to.entry == 1,
	    "'' trades the present for the last place, twice gives it back");
	for (int i = 0; i < 3 * JUMPS_MAX; i++)
		jumps_record(&j, (struct position){ 0, (size_t)i });
	ok(j.nback == JUMPS_MAX, "the history keeps the newest %d places", JUMPS_MAX);
	jumps_set_mark(&j, 'a', a);
	jumps_set_mark(&j, 'a', c);
	jumps_set_mark(&j, 'A', c);
	ok(jumps_mark(&j, 'a', 0)->at.pos == 10 && jumps_mark(&j, 'a', 1)->at.pos == 5,
	    "a lowercase mark belongs to its article");
	ok(jumps_mark(&j, 'A', 0)->at.entry == 1, "an uppercase mark is seen from anywhere");
	jumps_set_mark(&j, 'a', (struct position){ 0, 99 });
	ok(jumps_mark(&j, 'a', 0)->at.pos == 99 && j.nmarks == 3, "setting a mark again moves it");
	jumps_forget_local(&j);
	ok(jumps_mark(&j, 'a', 0) == NULL && jumps_mark(&j, 'A', 0) != NULL,
	    "forgetting local marks keeps the global ones");
	jumps_free(&j);
}

static void
test_prompt(void)
{
	struct prompt p;
	const char *hist[] = { "old", "newer" };

	prompt_init(&p);
	prompt_insert(&p, 'a');
	prompt_insert(&p, 0xE9);
	prompt_insert(&p, 0x301);
	is_str(p.text, "a\xC3\xA9\xCC\x81", "characters are appended as UTF-8");
	ok(prompt_backspace(&p) && strcmp(p.text, "a") == 0,
	    "backspace deletes a whole grapheme cluster");
	prompt_set(&p, "two words ");
	ok(prompt_delete_word(&p) && strcmp(p.text, "two ") == 0, "C-w deletes the last word");
	ok(prompt_history(&p, hist, 2, -1) && strcmp(p.text, "newer") == 0, "Up shows the newest");
	ok(prompt_history(&p, hist, 2, -1) && strcmp(p.text, "old") == 0, "Up again the older");
	ok(!prompt_history(&p, hist, 2, -1), "no older entry");
	ok(prompt_history(&p, hist, 2, 1) && prompt_history(&p, hist, 2, 1) &&
		strcmp(p.text, "two ") == 0,
	    "Down comes back to the line being typed");

	/* History from a damaged state file need not be UTF-8. */
	prompt_set(&p, "ab\xff");
	ok(prompt_backspace(&p) && strcmp(p.text, "ab") == 0,
	    "backspace deletes a last byte that is no UTF-8");
	prompt_set(&p, "a\xe2\x82");
	ok(prompt_backspace(&p) && strcmp(p.text, "a\xe2") == 0 && prompt_backspace(&p) &&
		strcmp(p.text, "a") == 0,
	    "and the bytes of a cut character one by one");
	prompt_set(&p, "\xff\xcc\x81\xcc\x88");
	ok(prompt_backspace(&p) && strcmp(p.text, "\xff") == 0,
	    "marks after such a byte go together, without it");

	/* Clusters of more than two characters. */
	prompt_set(&p, "x\xf0\x9f\x87\xa6\xf0\x9f\x87\xab\xf0\x9f\x87\xa6");
	ok(prompt_backspace(&p) && strcmp(p.text, "x\xf0\x9f\x87\xa6\xf0\x9f\x87\xab") == 0 &&
		prompt_backspace(&p) && strcmp(p.text, "x") == 0,
	    "backspace deletes a lone regional indicator, then a whole flag");
	prompt_set(&p, "x\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
	ok(prompt_backspace(&p) && strcmp(p.text, "x") == 0,
	    "and a whole emoji sequence joined by ZWJ");
	prompt_free(&p);
}

/* Reads the script text to its end; the steps as letters (k key, s
 * screen, r resize, e end, ! error, i idle) into out. */
static void
read_script(const char *text, char *out, size_t n, struct script *s)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	enum script_step st;
	size_t i = 0;

	script_init(s, f, "t.keys");
	do {
		st = script_next(s);
		if (i + 1 < n)
			out[i++] = "ksre!i"[st];
	} while (st != SCRIPT_END && st != SCRIPT_ERROR);
	out[i] = '\0';
	fclose(f);
}

static void
test_script(void)
{
	struct script s;
	char steps[64];

	read_script("# a comment\nj  C-d\tSpace\n\n:type \xc3\xa9"
		    "a\n:screen\n:resize 40x12\n",
	    steps, sizeof steps, &s);
	is_str(steps, "kkkkksre", "a script gives its keys, typed text, screens and resizes");
	ok(s.cols == 40 && s.rows == 12 && s.error == NULL, "a resize gives its size");
	ok(script_next(&s) == SCRIPT_END, "the end stays the end");
	script_free(&s);
	read_script("j\nC-dd k\n", steps, sizeof steps, &s);
	is_str(steps, "k!", "an unknown key name is an error");
	is_str(s.error, "t.keys:2: unknown key name 'C-dd'", "which names the line and the key");
	script_free(&s);
	read_script(":resize 0x12\n", steps, sizeof steps, &s);
	is_str(s.error, "t.keys:1: bad size in :resize 0x12", "a size of 0 is refused");
	script_free(&s);
	read_script(":resize 1001x5\n:screen\n", steps, sizeof steps, &s);
	ok(strcmp(steps, "!") == 0 && script_next(&s) == SCRIPT_ERROR,
	    "so is one over the largest, and the script stays over");
	script_free(&s);
	read_script("j\n:idle\nk\n", steps, sizeof steps, &s);
	is_str(steps, "kike", "an idle tick is a step of its own");
	script_free(&s);
	read_script(":idle 5\n", steps, sizeof steps, &s);
	is_str(s.error, "t.keys:1: unknown script command :idle 5", "it takes no argument");
	script_free(&s);
	read_script(":frob\n", steps, sizeof steps, &s);
	is_str(s.error, "t.keys:1: unknown script command :frob", "an unknown command is an error");
	script_free(&s);
}

/* A folder of articles under a temp dir. */
static char *
make_library(void)
{
	char *dir = xstrdup("/tmp/folio-reader-XXXXXX");
	static const char *const files[][2] = {
		{ "a1.txt", "Alpha title\n\nfirst para\n\nsecond para with needle\n\nthird\n" },
		{ "a2.txt", "Beta title\n\nnothing here\n" },
		{ "a3.txt", "Gamma title\n\nneedle one\nneedle two\n" },
	};

	if (mkdtemp(dir) == NULL)
		exit(1);
	for (size_t i = 0; i < 3; i++) {
		char *path = xasprintf("%s/%s", dir, files[i][0]);
		FILE *f = fopen(path, "w");

		fputs(files[i][1], f);
		fclose(f);
		free(path);
	}
	return dir;
}

static void
remove_library(char *dir)
{
	for (int i = 1; i <= 3; i++) {
		char *path = xasprintf("%s/a%d.txt", dir, i);

		unlink(path);
		free(path);
	}
	rmdir(dir);
	free(dir);
}

static void
test_scan(const char *dir)
{
	struct library *lib = library_create();
	struct scan s;

	library_add(lib, dir, NULL);
	scan_init(&s);
	scan_start(&s, lib, pat("needle"), NULL);
	while (scan_busy(&s))
		scan_work(&s, lib, 1000);
	ok(s.matched == 2 && s.hits[0] == 1 && s.hits[1] == 0 && s.hits[2] == 2,
	    "the collection scan counts hits per article");
	scan_clear(&s);
	library_free(lib);
}

static void
type(struct app *app, const char *s)
{
	while (*s != '\0') {
		uint32_t cp;

		s += text_decode(s, strlen(s), &cp);
		app_key(app, (int)cp);
		while (app_busy(app))
			app_idle(app);
	}
}

static void
test_app(const char *dir)
{
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct app app;
	size_t origin;

	library_add(lib, dir, NULL);
	app_init(&app, lib, km, NULL, NULL);
	app_resize(&app, 6, 60);
	ok(app.current == 0 && app.focus == FOCUS_LIST,
	    "the first article shows, the list has focus");
	fixture_keys(&app, "j");
	ok(app.current == 1 && !app.list.read[1], "moving in the list shows the article, unread");
	fixture_keys(&app, "Enter");
	ok(app.focus == FOCUS_ARTICLE && app.list.read[1], "Enter focuses it and marks it read");
	ok(fixture_keys(&app, "q") & REQ_QUIT, "q asks to quit");
	fixture_keys(&app, "[");
	ok(app.current == 0, "[ opens the previous article");

	/* Incremental search, then Esc restores the view exactly. */
	fixture_keys(&app, "2 j");
	origin = app.pager.top;
	fixture_keys(&app, "/");
	type(&app, "need");
	ok(app.finder.have_cur &&
		app.pager.article->data + app.finder.cur_start ==
		    strstr(app.pager.article->data, "needle"),
	    "typing finds the match");
	fixture_keys(&app, "Esc");
	ok(app.pager.top == origin && app.finder.pat == NULL && app.prompting == PROMPT_NONE,
	    "Esc puts the view back and forgets the search");
	fixture_keys(&app, "/");
	type(&app, "zzz");
	ok(app.not_found && app.pager.top == origin, "a pattern with no match does not move");
	fixture_keys(&app, "Backspace Backspace Backspace");
	type(&app, "needle");
	fixture_keys(&app, "Enter");
	ok(app.last_pattern != NULL && strcmp(app.last_pattern, "needle") == 0 && app.nhistory == 1,
	    "Enter keeps the pattern and the history");
	fixture_keys(&app, "' '");
	ok(app.pager.top == origin, "'' returns to where the search started");

	/* Marks survive a resize: positions are byte offsets. */
	fixture_keys(&app, "g j m a");
	origin = app.pager.top;
	fixture_keys(&app, "G g");
	app_resize(&app, 4, 14);
	fixture_keys(&app, "' a");
	{
		struct dline d;

		layout_line_at(app.pager.layout, app.pager.top, &d);
		ok(d.start <= origin && origin < d.end && origin > 0,
		    "a mark set before a resize still finds its text");
	}
	app_resize(&app, 6, 60);

	/* Collection search narrows the list and n walks across articles. */
	fixture_keys(&app, "Tab");
	ok(app.focus == FOCUS_LIST, "Tab moves the focus to the list");
	fixture_keys(&app, "/");
	type(&app, "needle");
	ok(app.list.nrows == 2, "the list narrows to the articles that match");
	fixture_keys(&app, "Enter");
	ok(app.focus == FOCUS_ARTICLE && app.current == 0 && app.finder.have_cur,
	    "Enter opens the first matching article at its hit");
	fixture_keys(&app, "n");
	ok(app.current == 2 && app.finder.have_cur, "n continues into the next matching article");
	fixture_keys(&app, "n");
	ok(app.current == 2 && finder_index(&app.finder) == 2, "and walks its hits");
	fixture_keys(&app, "N N");
	ok(app.current == 0, "N goes back to the previous article's hits");
	fixture_keys(&app, "Tab /");
	fixture_keys(&app, "Esc");
	ok(app.list.nrows == 3 && !app.filtered, "Esc in the list restores every article");

	/* Help lists every action and closes on another key. */
	fixture_keys(&app, "h");
	ok(app.help, "h opens the help");
	{
		char *text = help_text(km);

		ok(strstr(text, "half-page-down") != NULL && strstr(text, "C-d") != NULL &&
			strstr(text, "jump-to-mark") != NULL,
		    "help is generated from the action table");
		free(text);
	}
	fixture_keys(&app, "x");
	ok(!app.help, "any other key closes the help");

	/* Paragraphs. */
	fixture_keys(&app, "Tab g");
	app.focus = FOCUS_ARTICLE;
	fixture_keys(&app, "g }");
	ok(strncmp(app.pager.article->data + app.pager.top, "first para", 10) == 0,
	    "} goes to the next paragraph");
	fixture_keys(&app, "}");
	ok(strncmp(app.pager.article->data + app.pager.top, "second", 6) == 0 ||
		app.pager.top == app.pager.max_top,
	    "} again to the one after");

	app_free(&app);
	keymap_free(km);
	library_free(lib);
}

/* The reading state, through the app: what is read, where, the marks. */
static void
test_app_state(const char *dir)
{
	char sdir[] = "/tmp/folio-state-XXXXXX";
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct state *st;
	struct app app;
	char *notice = NULL;
	size_t pos;

	if (mkdtemp(sdir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	library_add(lib, dir, NULL);
	st = state_open(sdir, &notice);
	ok(notice == NULL, "a new state folder opens without a notice");
	app_init(&app, lib, km, NULL, st);
	app_resize(&app, 4, 30);
	ok(!app_is_read(&app, 0), "a new article is unread");
	fixture_keys(&app, "Enter");
	ok(app_is_read(&app, 0), "opening it marks it read");
	fixture_keys(&app, "/");
	type(&app, "needle");
	fixture_keys(&app, "Enter g 3 j m b");
	pos = app.pager.top;
	ok(pos > 0, "scrolled into the article");
	fixture_keys(&app, "R");
	ok(!app_is_read(&app, 0), "R marks it unread again");
	fixture_keys(&app, "A");
	ok(app_is_read(&app, 1) && app_is_read(&app, 2), "A marks every article read");
	fixture_keys(&app, "U");
	ok(!app_is_read(&app, 1) && !app_is_read(&app, 2) && !app_is_read(&app, 0),
	    "U makes them unread again, as they were");
	app_save(&app, true);
	app_free(&app);
	state_free(st);

	st = state_open(sdir, &notice);
	app_init(&app, lib, km, NULL, st);
	app_resize(&app, 4, 30);
	ok(app.current == 0 && app.pager.top == pos,
	    "after a restart the article opens where it was left");
	ok(app.nhistory == 1 && strcmp(app.history[0], "needle") == 0,
	    "the search history comes back");
	fixture_keys(&app, "g ' b");
	ok(app.pager.top == pos, "marks come back too");
	app_free(&app);
	state_free(st);
	keymap_free(km);
	library_free(lib);
	{
		char *cmd = xasprintf("rm -rf '%s'", sdir);

		if (system(cmd) != 0)
			tap_diag("could not remove %s", sdir);
		free(cmd);
	}
}

/* Mouse: the wheel scrolls the pane under the pointer, a click selects. */
static void
test_mouse(const char *dir)
{
	struct library *lib = library_create();
	struct keymap *km = keymap_create();
	struct app app;

	library_add(lib, dir, NULL);
	app_init(&app, lib, km, NULL, NULL);
	app_resize(&app, 6, 100);
	app_mouse(&app, 2, 3, 1);
	ok(app.current == 2 && app.focus == FOCUS_LIST, "a click on a row selects that article");
	app_mouse(&app, 0, 3, 1);
	app_mouse(&app, 1, 60, 5);
	ok(app.current == 0 && app.pager.top > 0, "the wheel over the article scrolls it");
	app_mouse(&app, 1, 60, 1);
	ok(app.focus == FOCUS_ARTICLE, "a click in the article focuses it");
	app_mouse(&app, 0, 3, 5);
	ok(app.current == 2, "the wheel down over the list moves the selection down");
	app_mouse(&app, 0, 3, 4);
	ok(app.current == 0, "the wheel up over the list moves it up");
	app_mouse(&app, 40, 3, 1);
	ok(app.current == 0, "a click outside the panes does nothing");
	app_free(&app);
	keymap_free(km);
	library_free(lib);
}

static void
test_pager_positions(void)
{
	const char *text = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n";
	struct pager p;

	pager_init(&p);
	pager_resize(&p, 3, 20);
	pager_open(&p, buf_article(text), 0);
	ok(p.total_lines == 10, "lines are counted");
	pager_goto_line(&p, 5);
	is_int(pager_line(&p), 5, "30G-style goes to that line");
	pager_goto_end(&p);
	is_int(pager_line(&p), 8, "G shows the last line on the last row");
	is_int(pager_percent(&p), 100, "at the end the percentage is 100");
	pager_goto_percent(&p, 50);
	ok(pager_line(&p) == 5 || pager_line(&p) == 6, "50%% goes to the middle");
	ok(!pager_scroll(&p, 0), "scrolling by nothing changes nothing");
	pager_goto(&p, 0);
	ok(!pager_scroll(&p, -1), "scrolling up at the top changes nothing");
	pager_clear(&p);
}

/* The number of the line holding offset pos, given the line starts. */
static long
line_of(const size_t *starts, size_t n, size_t pos)
{
	size_t lo = 0, hi = n, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (starts[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo + 1;
}

/* A mapped article of 20 MiB, over the size counted at open: its lines are
 * counted a step at a time, and line numbers and 30G use what is known. */
/* A 20 MB line is laid out between keys, so that G then costs a block. */
static void
test_pager_warm(void)
{
	const size_t size = 20u << 20;
	char *buf = xmalloc(size);
	struct pager p;
	size_t built, slices = 0;
	bool top_ok;

	for (size_t i = 0; i < size; i++)
		buf[i] = i % 9 == 8 ? ' ' : (char)('a' + i % 26);
	pager_init(&p);
	pager_resize(&p, 40, 100);
	pager_open(&p, article_from_buffer("line", buf, size), 0);
	ok(pager_warming(&p), "a long line at the top is to be laid out between keys");
	while (pager_warm(&p, 0))
		slices++;
	built = layout_blocks_built(p.layout);
	pager_goto_end(&p);
	top_ok = p.top > size - 40 * 100 && p.top < size;
	ok(top_ok && layout_blocks_built(p.layout) - built <= 2,
	    "after %zu slices, G on a 20 MB line lays out %zu blocks", slices,
	    layout_blocks_built(p.layout) - built);
	ok(!pager_warm(&p, 0), "and there is nothing more to lay out");
	pager_clear(&p);
	pager_open(&p, buf_article("short\nlines\n"), 0);
	ok(pager_warming(&p) && !pager_warm(&p, 1000) && !pager_warming(&p),
	    "short lines need one look");
	pager_clear(&p);
	free(buf);
}

static void
test_pager_huge(void)
{
	const size_t size = 20u << 20;
	const char *tmp = getenv("TMPDIR");
	char *buf = xmalloc(size);
	char *path = xasprintf("%s/folio-test-huge-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	size_t *starts = xreallocarray(NULL, size / 2, sizeof *starts), n = 0, i = 0, len;
	long calls = 0, want;
	struct article *a;
	struct pager p;
	char *err = NULL;
	bool lines_ok = true, done = false;
	int fd;

	/* lines of 1 to 251 bytes, so steps of the index fall inside lines;
	 * the last one has no newline */
	while (i < size) {
		starts[n++] = i;
		len = ((n * 37) % 251) + 1;
		if (len > size - i)
			len = size - i;
		memset(buf + i, 'x', len);
		i += len;
		if (i < size)
			buf[i - 1] = '\n';
	}
	fd = mkstemp(path);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size || close(fd) != 0)
		fatal("cannot write %s", path);
	a = article_open(path, &err);
	if (a == NULL)
		fatal("%s", err);
	pager_init(&p);
	pager_resize(&p, 3, 40);
	pager_open(&p, a, 0);
	ok(pager_counting(&p) && p.total_lines == -1, "a huge article is not counted at open");
	pager_goto(&p, 19u << 20);
	is_int(pager_line(&p), -1, "so at 19 MiB the line is not known at first");
	pager_goto(&p, 0);
	while (calls < 17 && !pager_count_lines(&p, 0))
		calls++;
	pager_goto(&p, 19u << 20);
	is_int(pager_line(&p), -1, "after 17 steps, 19 MiB is still beyond the count");
	pager_goto(&p, (33u << 19) + 5);
	is_int(pager_line(&p), line_of(starts, n, p.top), "but 16.5 MiB has its number");
	pager_goto(&p, 0);
	while (!done) {
		done = pager_count_lines(&p, 0);
		calls++;
	}
	is_int(calls, 20, "one step per MiB, with a budget of nothing");
	ok(!pager_counting(&p) && !pager_count_lines(&p, 0), "then the count is done");
	is_int(p.total_lines, (long long)n, "the total is every line, the unended last too");
	pager_goto_end(&p);
	is_int(pager_line(&p), line_of(starts, n, p.top), "G shows its line number");
	for (long k = 1; k < (long)n - 10; k += 997)
		if (!pager_goto_line(&p, k) && k > 1)
			lines_ok = false;
		else if (p.top != starts[k - 1] || pager_line(&p) != k)
			lines_ok = false;
	ok(lines_ok, "30G lands on the start of every line tried, and says so");
	lines_ok = true;
	for (i = 1; i < 20; i++) {
		want = line_of(starts, n, i * PAGER_INDEX_STEP) + 1;
		pager_goto(&p, 0);
		pager_goto_line(&p, want);
		if (p.top != starts[want - 1])
			lines_ok = false;
		pager_goto_line(&p, want - 1);
		if (p.top != starts[want - 2])
			lines_ok = false;
	}
	ok(lines_ok, "and on the lines around each step of the index");
	pager_goto_line(&p, (long)n + 100);
	is_int(pager_line(&p), line_of(starts, n, p.top), "a line past the end goes to the end");
	pager_clear(&p);
	unlink(path);
	free(path);
	free(starts);
	free(buf);
}

/* Resident kilobytes of the process (its mapped file pages included). */
static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = -1, size;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &pages) != 2)
		pages = -1;
	fclose(f);
	return pages < 0 ? -1 : pages * (sysconf(_SC_PAGESIZE) / 1024);
}

/* A search to the end of a 64 MB article, and its count of a word on every
 * line, leave its pages behind them: the process does not grow by the
 * file's size (the pages of the mapping the search touched are let go). */
static void
test_finder_memory(void)
{
	const size_t size = 64u << 20;
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/folio-test-mem-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	static const char line[] = "a line of the big article with the word needle in it\n";
	char *buf = xmalloc(1u << 20), *err = NULL;
	struct article *a;
	struct finder f;
	long before, grew;
	int fd = mkstemp(path);

	for (size_t i = 0; i + sizeof line - 1 <= (1u << 20); i += sizeof line - 1)
		memcpy(buf + i, line, sizeof line - 1);
	memset(buf + (1u << 20) - (1u << 20) % (sizeof line - 1), '\n',
	    (1u << 20) % (sizeof line - 1));
	for (size_t k = 0; fd >= 0 && k < size >> 20; k++)
		if (write(fd, buf, 1u << 20) != 1 << 20)
			fatal("cannot write %s", path);
	if (fd < 0 || write(fd, "the END\n", 8) != 8 || close(fd) != 0)
		fatal("cannot write %s", path);
	a = article_open(path, &err);
	if (a == NULL)
		fatal("%s", err);
	before = rss_kb();
	finder_init(&f);
	finder_start(&f, a, pat("END"), false, 0, false);
	drain(&f);
	ok(f.have_cur && f.cur_start == size + 4, "the word at the end of 64 MB is found");
	finder_start(&f, a, pat("needle"), false, 0, false);
	drain(&f);
	ok(finder_counted(&f) && f.total == (size >> 20) * ((1u << 20) / (sizeof line - 1)),
	    "and a word on every line counted (%zu)", f.total);
	grew = rss_kb() - before;
	ok(before > 0 && grew < 32 * 1024, "the process grew by %ld KiB, not by the 64 MiB it read",
	    grew);
	finder_free(&f);
	article_free(a);
	unlink(path);
	free(path);
	free(buf);
}

int
main(void)
{
	char *dir;

	text_init();
	test_keys();
	test_keymap();
	test_finder();
	test_finder_memory();
	test_jumps();
	test_prompt();
	test_script();
	test_pager_positions();
	test_pager_huge();
	test_pager_warm();
	dir = make_library();
	test_scan(dir);
	test_app(dir);
	test_app_state(dir);
	test_mouse(dir);
	remove_library(dir);
	return tap_done();
}
