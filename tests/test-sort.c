#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "library.h"
#include "listsort.h"
#include "listview.h"
#include "snippet.h"
#include "state.h"
#include "tap.h"
#include "text.h"
#include "xmalloc.h"

/* Files of the test collection: name, contents, age in days. */
static const struct {
	const char *name, *body;
	int age;
} files[] = {
	{ "a-zebra.txt", "Zebra crossings\n\nThe longest article of all, by some way, it is.\n",
	    3 },
	{ "b-apple.txt", "apple orchards\n\nshort\n", 1 },
	{ "c-mango.txt", "Mango season\n\nmedium length\n", 2 },
	{ "news/10-evian.txt", "\xC3\x89vian water\n\nspring\n", 5 },
	{ "news/9-bridges.txt", "Bridges\n\na river, twice over\n", 4 },
};
#define NFILES (sizeof files / sizeof files[0])

static char *
make_collection(void)
{
	char *dir = xstrdup("/tmp/folio-sort-XXXXXX"), *sub;
	time_t now = time(NULL);

	if (mkdtemp(dir) == NULL)
		exit(1);
	sub = xasprintf("%s/news", dir);
	mkdir(sub, 0700);
	free(sub);
	for (size_t i = 0; i < NFILES; i++) {
		char *path = xasprintf("%s/%s", dir, files[i].name);
		FILE *f = fopen(path, "w");
		struct utimbuf t = { .actime = now, .modtime = now - files[i].age * 86400 };

		fputs(files[i].body, f);
		fclose(f);
		utime(path, &t);
		free(path);
	}
	return dir;
}

/* The entry of lib whose path ends in name. */
static size_t
entry_named(const struct library *lib, const char *name)
{
	for (size_t e = 0; e < lib->n; e++) {
		size_t n = strlen(lib->entries[e].path), k = strlen(name);

		if (n >= k && strcmp(lib->entries[e].path + n - k, name) == 0)
			return e;
	}
	return (size_t)-1;
}

/* The titles of lib's entries in order, first words only, joined by
 * spaces, e.g. "apple Mango Zebra Bridges Évian"; static storage. */
static const char *
titles(const struct library *lib, const size_t *order, size_t n)
{
	static char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *t = library_title(&lib->entries[order[i]]);
		size_t w = strcspn(t, " ");

		len += (size_t)snprintf(
		    buf + len, sizeof buf - len, "%s%.*s", i ? " " : "", (int)w, t);
	}
	return buf;
}

static void
test_orders(const struct library *lib)
{
	size_t order[NFILES];
	bool read[NFILES] = { 0 };

	is_int((long long)lib->n, NFILES, "the collection has every file");
	listsort_order(lib, LIST_SORT_NAME, NULL, order);
	is_str(titles(lib, order, lib->n), "Zebra apple Mango Bridges \xC3\x89vian",
	    "name: the natural order of the scan (9 before 10)");
	listsort_order(lib, LIST_SORT_TITLE, NULL, order);
	is_str(titles(lib, order, lib->n), "apple Mango Zebra Bridges \xC3\x89vian",
	    "title: ignoring case, within each folder");
	listsort_order(lib, LIST_SORT_DATE, NULL, order);
	is_str(titles(lib, order, lib->n), "apple Mango Zebra Bridges \xC3\x89vian",
	    "date: newest first, within each folder");
	listsort_order(lib, LIST_SORT_SIZE, NULL, order);
	is_str(titles(lib, order, lib->n), "Zebra Mango apple Bridges \xC3\x89vian",
	    "size: largest first, within each folder");
	read[entry_named(lib, "a-zebra.txt")] = true;
	read[entry_named(lib, "news/9-bridges.txt")] = true;
	listsort_order(lib, LIST_SORT_UNREAD, read, order);
	is_str(titles(lib, order, lib->n), "apple Mango Zebra \xC3\x89vian Bridges",
	    "unread: the unread first, in the natural order, within each folder");
	listsort_order(lib, LIST_SORT_UNREAD, NULL, order);
	is_str(titles(lib, order, lib->n), "Zebra apple Mango Bridges \xC3\x89vian",
	    "unread with no read flags known: the natural order");

	for (int s = 0; s < LIST_SORT_COUNT; s++) {
		bool total = true;

		for (size_t a = 0; a < lib->n; a++)
			for (size_t b = 0; b < lib->n; b++) {
				int x = listsort_cmp(lib, (enum list_sort)s, read, a, b);
				int y = listsort_cmp(lib, (enum list_sort)s, read, b, a);

				if ((a == b) != (x == 0) || (x > 0) != (y < 0))
					total = false;
			}
		ok(total, "%s: a total order (0 only for an entry with itself, antisymmetric)",
		    listsort_names[s]);
	}
	is_int(listsort_lookup("title"), LIST_SORT_TITLE, "names are looked up");
	is_int(listsort_lookup("Title"), -1, "exactly");
	is_str(listsort_says(LIST_SORT_DATE), "newest first", "and say what they do");
}

