#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "doc.h"
#include "dump.h"
#include "filter.h"
#include "index.h"
#include "info.h"
#include "layout.h"
#include "library.h"
#include "msg.h"
#include "search.h"
#include "xmalloc.h"

static const char *
path_of(const struct doc *d)
{
	return d->source->path;
}

/* Writes raw bytes as safe text on one output line. */
static void
put_safe(FILE *out, const char *s, size_t n)
{
	char *safe = article_safe_line(s, n);

	fputs(safe, out);
	free(safe);
}

int
dump_list(struct library *lib, const size_t *order, size_t n, FILE *out)
{
	if (order == NULL)
		n = lib->n;
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = &lib->entries[order != NULL ? order[i] : i];

		put_safe(out, e->path, strlen(e->path));
		putc('\t', out);
		fputs(library_title(e), out);
		putc('\n', out);
	}
	return 0;
}

void
dump_doc(struct doc *d, int width, FILE *out)
{
	struct layout *l = layout_create_with(d, width, &d->opts.layout);
	struct dline cur, next;
	size_t n;
	const struct doc_link *links;

	layout_line_at(l, 0, &cur);
	for (;;) {
		if (cur.lead != NULL)
			fwrite(cur.lead, 1, cur.lead_len, out);
		fwrite(cur.text, 1, cur.len, out);
		putc('\n', out);
		if (!layout_next(l, &cur, &next))
			break;
		cur = next;
	}
	layout_free(l);
	/* A rendered document's links end it, numbered, as w3m -dump does. */
	links = d->rendered ? doc_links(d, &n) : NULL;
	if (links != NULL && n > 0) {
		fputs("\nReferences\n\n", out);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "[%zu] %s\n", i + 1, links[i].target);
	}
}

/* Opens entry i, or says why not on err and records the error. */
static struct article *
open_article(const struct library *lib, size_t i, FILE *err, int *status)
{
	char *msg = NULL;
	struct article *a = library_open(lib, i, false, &msg);

	if (a == NULL) {
		msg_warn(err, "%s", msg);
		free(msg);
		*status = 2;
	} else if (a->notice != NULL) {
		/* Read in part (damaged, or cut at the limit): shown, and said. */
		msg_warn(err, "%s: %s", lib->entries[i].path, a->notice);
		*status = 2;
	}
	return a;
}

/* Entry i as a document made with o; its notice, if any, goes to err.
 * With titled, its title line is found (the layout shows it as one); a
 * search, which shows no layout, spares that. */
static struct doc *
open_doc(const struct library *lib, size_t i, const struct doc_options *o, bool titled, FILE *err,
    int *status)
{
	struct article *a = open_article(lib, i, err, status);
	struct doc *d;

	if (a == NULL)
		return NULL;
	if (titled)
		article_find_title(a, lib->skip);
	d = doc_open(a, o);
	if (d->notice != NULL)
		msg_warn(err, "%s: %s", lib->entries[i].path, d->notice);
	return d;
}

static struct doc *
open_entry(const struct library *lib, size_t i, const struct doc_options *o, FILE *err, int *status)
{
	return open_doc(lib, i, o, true, err, status);
}

int
dump_articles(struct library *lib, const struct doc_options *o, FILE *out, FILE *err)
{
	int status = 0;

	for (size_t i = 0; i < lib->n; i++) {
		struct doc *d = open_entry(lib, i, o, err, &status);

		if (d == NULL)
			continue;
		if (i > 0)
			putc('\n', out);
		dump_doc(d, o->width, out);
		doc_free(d);
	}
	return status;
}

int
dump_filtered(struct library *lib, const struct doc_options *o, struct search_pattern *pat,
    FILE *out, FILE *err)
{
	int status = 0;
	bool any = false;

	for (size_t i = 0; i < lib->n; i++) {
		struct doc *d = open_entry(lib, i, o, err, &status);

		if (d == NULL)
			continue;
		/* Articles are apart by an empty line, as dump_articles has
		 * them; one with no match is left out. */
		if (filter_dump_doc(d, o->width, pat, any ? "\n" : "", out) > 0)
			any = true;
		doc_free(d);
	}
	return status != 0 ? status : any ? 0 : 1;
}

/* The view line (1-based) of view offset pos, counting on from line at
 * offset *from (both advanced to pos), so that walking a document's
 * positions in order costs one pass. */
static size_t
line_number(const struct article *v, size_t pos, size_t *from, size_t *line)
{
	const char *p = v->data + *from, *end = v->data + (pos < v->size ? pos : v->size);

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		(*line)++;
		p++;
	}
	*from = (size_t)(end - v->data);
	return *line;
}

