/* Unit tests of the filter (filter.c): which rows show over a plain text
 * and over a document, an empty pattern, no match, a regular expression,
 * the pager keeping its place when a filter comes and goes, a huge
 * article whose first screen of matches costs a slice of it, and the
 * search's count under a filter (only the matches on the lines shown). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "doc.h"
#include "filter.h"
#include "finder.h"
#include "layout.h"
#include "pager.h"
#include "search.h"
#include "tap.h"
#include "xmalloc.h"

static struct search_pattern *
pattern(const char *p, bool regex)
{
	struct search_options o = { .case_mode = SEARCH_SMART, .regex = regex };

	return search_compile(p, strlen(p), &o);
}

/* The rows f shows of layout l, each "text|", from the start. */
static char *
rows_of(struct filter *f, struct layout *l)
{
	struct dline cur, next;
	char *s = xstrdup(""), *t;
	bool have = filter_line_at(f, l, 0, &cur);

	while (have) {
		t = xasprintf("%s%.*s|", s, (int)cur.len, cur.text);
		free(s);
		s = t;
		have = filter_next(f, l, &cur, &next);
		cur = next;
	}
	return s;
}

/* The same walked from the last row up, in the order shown. */
static char *
rows_backward(struct filter *f, struct layout *l, size_t end)
{
	struct dline cur, prev;
	char *s = xstrdup(""), *t;
	bool have = filter_line_at(f, l, end, &cur);

	while (have) {
		t = xasprintf("%.*s|%s", (int)cur.len, cur.text, s);
		free(s);
		s = t;
		have = filter_prev(f, l, &cur, &prev);
		cur = prev;
	}
	return s;
}

static const char plain[] = "apple pie\n"
			    "banana split\n"
			    "an apple a day keeps the doctor away, so they say\n"
			    "cherry\n"
			    "Apple tree\n";

static void
test_plain(void)
{
	struct article *a = article_from_buffer("t.txt", plain, sizeof plain - 1);
	struct doc *d = doc_plain(a);
	struct layout *l = layout_create_doc(d, 20);
	struct filter *f = filter_create(d->view, pattern("apple", false), "apple");
	char *s;

	s = rows_of(f, l);
	/* Smart case: "apple" finds "Apple"; a wrapped line shows all its
	 * rows. */
	is_str(s, "apple pie|an apple a day keeps|the doctor away, so|they say|Apple tree|",
	    "plain: the matching lines, with all their rows");
	free(s);
	ok(filter_done(f), "plain: the scan is done");
	is_int((long long)filter_count(f), 3, "plain: three lines match");
	s = rows_backward(f, l, d->view->size);
	is_str(s, "apple pie|an apple a day keeps|the doctor away, so|they say|Apple tree|",
	    "plain: the same rows walked upwards");
	free(s);
	ok(filter_shows(f, 0) && !filter_shows(f, 12) && filter_shows(f, 30),
	    "plain: filter_shows tells shown bytes from hidden ones");
	{
		struct dline dl;

		/* A hidden position gives the next shown row. */
		ok(filter_line_at(f, l, 12, &dl) && dl.start == 23,
		    "plain: a hidden line's position goes to the next shown row");
		/* Past the last match: the last shown row. */
		ok(filter_line_at(f, l, 90, &dl) && strncmp(dl.text, "Apple tree", dl.len) == 0,
		    "plain: past the last match, the last shown row");
		is_int((long long)filter_move(f, l, 0, 2, NULL), 44, "plain: moving two rows down");
		is_int((long long)filter_move(f, l, 44, -2, NULL), 0, "plain: and back up");
	}
	filter_free(f);

	f = filter_create(d->view, pattern("zebra", false), "zebra");
	s = rows_of(f, l);
	is_str(s, "", "no match: no row shows");
	ok(filter_done(f) && filter_count(f) == 0, "no match: done, counted 0");
	free(s);
	filter_free(f);

	f = filter_create(d->view, pattern("^(banana|cherry)$|^b", true), "^(banana|cherry)$|^b");
	s = rows_of(f, l);
	is_str(s, "banana split|cherry|", "regex: anchored alternatives, per line");
	free(s);
	filter_free(f);
	{
		/* The caller's cue to turn the filter off. */
		struct search_pattern *empty = pattern("", false);

		ok(search_is_empty(empty), "an empty pattern is empty");
		search_free(empty);
	}
	layout_free(l);
	doc_free(d);
}