/* The rows of lv as text: entries by first title word, headers as "[g]". */
static const char *
rows(const struct listview *lv)
{
	static char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t r = 0; r < lv->nrows; r++) {
		const char *t = lv->rows[r].kind == ROW_GROUP
		    ? listview_group_name(lv, r)
		    : library_title(&lv->lib->entries[lv->rows[r].entry]);
		size_t w = strcspn(t, " ");

		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s%.*s%s%s", r ? " " : "",
		    lv->rows[r].kind == ROW_GROUP ? "[" : "", (int)w, t,
		    lv->rows[r].kind == ROW_GROUP ? "]" : "", r == lv->sel ? "*" : "");
	}
	return buf;
}

static void
test_listview(const struct library *lib)
{
	struct listview lv;
	size_t zebra = entry_named(lib, "a-zebra.txt"), mango = entry_named(lib, "c-mango.txt");
	size_t apple = entry_named(lib, "b-apple.txt"), bridges = entry_named(lib, "9-bridges.txt");
	size_t evian = entry_named(lib, "10-evian.txt"), n;

	listview_init(&lv, lib);
	is_str(rows(&lv), "Zebra* apple Mango [news] Bridges \xC3\x89vian",
	    "the list starts in the natural order");
	listview_select_entry(&lv, mango);
	listview_set_sort(&lv, LIST_SORT_TITLE);
	is_str(rows(&lv), "apple Mango* Zebra [news] Bridges \xC3\x89vian",
	    "sorted by title, the selection stays on its article");
	listview_set_sort(&lv, LIST_SORT_SIZE);
	is_str(rows(&lv), "Zebra Mango* apple [news] Bridges \xC3\x89vian", "and by size");
	is_int((long long)listview_rank(&lv, apple), 2, "rank follows the order");
	is_int((long long)listview_step(&lv, zebra, 1, false), mango, "step follows the order");
	is_int((long long)listview_step(&lv, evian, 1, false), evian, "and stops at the end");
	is_int((long long)listview_step(&lv, evian, 1, true), zebra, "or wraps");
	is_int((long long)listview_step(&lv, zebra, -1, true), evian, "both ways");

	/* Hide the read: mango (selected) and bridges. */
	lv.read[mango] = lv.read[bridges] = true;
	n = listview_set_hide_read(&lv, true);
	is_int((long long)n, 2, "two read articles hidden");
	is_str(rows(&lv), "Zebra apple* [news] \xC3\x89vian",
	    "they are gone; the selection moves to the next row that shows");
	ok(!listview_shown(&lv, mango) && listview_shown(&lv, apple), "shown says which show");
	is_int((long long)listview_step(&lv, zebra, 1, false), apple, "step skips the hidden");
	is_int((long long)listview_step(&lv, apple, 1, false), evian, "across folders too");
	is_int((long long)listview_group_size(&lv, 2), 2, "a folder still counts its hidden ones");
	lv.read[zebra] = true;
	is_str(rows(&lv), "Zebra apple* [news] \xC3\x89vian",
	    "an article read since stays until the next hiding");
	listview_select_entry(&lv, evian);
	lv.read[apple] = lv.read[evian] = true;
	listview_set_hide_read(&lv, true);
	is_str(rows(&lv), "", "every article read: nothing shows");
	ok(listview_selected_entry(&lv) == -1, "and nothing is selected");
	lv.read[apple] = lv.read[evian] = lv.read[zebra] = false;
	listview_set_hide_read(&lv, true);
	listview_select_entry(&lv, evian);
	lv.read[evian] = true;
	listview_set_hide_read(&lv, true);
	is_str(rows(&lv), "Zebra apple*",
	    "the last one hidden: the selection moves back to the one before");
	listview_set_hide_read(&lv, false);
	is_str(rows(&lv), "Zebra Mango apple* [news] Bridges \xC3\x89vian",
	    "shown again, the selection stays");
	listview_free(&lv);
}

