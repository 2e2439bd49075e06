#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "finder.h"
#include "index.h"
#include "library.h"
#include "scan.h"
#include "search.h"
#include "snippet.h"
#include "timing.h"
#include "xmalloc.h"

/* Bytes of one article searched between looks at the clock. */
#define SLICE (1u << 20)
/* Hits of one article looked at for a snippet that is not its title. */
#define SNIPPET_TRIES 4

void
scan_init(struct scan *s)
{
	memset(s, 0, sizeof *s);
}

void
scan_clear(struct scan *s)
{
	struct index *ix = s->index;
	bool tried = s->index_tried;

	search_free(s->pat);
	free(s->hits);
	free(s->listed);
	free(s->in_title);
	for (size_t e = 0; s->snippets != NULL && e < s->n; e++)
		snippet_free(s->snippets[e]);
	free(s->snippets);
	doc_free(s->open);
	article_window_free(&s->win);
	scan_init(s);
	s->index = ix;
	s->index_tried = tried;
}

void
scan_free(struct scan *s)
{
	scan_clear(s);
	index_free(s->index);
	scan_init(s);
}

void
scan_start_indexed(struct scan *s, const struct library *lib, const char *text,
    const struct search_options *so, struct search_pattern *pat, const struct doc_options *o)
{
	scan_start(s, lib, pat, o);
	if (s->index != NULL && !index_same_options(s->index, &s->opts)) {
		index_free(s->index);
		s->index = NULL;
		s->index_tried = false;
	}
	if (!s->index_tried) {
		s->index_tried = true;
		s->index = index_open(lib, &s->opts, false, false, NULL);
	} else if (s->index != NULL) {
		/* Files may have changed, the list may have been scanned again. */
		index_sync(s->index, lib);
	}
	index_query(s->index, text, strlen(text), so, pat, NULL);
	s->index_adds = index_keeps_up(s->index);
}

void
scan_start(struct scan *s, const struct library *lib, struct search_pattern *pat,
    const struct doc_options *o)
{
	scan_clear(s);
	if (o != NULL)
		s->opts = *o;
	else
		doc_options_init(&s->opts), s->opts.raw = true;
	s->pat = pat;
	/* A slow regular expression gives the slice back in time (search.h). */
	search_set_budget(pat, 3000);
	s->n = lib->n;
	s->hits = xcalloc(lib->n + 1, sizeof *s->hits);
	s->listed = xcalloc(lib->n + 1, sizeof *s->listed);
	s->in_title = xcalloc(lib->n + 1, sizeof *s->in_title);
	s->snippets = xcalloc(lib->n + 1, sizeof *s->snippets);
	if (search_is_empty(pat))
		s->next = lib->n;
}

bool
scan_busy(const struct scan *s)
{
	return s->pat != NULL && s->next < s->n;
}

/* Keeps the text around the match [ms, me) of a as the snippet of the
 * entry being scanned, unless it is only its title. */
static void
keep_snippet(struct scan *s, const struct article *a, const char *title, size_t ms, size_t me)
{
	struct article_window w = { 0 };
	size_t from = ms > SNIPPET_CONTEXT ? ms - SNIPPET_CONTEXT : 0, len;
	size_t to = me + SNIPPET_CONTEXT < a->size ? me + SNIPPET_CONTEXT : a->size;
	const char *p = article_window(a, &w, from, to, &len);

	if (p != NULL && len >= me - from)
		s->snippets[s->next] =
		    snippet_make(p, len < to - from ? len : to - from, ms - from, me - from);
	article_window_free(&w);
	/* A hit in the title line says nothing the row does not. */
	if (s->snippets[s->next] != NULL && strcmp(s->snippets[s->next]->text, title) == 0) {
		snippet_free(s->snippets[s->next]);
		s->snippets[s->next] = NULL;
	}
}

/* Counts matches in the next slice of the open article; returns whether
 * the article is finished. */
static bool
count_slice(struct scan *s, const char *title)
{
	const struct article *a = s->open->view;
	size_t lim = s->pos + SLICE < a->size ? s->pos + SLICE : a->size, ms, me;

	while (lim < a->size && ((unsigned char)a->data[lim] & 0xC0) == 0x80)
		lim++;
	while (s->pos < lim && finder_find_in(a, &s->win, s->pat, s->pos, lim, &ms, &me)) {
		if (s->snippets[s->next] == NULL && s->hits[s->next] < SNIPPET_TRIES)
			keep_snippet(s, a, title, ms, me);
		s->hits[s->next]++;
		if (s->listed[s->next]++ == 0)
			s->matched++;
		s->pos = me;
	}
	s->pos = s->pos < lim && search_stopped(s->pat) ? ms : lim;
	return s->pos >= a->size;
}

/* An own title is not in the file: its matches list the article, but
 * are no place a search of the file could go to. */
static void
count_own_title(struct scan *s, const struct entry *e)
{
	size_t k;
	const char *t = library_title(e);

	s->in_title[s->next] = search_count(s->pat, t, strlen(t)) > 0;
	if (e->own_title == NULL ||
	    (k = search_count(s->pat, e->own_title, strlen(e->own_title))) == 0)
		return;
	if (s->listed[s->next] == 0)
		s->matched++;
	s->listed[s->next] += k;
}

bool
scan_work(struct scan *s, const struct library *lib, long budget_us)
{
	long deadline = timing_now_us() + budget_us;
	size_t before = s->matched;

	while (scan_busy(s)) {
		if (s->open == NULL && !index_may_match(s->index, s->next)) {
			count_own_title(s, &lib->entries[s->next]);
			s->next++;
			continue;
		}
		if (s->open == NULL) {
			char *err = NULL;
			/* Standard input is searched as far as it has come. */
			struct article *a = library_open(
			    lib, s->next, (lib->entries[s->next].flags & ENTRY_STDIN) != 0, &err);

			count_own_title(s, &lib->entries[s->next]);
			s->pos = 0;
			free(err);
			if (a == NULL) {
				s->next++;
				continue;
			}
			s->open = doc_open(a, &s->opts);
			if (s->index_adds)
				index_add(s->index, s->next, s->open);
		}
		if (count_slice(s, library_title(&lib->entries[s->next]))) {
			doc_free(s->open);
			s->open = NULL;
			s->next++;
		}
		if (timing_now_us() >= deadline)
			break;
	}
	index_commit(s->index);
	return s->matched != before;
}