static const char markdown[] = "# Pets\n"
			       "\n"
			       "A paragraph about cats\n"
			       "that goes on over lines.\n"
			       "\n"
			       "- a dog item\n"
			       "- a cat item\n"
			       "\n"
			       "Nothing here.\n";

static void
test_document(void)
{
	struct article *a = article_from_buffer("t.md", markdown, sizeof markdown - 1);
	struct doc_options o;
	struct doc *d;
	struct layout *l;
	struct filter *f;
	char *s;

	doc_options_init(&o);
	o.width = 40;
	d = doc_open(a, &o);
	if (!d->rendered) {
		ok(1, "# SKIP md4c cannot be loaded");
		doc_free(d);
		return;
	}
	l = layout_create_doc(d, 40);
	f = filter_create(d->view, pattern("cat", false), "cat");
	s = rows_of(f, l);
	/* The paragraph is one unit, joined from its source lines; the
	 * matching list item shows, its sibling does not. */
	ok(strstr(s, "A paragraph about cats that goes on over|") != NULL,
	    "document: the whole matching paragraph shows (%s)", s);
	ok(strstr(s, "cat item|") != NULL && strstr(s, "dog") == NULL,
	    "document: the matching list item shows, not its sibling");
	ok(strstr(s, "Nothing") == NULL && strstr(s, "Pets") == NULL,
	    "document: the other blocks are hidden");
	is_int((long long)filter_count(f), 2, "document: two blocks match");
	free(s);
	filter_free(f);
	layout_free(l);
	doc_free(d);
}

/* A growing article: what was found stays, the last line is looked at
 * again when more of it comes. */
static void
test_grew(void)
{
	static const char text[] = "one apple\nbanana apple pie\ncherry\n";
	static const size_t cuts[] = { 9, 14, 20, 27 };

	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
		struct article *a = article_from_buffer("g.txt", text, sizeof text - 1);
		struct filter *f;

		a->size = cuts[i];
		f = filter_create(a, pattern("apple", false), "apple");
		while (!filter_done(f))
			filter_work(f, 100000);
		a->size = sizeof text - 1;
		filter_grew(f);
		while (!filter_done(f))
			filter_work(f, 100000);
		ok(filter_count(f) == 2 && f->units[0].start == 0 && f->units[0].end == 10 &&
			f->units[1].start == 10 && f->units[1].end == 27,
		    "grew from %zu bytes: the two matching lines, whole", cuts[i]);
		filter_free(f);
		article_free(a);
	}
}