int
dump_outline(struct library *lib, const struct doc_options *o, FILE *out, FILE *err)
{
	int status = 0;

	for (size_t i = 0; i < lib->n; i++) {
		struct doc *d = open_entry(lib, i, o, err, &status);
		size_t n, from = 0, line = 1;
		const struct doc_heading *h;

		if (d == NULL)
			continue;
		h = doc_outline(d, &n);
		for (size_t k = 0; k < n; k++) {
			put_safe(out, d->source->path, strlen(d->source->path));
			fprintf(out, "\t%d\t%zu\t%s\n", h[k].level,
			    line_number(d->view, h[k].pos, &from, &line), h[k].text);
		}
		doc_free(d);
	}
	return status;
}

int
dump_links(struct library *lib, const struct doc_options *o, FILE *out, FILE *err)
{
	int status = 0;

	for (size_t i = 0; i < lib->n; i++) {
		struct doc *d = open_entry(lib, i, o, err, &status);
		size_t n;
		const struct doc_link *l;

		if (d == NULL)
			continue;
		l = doc_links(d, &n);
		for (size_t k = 0; k < n; k++) {
			put_safe(out, d->source->path, strlen(d->source->path));
			fprintf(out, "\t%zu\t%s\t%s\n", k + 1, l[k].target, l[k].text);
		}
		doc_free(d);
	}
	return status;
}

int
dump_info(struct library *lib, int per_minute, FILE *out, FILE *err)
{
	int status = 0;

	for (size_t i = 0; i < lib->n; i++) {
		struct article *a = open_article(lib, i, err, &status);
		struct info in;

		if (a == NULL)
			continue;
		if (i > 0)
			putc('\n', out);
		info_of_article(a, false, &in);
		in.per_minute = per_minute;
		info_print(out, lib->entries[i].path, library_title(&lib->entries[i]), &in);
		article_free(a);
	}
	return status;
}

/* Goes through the lines of a that hold a match, up to max of them:
 * prints each as "path:line:text", or with out NULL adds up their
 * matches in *matches.  Returns the number of lines. */
static size_t
search_lines(const struct article *a, const char *path, const struct search_pattern *pat,
    size_t max, size_t *matches, FILE *out)
{
	const char *d = a->data;
	size_t pos = 0, line = 1, counted = 0, hits = 0, ms, me;

	while (
	    hits < max && pos < a->size && search_find(pat, d, a->size, pos, a->size, &ms, &me)) {
		const char *p = memrchr(d, '\n', ms);
		size_t ls = p != NULL ? (size_t)(p - d) + 1 : 0;
		const char *q = memchr(d + ms, '\n', a->size - ms);
		size_t le = q != NULL ? (size_t)(q - d) : a->size;

		hits++;
		pos = le;
		if (out == NULL) {
			/* Counting: the other matches of the line count too. */
			for ((*matches)++;
			     me < le && search_find(pat, d, a->size, me, le, &ms, &me);)
				(*matches)++;
			continue;
		}
		/* Count the newlines between the last counted point and ls. */
		for (const char *c = d + counted; c < d + ls;) {
			const char *nl = memchr(c, '\n', (size_t)(d + ls - c));

			if (nl == NULL)
				break;
			line++;
			c = nl + 1;
		}
		counted = ls;
		put_safe(out, path, strlen(path));
		fprintf(out, ":%zu:", line);
		put_safe(out, d + ls, le > ls && d[le - 1] == '\r' ? le - ls - 1 : le - ls);
		putc('\n', out);
	}
	return hits;
}

int
dump_search(struct library *lib, const struct doc_options *o, const struct search_pattern *pat,
    enum dump_output what, size_t max_lines, struct index *ix, FILE *out, FILE *err)
{
	size_t total = 0;
	int status = 0;

	for (size_t i = 0; i < lib->n && max_lines > 0; i++) {
		struct doc *d;
		const struct article *a;
		size_t matches = 0, ms, me;

		/* The index (index.h) rules out what cannot match. */
		if (!index_may_match(ix, i))
			continue;
		if ((d = open_doc(lib, i, o, false, err, &status)) == NULL)
			continue;
		index_add(ix, i, d);
		/* What the reader shows is searched, named by its file. */
		a = d->view;
		if (what == DUMP_FILES) {
			if (search_find(pat, a->data, a->size, 0, a->size, &ms, &me)) {
				put_safe(out, path_of(d), strlen(path_of(d)));
				putc('\n', out);
				total++;
			}
		} else if (what == DUMP_COUNT) {
			if (max_lines == SIZE_MAX)
				matches = search_count(pat, a->data, a->size);
			else
				search_lines(a, path_of(d), pat, max_lines, &matches, NULL);
			if (matches > 0) {
				put_safe(out, path_of(d), strlen(path_of(d)));
				fprintf(out, ":%zu\n", matches);
			}
			total += matches;
		} else {
			total += search_lines(a, d->source->path, pat, max_lines, &matches, out);
		}
		doc_free(d);
	}
	if (status != 0)
		return status;
	return total > 0 ? 0 : 1;
}