static void
test_snippets(void)
{
	struct snippet *s;
	size_t from, to;
	bool l, r;
	const char *line = "one two three needle four five";
	char *long_line;

	s = snippet_make(line, strlen(line), 14, 20);
	is_str(s->text, line, "a short line is kept whole");
	is_mem(s->text + s->mstart, s->mend - s->mstart, "needle", 6, "with the match's place");
	snippet_fit(s, 80, &from, &to, &l, &r);
	ok(from == 0 && to == strlen(line) && !l && !r, "it fits a wide pane whole");
	snippet_fit(s, 12, &from, &to, &l, &r);
	ok(l && from > 0 && from <= s->mstart && s->mstart - from <= 4,
	    "a narrow pane starts just before the match, cut on the left");
	ok(text_width(s->text + from, to - from) + l + r <= 12, "and fits its width");
	snippet_fit(s, 0, &from, &to, &l, &r);
	ok(from == to, "no columns, nothing");
	snippet_free(s);

	line = "before\n  \t x\x1b[31m needle\x07 y\nafter";
	s = snippet_make(line, strlen(line), 18, 24);
	ok(strchr(s->text, '\x1b') == NULL && strchr(s->text, '\x07') == NULL &&
		strchr(s->text, '\n') == NULL && strchr(s->text, '\t') == NULL,
	    "only the match's line, and no control byte in it");
	ok(s->text[0] == 'x', "blanks at its start dropped");
	is_mem(s->text + s->mstart, s->mend - s->mstart, "needle", 6, "the match is still found");
	snippet_free(s);

	/* A long line of flags and combining marks: cut at clusters only. */
	long_line = xmalloc(4096);
	long_line[0] = '\0';
	for (int i = 0; i < 60; i++)
		strcat(long_line, "e\xCC\x81\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7");
	strcat(long_line, "needle");
	for (int i = 0; i < 60; i++)
		strcat(long_line, "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7o\xCC\x88");
	{
		size_t ms = strstr(long_line, "needle") - long_line;
		bool whole = true;

		s = snippet_make(long_line, strlen(long_line), ms, ms + 6);
		ok(strlen(s->text) < strlen(long_line), "a long line is cut around the match");
		ok((unsigned char)s->text[0] != 0xCC && (unsigned char)s->text[0] != 0x87,
		    "not inside a cluster at its start");
		for (int cols = 1; cols < 40; cols++) {
			snippet_fit(s, cols, &from, &to, &l, &r);
			if (text_width(s->text + from, to - from) + l + r > cols ||
			    (unsigned char)s->text[from] == 0xCC ||
			    ((unsigned char)s->text[to] == 0xCC && to < strlen(s->text)))
				whole = false;
		}
		ok(whole, "at every width from 1 to 39 it fits, cut at clusters only");
		snippet_free(s);
	}
	free(long_line);
	snippet_free(NULL);
}

static void
bail(const char *what)
{
	printf("Bail out! %s\n", what);
	exit(1);
}