/* A pager keeps the text at the top when a filter comes and goes. */
static void
test_position(void)
{
	char *text = xstrdup("");
	struct article *a;
	struct pager p;

	for (int i = 1; i <= 200; i++) {
		char *t = xasprintf("%sline %d%s\n", text, i, i % 10 == 0 ? " tenth" : "");

		free(text);
		text = t;
	}
	a = article_from_buffer("p.txt", text, strlen(text));
	pager_init(&p);
	pager_resize(&p, 5, 40);
	pager_open(&p, a, 0);
	pager_scroll(&p, 25); /* the top shows "line 26" */
	pager_set_filter(&p, filter_create(p.article, pattern("tenth", false), "tenth"));
	{
		struct dline d;

		pager_line_at(&p, p.top, &d);
		is_mem(d.text, d.len, "line 30 tenth", 13,
		    "filter on: the first matching line at or after the top is at the top");
		is_int((long long)pager_source_pos(&p), (long long)(strstr(text, "line 30") - text),
		    "and the reading position is that line's, not the hidden one's");
	}
	pager_scroll(&p, 3);
	{
		struct dline d;

		pager_line_at(&p, p.top, &d);
		is_mem(
		    d.text, d.len, "line 60 tenth", 13, "j under the filter moves by shown lines");
		ok(pager_bottom(&p) > p.top && pager_shows(&p, p.top) &&
			!pager_shows(&p, p.top + 15),
		    "pager_shows: a hidden line between shown ones is not on the screen");
	}
	pager_goto_end(&p);
	{
		struct dline d;

		pager_line_at(&p, p.top, &d);
		is_mem(d.text, d.len, "line 160 tenth", 14,
		    "G under the filter: the last screen of matches");
	}
	pager_scroll(&p, -1);
	pager_set_filter(&p, NULL);
	{
		struct dline d;

		pager_line_at(&p, p.top, &d);
		is_mem(d.text, d.len, "line 150 tenth", 14,
		    "filter off: the top shown line stays at the top");
		is_int((long long)pager_source_pos(&p),
		    (long long)(strstr(text, "line 150") - text),
		    "the reading position is the raw byte of that line");
	}
	/* The filter stays over the next article shown. */
	pager_set_filter(&p, filter_create(p.article, pattern("tenth", false), "tenth"));
	pager_open(&p, article_from_buffer("q.txt", "one\ntwo tenth\nthree\n", 20), 0);
	{
		struct dline d;

		ok(p.filter != NULL, "the filter stays when another article is shown");
		pager_line_at(&p, p.top, &d);
		is_mem(d.text, d.len, "two tenth", 9, "and filters it");
	}
	pager_clear(&p);
	free(text);
}

/* A huge article: the first screen of matches costs a slice of it, and
 * the rest is found by filter_work. */
static void
test_huge(void)
{
	size_t size = 40u << 20, line = 64;
	char *buf = xmalloc(size);
	char path[] = "/tmp/folio-filter-XXXXXX";
	int fd = mkstemp(path);
	struct article *a;
	struct pager p;
	char *err = NULL;
	struct dline d;

	for (size_t i = 0; i < size; i += line) {
		memset(buf + i, 'x', line - 1);
		buf[i + line - 1] = '\n';
		/* One line in 1000 matches. */
		if ((i / line) % 1000 == 7)
			memcpy(buf + i, "needle", 6);
	}
	ok(fd >= 0 && write(fd, buf, size) == (ssize_t)size && close(fd) == 0,
	    "huge: a 40 MB article is written");
	a = article_open(path, &err);
	ok(a != NULL, "huge: it opens");
	if (a == NULL) {
		free(err);
		free(buf);
		unlink(path);
		return;
	}
	pager_init(&p);
	pager_resize(&p, 20, 80);
	pager_open(&p, a, 0);
	pager_set_filter(&p, filter_create(p.article, pattern("needle", false), "needle"));
	ok(pager_line_at(&p, p.top, &d) && strncmp(d.text, "needle", 6) == 0,
	    "huge: the first screen shows a match at the top");
	pager_bottom(&p);
	ok(p.filter->scanned < size / 8,
	    "huge: the first screen scanned %zu bytes of %zu, a slice of them", p.filter->scanned,
	    size);
	ok(!filter_done(p.filter), "huge: the scan is not done");
	while (!filter_done(p.filter))
		filter_work(p.filter, 100000);
	is_int((long long)filter_count(p.filter), (long long)((size / line + 999 - 7) / 1000),
	    "huge: filter_work finds every matching line");
	ok(p.filter->scanned <= size, "huge: each byte is looked at once");
	pager_goto_end(&p);
	ok(pager_line_at(&p, p.top, &d) && strncmp(d.text, "needle", 6) == 0 &&
		pager_bottom(&p) > size - 1000 * line,
	    "huge: G shows the last matches");
	pager_clear(&p);
	unlink(path);
	free(buf);
}

static const char fruit[] = "red apple\n"  /* shown: 2 e */
			    "green pear\n" /* hidden: 3 e */
			    "apple tree\n" /* shown: 3 e */
			    "beet\n";      /* hidden: 2 e */

/* Runs f until it rests, a budget of 0 at a time. */
static void
settle(struct finder *f)
{
	for (int k = 0; k < 100000 && finder_busy(f); k++)
		finder_work(f, 0);
}

/* The count of a search under a filter, with a pattern of each kind and
 * slices of the search and of the filter small enough that the count
 * waits on the filter's scan. */
static void
count_under(bool regex, size_t slice)
{
	struct article *a = article_from_buffer("f.txt", fruit, sizeof fruit - 1);
	struct filter *flt = filter_create(a, pattern("apple", false), "apple");
	struct finder f;
	const char *what = regex ? "regex" : "literal";

	flt->slice = slice;
	finder_init(&f);
	f.slice = slice;
	finder_start(&f, a, pattern(regex ? "e+?" : "e", regex), false, 0, true);
	finder_set_filter(&f, flt);
	settle(&f);
	ok(finder_counted(&f), "count %s/%zu: the count ends", what, slice);
	ok(f.total == 5, "count %s/%zu: only the matches shown count", what, slice);
	ok(finder_index(&f) == 1, "count %s/%zu: the first is 1/5", what, slice);
	finder_step(&f, false, 0);
	settle(&f);
	ok(finder_index(&f) == 2, "count %s/%zu: the next is 2/5", what, slice);
	finder_step(&f, false, 0);
	settle(&f);
	ok(f.have_cur && !filter_holds(flt, f.cur_start) && finder_index(&f) == 0,
	    "count %s/%zu: a hidden match has no number", what, slice);
	for (int k = 0; k < 3; k++) {
		finder_step(&f, false, 0);
		settle(&f);
	}
	ok(f.have_cur && f.cur_start == 25, "count %s/%zu: on to the third line", what, slice);
	ok(finder_index(&f) == 3, "count %s/%zu: which is 3/5", what, slice);
	finder_set_filter(&f, NULL);
	settle(&f);
	ok(f.total == 10, "count %s/%zu: without the filter, all 10 count", what, slice);
	ok(finder_index(&f) == 6, "count %s/%zu: and the match is 6/10", what, slice);
	finder_free(&f);
	filter_free(flt);
	article_free(a);
}

/* A count of a pattern found every other byte, and a backward find of it,
 * stop between matches when their budget is spent, rather than at the end
 * of their slice. */
static void
test_count_budget(void)
{
	size_t size = 1u << 20;
	char *buf = xmalloc(size);
	struct article *a;
	struct finder f;

	for (size_t i = 0; i < size; i++)
		buf[i] = i % 64 == 63 ? '\n' : i % 2 == 0 ? 'm' : ' ';
	a = article_from_buffer("m.txt", buf, size);
	for (int regex = 0; regex <= 1; regex++) {
		finder_init(&f);
		finder_start(&f, a, pattern(regex ? "x|m" : "m", regex), false, 0, true);
		finder_work(&f, 0);
		ok(f.have_cur && f.cur_start == 0, "budget %d: the first match is found", regex);
		finder_work(&f, 0);
		ok(f.counting && f.total > 0 && f.total <= 64,
		    "budget %d: a budget of 0 counts a few matches (%zu), not the slice", regex,
		    f.total);
		settle(&f);
		ok(f.total == size / 2, "budget %d: the count goes on to the end (%zu)", regex,
		    f.total);
		finder_start(&f, a, pattern(regex ? "x|m" : "m", regex), true, size, true);
		finder_work(&f, 0);
		ok(!f.have_cur && f.back_busy && f.back_at < 4096,
		    "budget %d: a backward step with a budget of 0 stops after a few matches",
		    regex);
		settle(&f);
		ok(f.have_cur && f.cur_start == size - 2,
		    "budget %d: and goes on to the last match", regex);
		finder_free(&f);
	}
	article_free(a);
	free(buf);
}

static void
test_count(void)
{
	count_under(false, 0);
	count_under(true, 0);
	count_under(false, 4);
	count_under(true, 4);
	test_count_budget();
}

int
main(void)
{
	test_plain();
	test_document();
	test_grew();
	test_position();
	test_huge();
	test_count();
	return tap_done();
}