/* An older folio's state file: records, a title and a search. */
static const char old_state[] = "folio-state 1\n"
				"a\t/tmp/x/a.txt\t0000000000000000\t100\t1\t0\t-\n"
				"t\tMy title\n"
				"h\tneedle\n";

/* The checksum line the state file format ends with (FNV-1a). */
static char *
sealed(const char *body)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return xasprintf("%send\t%016llx\n", body, h);
}

static void
test_state(void)
{
	char *file = sealed(old_state), *why = NULL, *dir, *path, *notice;
	struct state *st = state_from_buffer(file, strlen(file), &why), *st2;
	struct state_article rec;
	FILE *f;

	ok(st != NULL, "an older state file loads%s%s", why ? ": " : "", why ? why : "");
	ok(state_view(st, "/tmp/x/") == NULL, "it holds no order");
	is_int((long long)state_title_count(st), 1, "its own title is counted");
	state_set_view(st, "/tmp/x/", "title");
	state_set_view(st, "/tmp/y/\n/tmp/z/", "size");
	state_set_view(st, "/tmp/not-a-key", "date");
	state_set_view(st, "relative/", "date");
	is_str(state_view(st, "/tmp/x/"), "title", "an order is kept per collection");
	is_str(state_view(st, "/tmp/y/\n/tmp/z/"), "size", "one of several paths too");
	ok(state_view(st, "/tmp/not-a-key") == NULL && state_view(st, "relative/") == NULL,
	    "a key not ending in / or not absolute is not kept");
	is_int((long long)state_title_count(st), 1, "orders are not counted as titles");
	ok(state_get(st, "/tmp/x/a.txt", 0, &rec) && rec.read && strcmp(rec.title, "My title") == 0,
	    "the article's record is as it was");
	state_free(st);

	/* through the database: imported, saved, read back, removed */
	dir = xasprintf("%s/folio-sort-state.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	path = xasprintf("%s/state", dir);
	if ((f = fopen(path, "w")) == NULL || fputs(file, f) < 0 || fclose(f) != 0)
		bail(path);
	st = state_open(dir, &notice);
	free(notice);
	state_set_view(st, "/tmp/x/", "title");
	state_set_view(st, "/tmp/y/\n/tmp/z/", "size");
	ok(state_save(st, &notice) == 0, "orders save");
	free(notice);
	state_free(st);
	st2 = state_open(dir, &notice);
	free(notice);
	ok(state_view(st2, "/tmp/x/") != NULL && strcmp(state_view(st2, "/tmp/x/"), "title") == 0 &&
		strcmp(state_view(st2, "/tmp/y/\n/tmp/z/"), "size") == 0,
	    "and read back");
	ok(state_get(st2, "/tmp/x/a.txt", 0, &rec) && rec.read && rec.title != NULL &&
		strcmp(rec.title, "My title") == 0,
	    "beside the imported record");
	state_set_view(st2, "/tmp/x/", NULL);
	ok(state_view(st2, "/tmp/x/") == NULL, "an order can be removed");
	ok(state_save(st2, &notice) == 0, "save");
	free(notice);
	state_free(st2);
	st2 = state_open(dir, &notice);
	free(notice);
	ok(state_view(st2, "/tmp/x/") == NULL, "and is gone from the database");
	state_free(st2);
	free(why);
	free(file);
	free(path);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0)
			bail("rm");
		free(cmd);
	}
	free(dir);
}

int
main(void)
{
	char *dir, *cmd;
	struct library *lib;

	text_init();
	dir = make_collection();
	lib = library_create();
	library_add(lib, dir, NULL);
	test_orders(lib);
	test_listview(lib);
	{
		char *key = library_collection_key(lib), *want = xasprintf("%s/", lib->canon[0]);

		is_str(key, want, "a collection's key is its canonical path and a /");
		free(key);
		free(want);
	}
	library_free(lib);
	test_snippets();
	test_state();
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	free(cmd);
	free(dir);
	return tap_done();
}
